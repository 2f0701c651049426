; Interrupt and exception entry stubs; idt.c points the IDT gates at them (intr.h).
;
; Two kinds of entry:
;
; intr_exc_<n> (vectors 0..31) and intr_unexpected (every unused vector >= 32):
;   In:  the CPU's interrupt frame (RIP, CS, RFLAGS, RSP, SS) and, for vectors 8, 10-14, 17, 21,
;        29, 30, its error code (SDM vol. 3 6.13); interrupts blocked (interrupt gates).
;   Does: pushes a zero error code where the CPU pushes none, then the vector, then all 16 GPRs
;        so that they form a struct intr_frame (intr.h: GPRs in the td_regs order, then vector,
;        error code and the CPU frame); saves the x87/SSE state with FXSAVE64 in a 16-byte
;        aligned area below it, and calls intr_dispatch(RDI = frame). The handler may rewrite
;        the frame's GPRs and RIP (the #VE handler does); they are restored from it, then IRETQ.
;   Preserves: every GPR not rewritten by the handler, the x87/SSE state, RSP.
;
; intr_notify_50 / _51 / _52, intr_timer, intr_spurious (tiny, no C, no SSE):
;   In:  the CPU's interrupt frame (no error code).
;   Does: notify vectors set EV_SERVICE / EV_QUOTE / EV_CHANNEL in intr_pending with one locked
;        OR; notify and timer vectors then, once apic.c has enabled the x2APIC (intr_x2apic_eoi
;        != 0), write 0 to the EOI MSR 0x80B (virtualized in a TD, no #VE: tdx-abi.md 4.4); the
;        spurious vector returns without EOI (SDM vol. 3 10.9).
;   Preserves: every register (RAX, RCX, RDX are saved around WRMSR); flags via IRETQ.

        bits    64
        default rel
        section .text

        extern  intr_dispatch
        extern  intr_pending
        extern  intr_x2apic_eoi

; Events, as in runtime-c/include/migtd_abi.h (EV_SERVICE, EV_QUOTE, EV_CHANNEL).
%define EV_SERVICE      1
%define EV_QUOTE        2
%define EV_CHANNEL      4
%define MSR_X2APIC_EOI  0x80B

%macro EXC_NOERR 1
        global  intr_exc_%1:function hidden
intr_exc_%1:
        push    0
        push    %1
        jmp     intr_common
%endmacro

%macro EXC_ERR 1
        global  intr_exc_%1:function hidden
intr_exc_%1:
        push    %1
        jmp     intr_common
%endmacro

; Vectors whose exceptions push an error code (SDM vol. 3 table 6-1).
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
        EXC_ERR v
%else
        EXC_NOERR v
%endif
%assign v v + 1
%endrep

; Any other vector: reported once as unexpected (the vector number is not known here: 0x100).
        global  intr_unexpected:function hidden
intr_unexpected:
        push    0
        push    0x100
        jmp     intr_common

intr_common:
        push    r15
        push    r14
        push    r13
        push    r12
        push    r11
        push    r10
        push    r9
        push    r8
        push    rdi
        push    rsi
        push    rbp
        push    0                       ; RSP slot (the interrupted RSP is in the CPU frame)
        push    rbx
        push    rdx
        push    rcx
        push    rax
        mov     rbx, rsp                ; rbx = struct intr_frame * (callee-saved across the call)
        sub     rsp, 512
        and     rsp, -16
        fxsave64 [rsp]
        cld
        mov     rdi, rbx
        call    intr_dispatch
        fxrstor64 [rsp]
        mov     rsp, rbx
        pop     rax
        pop     rcx
        pop     rdx
        pop     rbx
        add     rsp, 8                  ; RSP slot
        pop     rbp
        pop     rsi
        pop     rdi
        pop     r8
        pop     r9
        pop     r10
        pop     r11
        pop     r12
        pop     r13
        pop     r14
        pop     r15
        add     rsp, 16                 ; vector, error code
        iretq

%macro NOTIFY 2
        global  intr_notify_%1:function hidden
intr_notify_%1:
        lock or dword [intr_pending], %2
        jmp     eoi_return
%endmacro

        NOTIFY  50, EV_SERVICE
        NOTIFY  51, EV_QUOTE
        NOTIFY  52, EV_CHANNEL

; The timer only has to end the HLT in plat_wait_event.
        global  intr_timer:function hidden
intr_timer:
eoi_return:
        cmp     byte [intr_x2apic_eoi], 0
        je      .done                   ; no APIC enabled: a software INT (debug.c self-test)
        push    rax
        push    rcx
        push    rdx
        mov     ecx, MSR_X2APIC_EOI
        xor     eax, eax
        xor     edx, edx
        wrmsr
        pop     rdx
        pop     rcx
        pop     rax
.done:
        iretq

        global  intr_spurious:function hidden
intr_spurious:
        iretq
