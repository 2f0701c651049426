; Reset vector of migtd.bin: the last 32 KiB of the image (ResetVector region, GPA 0xFFFF8000).
; Built with `nasm -f bin`; every address below is absolute (org = IMG_RESET_VECTOR_BASE).
;
; Layout of the 32 KiB blob:
;   +0x0000  page-tables.asm  PML4, PDPT, 4 PDs: identity map of [0, 4 GiB) with 2 MiB pages
;   +0x6000  gdt.asm, real16.asm, flat32.asm, long64.asm (code and GDT)
;   ...      padding
;   -0x54    tail.asm: ResetVectorParams, OVMF GUIDed table, metadata pointer, 'VTF', reset code
;
; Two ways in (tdx-abi.md 2.1, 2.4): a TD starts every vCPU at 0xFFFFFFF0 in 32-bit protected
; mode; a plain machine starts the BSP there in 16-bit real mode with CS base 0xFFFF0000. The 16
; bytes at 0xFFFFFFF0 tell the two apart with CR0.PE and jump to flat32.asm or real16.asm.

%include "layout.inc"
%include "defs.inc"

        org     IMG_RESET_VECTOR_BASE

%include "page-tables.asm"
%include "gdt.asm"
%include "real16.asm"
%include "flat32.asm"
%include "long64.asm"

        times   (IMG_RESET_VECTOR_SIZE - TAIL_SIZE) - ($ - $$) db 0
%include "tail.asm"
%if ($ - $$) != IMG_RESET_VECTOR_SIZE
%error "reset vector blob is not exactly IMG_RESET_VECTOR_SIZE bytes"
%endif
