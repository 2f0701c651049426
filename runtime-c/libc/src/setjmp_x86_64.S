/* rt_setjmp / rt_longjmp for x86-64 System V; layout in libc/include/setjmp.h.
 *
 *   rt_setjmp(rdi = buf)          -> eax = 0, after saving rbx rbp r12-r15 rsp rip
 *   rt_longjmp(rdi = buf, esi = v) -> returns from rt_setjmp again with eax = v (1 if v == 0)
 */
	.text
	.globl rt_setjmp
	.type rt_setjmp, @function
rt_setjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx      /* the caller's rsp once we have returned */
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx       /* our return address */
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret
	.size rt_setjmp, .-rt_setjmp

	.globl rt_longjmp
	.type rt_longjmp, @function
rt_longjmp:
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax               /* setjmp must never appear to return 0 twice */
1:
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.size rt_longjmp, .-rt_longjmp

	.section .note.GNU-stack,"",@progbits
