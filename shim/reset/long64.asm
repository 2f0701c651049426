; 64-bit: park APs, pick a stack, call the shim's C entry (first byte of the Ipl region).
;
; In:  EBP = boot mode, EDI = TD HOB GPA, ESI = VCPU index, EBX = GPA width (from flat32.asm).
; Out: shim_main(RDI = mode, RSI = TD HOB GPA, RDX = GPA width, RCX = VCPU index) on
;      RSP = TempStack top (TD: RAM is not accepted yet) or ShimStack top (legacy: the image is
;      ROM). shim_main does not return; if it does, the vCPU spins.

        bits    64
Long64:
        mov     ax, SEL_DATA
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     fs, ax
        mov     gs, ax

        mov     edi, edi                ; zero the upper halves: their value after the mode
        mov     esi, esi                ; switch is undefined
        mov     ebx, ebx
        mov     ebp, ebp

        cmp     ebp, BOOT_TDX
        jne     .legacy
        test    esi, esi                ; all 32 bits of VCPU_INDEX (tdx-abi.md 2.2 step 7)
        jnz     ParkAp
        mov     rsp, IMG_TEMP_STACK_BASE + IMG_TEMP_STACK_SIZE
        jmp     .call
.legacy:
        mov     rsp, RAM_SHIM_STACK_BASE + RAM_SHIM_STACK_SIZE
.call:
        mov     rcx, rsi                ; VCPU index
        mov     rdx, rbx                ; GPA width
        mov     rsi, rdi                ; TD HOB
        mov     edi, ebp                ; mode
        xor     ebp, ebp                ; end of frame chain
        mov     rax, IMG_IPL_BASE
        call    rax
.dead:
        pause
        jmp     .dead

; Application processors of a TD all start here too. They stay in this loop: the payload is
; single-threaded and never wakes them (HLT would raise #VE with no IDT yet).
ParkAp:
        pause
        jmp     ParkAp
