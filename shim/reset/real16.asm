; Legacy (non-TD) entry: the BSP of a plain machine, 16-bit real mode, CS base 0xFFFF0000.
;
; In:  nothing (reset state)
; Out: jumps to Flat32Legacy in 32-bit protected mode with CS = SEL_CODE32, interrupts off.
; Clobbers: EAX.

        bits    16
Real16Entry:
        cli
        cld
        [warning -number-overflow]          ; the offset is an unsigned 16-bit value
        o32 lgdt [cs:(GdtPtr - 0xFFFF0000)]
        [warning *number-overflow]
        mov     eax, cr0
        or      eax, CR0_PE
        mov     cr0, eax
        jmp     dword SEL_CODE32:Flat32Legacy
