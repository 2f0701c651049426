; The last 0x54 bytes of the image (tdx-abi.md 1.1), starting at 0xFFFFFFAC.

        bits    32
ResetVectorParams:                      ; 0xFFFFFFAC, td-shim-private, informative here
        dd      0                       ; entry offset inside the Ipl region
        dd      IMG_IPL_BASE            ; Ipl image address
        dd      IMG_IPL_SIZE            ; Ipl image size

OvmfTable:                              ; 0xFFFFFFB8: OVMF GUIDed table, one entry
        dd      METADATA_DESCRIPTOR_FROM_END    ; TDX metadata offset, from the image end
        dw      22                      ; entry length: data + u16 + GUID
        ; e47a6535-984a-4798-865e-4685a7bf8ec2 (TDX metadata offset GUID)
        db      0x35, 0x65, 0x7A, 0xE4, 0x4A, 0x98, 0x98, 0x47
        db      0x86, 0x5E, 0x46, 0x85, 0xA7, 0xBF, 0x8E, 0xC2
        dw      40                      ; table length incl. this u16 and the footer GUID
        ; 96b582de-1fb2-45f7-baea-a366c55a082d (OVMF table footer GUID), ends at image end - 0x20
        db      0xDE, 0x82, 0xB5, 0x96, 0xB2, 0x1F, 0xF7, 0x45
        db      0xBA, 0xEA, 0xA3, 0x66, 0xC5, 0x5A, 0x08, 0x2D

        dd      METADATA_DESCRIPTOR_OFFSET      ; 0xFFFFFFE0: TDVF descriptor, from the image start
        dd      0x90909090              ; 0xFFFFFFE4: padding
        dd      0                       ; 0xFFFFFFE8
        db      'V', 'T', 'F', 0        ; 0xFFFFFFEC: volume-top-file signature

; 0xFFFFFFF0: the first instruction of both entries. The first three instructions encode the
; same in 16- and 32-bit mode (edk2 ResetVectorVtf0 trick, tdx-abi.md 2.4).
        bits    16
ResetVector:
        mov     eax, cr0                ; 0F 20 C0
        test    al, CR0_PE              ; A8 01
        jz      short .real             ; 74 05
        bits    32
        jmp     near Flat32Tdx          ; E9 rel32: TD, protected mode
        bits    16
.real:
        jmp     near Real16Entry        ; E9 rel16: real mode
        nop
