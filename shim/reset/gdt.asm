; Flat GDT, in the top 64 KiB so real mode can reach it through CS (base 0xFFFF0000).
; It stays the GDT of the shim and of the payload until the payload loads its own.

        align   16
Gdt:
        dq      0                       ; 0x00 null
        dq      0x00CF93000000FFFF      ; 0x08 SEL_DATA:   base 0, limit 4 GiB, RW, G, D
        dq      0x00CF9B000000FFFF      ; 0x10 SEL_CODE32: base 0, limit 4 GiB, RX, G, D
        dq      0x00AF9B000000FFFF      ; 0x18 SEL_CODE64: RX, G, L
GdtEnd:

GdtPtr:
        dw      GdtEnd - Gdt - 1
        dd      Gdt
