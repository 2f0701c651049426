; 32-bit protected mode -> long mode, shared by both entries.
;
; Flat32Tdx (TD entry, tdx-abi.md 2.1; the VMM-given values are untrusted):
;   In:  EBX = GPA width, ECX = TD HOB GPA (R8 holds the same), ESI = VCPU_INDEX, CR0.PE = 1,
;        EFER.LME already set by the TDX module.
; Flat32Legacy (from real16.asm):
;   In:  nothing.
; Both reach Long64 with:
;   EBP = boot mode (BOOT_TDX / BOOT_LEGACY), EDI = TD HOB GPA (0 legacy), ESI = VCPU index
;   (0 legacy), EBX = GPA width (0 legacy); paging on (page-tables.asm), CS = SEL_CODE64.
; Clobbers: EAX, ECX, EDX.

        bits    32
Flat32Tdx:
        mov     edi, ecx
        mov     ebp, BOOT_TDX
        lgdt    [GdtPtr]
        jmp     SEL_CODE32:Flat32Common

Flat32Legacy:
        xor     edi, edi
        xor     esi, esi
        xor     ebx, ebx
        mov     ebp, BOOT_LEGACY

Flat32Common:
        mov     ax, SEL_DATA
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
        mov     gs, ax
        mov     ss, ax

        mov     eax, CR4_PAE | CR4_MCE | CR4_OSFXSR | CR4_OSXMMEXCPT
        mov     cr4, eax
        mov     eax, PT_PML4
        mov     cr3, eax

        cmp     ebp, BOOT_TDX
        je      .efer_ready             ; a TD starts with LME set and may not write EFER
        mov     ecx, MSR_EFER
        rdmsr
        or      eax, EFER_LME
        wrmsr
.efer_ready:
        mov     eax, CR0_PG | CR0_WP | CR0_NE | CR0_MP | CR0_PE
        mov     cr0, eax
        jmp     SEL_CODE64:Long64
