/* Minimal <setjmp.h> for x86-64 (System V): our own setjmp/longjmp (libc/src/setjmp_x86_64.S),
 * used by wasm_rt_trap to unwind to the trap boundary.
 *
 * The symbols are named rt_setjmp/rt_longjmp so the Linux build, which also links the host libc,
 * never mixes our jmp_buf with the host's. jmp_buf layout (8 x u64):
 *   [0] rbx  [1] rbp  [2] r12  [3] r13  [4] r14  [5] r15  [6] rsp (after return)  [7] rip
 * Only callee-saved state is kept; MXCSR and the x87 control word are not (Wasm code never
 * changes them). */
#ifndef MINILIBC_SETJMP_H
#define MINILIBC_SETJMP_H

typedef unsigned long long jmp_buf[8];

__attribute__((returns_twice)) int rt_setjmp(jmp_buf env);
__attribute__((noreturn)) void rt_longjmp(jmp_buf env, int val);

#define setjmp(env) rt_setjmp(env)
#define longjmp(env, val) rt_longjmp(env, val)

#endif
