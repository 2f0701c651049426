; Identity map of [0, 4 GiB) with 2 MiB pages, built at assembly time (6 pages, read-only use).
; The payload replaces these with its own tables in RAM at boot (runtime-c/platform/td/shared.c), which carry the TDX shared bit on the shared pool.

%define PT_PML4     (IMG_RESET_VECTOR_BASE + 0x0000)
%define PT_PDPT     (IMG_RESET_VECTOR_BASE + 0x1000)
%define PT_PD(i)    (IMG_RESET_VECTOR_BASE + 0x2000 + (i) * 0x1000)

        ; PML4: entry 0 -> PDPT
        dq      PT_PDPT + (PTE_P | PTE_RW | PTE_A)
        times   511 dq 0

        ; PDPT: entries 0..3 -> one PD per GiB
%assign i 0
%rep 4
        dq      PT_PD(i) + (PTE_P | PTE_RW | PTE_A)
%assign i i + 1
%endrep
        times   508 dq 0

        ; 4 PDs, 2048 leaf entries of 2 MiB
%assign i 0
%rep 2048
        dq      (i << 21) + (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS)
%assign i i + 1
%endrep
