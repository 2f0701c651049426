; The one TDCALL stub (STYLE 8). Every TDCALL leaf, TDG.VP.VMCALL included, goes through it over
; a register block; without TDX, tdx.c sends the same block to the simulator instead.
;
; td_call(regs), td_call_sti(regs)       System V, regs = struct td_regs * (tdcall.h):
;   In:  RDI = regs: 16 x u64 in GPR encoding order (RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
;        R8..R15). RAX, RCX, RDX, RBX, RSI, RDI, R8-R15 are loaded from it; the RSP and RBP
;        slots are ignored: RBP is never exposed to the VMM (tdx-abi.md 4.2, NO_RBP_MOD).
;   Out: the same registers written back to the block (RSP/RBP slots untouched); RAX = the
;        TDCALL completion status (also returned).
;   td_call_sti executes STI right before TDCALL, so a TDG.VP.VMCALL<HLT> sleeps with
;   interrupts enabled and wakes on the next one (the STI shadow covers the TDCALL).
;   Preserves RBX, RBP, R12-R15 (callee-saved) and RSP. Clobbers flags.

        bits    64
        default rel
        section .text

%macro TDCALL 0
        db      0x66, 0x0F, 0x01, 0xCC
%endmacro

%define R_RAX   0
%define R_RCX   8
%define R_RDX   16
%define R_RBX   24
%define R_RSI   48
%define R_RDI   56
%define R_R8    64
%define R_R9    72
%define R_R10   80
%define R_R11   88
%define R_R12   96
%define R_R13   104
%define R_R14   112
%define R_R15   120

%macro TD_CALL_BODY 1
        push    rbx
        push    rbp
        push    r12
        push    r13
        push    r14
        push    r15
        push    rdi                     ; the block pointer survives the call on the stack
        mov     rax, [rdi + R_RAX]
        mov     rcx, [rdi + R_RCX]
        mov     rdx, [rdi + R_RDX]
        mov     rbx, [rdi + R_RBX]
        mov     rsi, [rdi + R_RSI]
        mov     r8,  [rdi + R_R8]
        mov     r9,  [rdi + R_R9]
        mov     r10, [rdi + R_R10]
        mov     r11, [rdi + R_R11]
        mov     r12, [rdi + R_R12]
        mov     r13, [rdi + R_R13]
        mov     r14, [rdi + R_R14]
        mov     r15, [rdi + R_R15]
        mov     rdi, [rdi + R_RDI]
%if %1
        sti
%endif
        TDCALL
        xchg    rdi, [rsp]              ; rdi = block, [rsp] = output RDI
        mov     [rdi + R_RAX], rax
        mov     [rdi + R_RCX], rcx
        mov     [rdi + R_RDX], rdx
        mov     [rdi + R_RBX], rbx
        mov     [rdi + R_RSI], rsi
        mov     [rdi + R_R8],  r8
        mov     [rdi + R_R9],  r9
        mov     [rdi + R_R10], r10
        mov     [rdi + R_R11], r11
        mov     [rdi + R_R12], r12
        mov     [rdi + R_R13], r13
        mov     [rdi + R_R14], r14
        mov     [rdi + R_R15], r15
        pop     rcx
        mov     [rdi + R_RDI], rcx
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbp
        pop     rbx
        ret
%endmacro

        global  td_call:function hidden
td_call:
        TD_CALL_BODY 0

        global  td_call_sti:function hidden
td_call_sti:
        TD_CALL_BODY 1
