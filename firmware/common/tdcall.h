/* TDCALL leaves and TDG.VP.VMCALL sub-functions as named constants, the register block the one
 * assembly stub (tdcall.asm) works on, and the wrappers (tdx.c). Numbers: tdx-abi.md 4.1-4.3. */
#ifndef TDCALL_H
#define TDCALL_H

#include <stdbool.h>
#include <stdint.h>

/* GPR encoding order, identical to the import ABI's register block (docs/abi.md). */
struct td_regs {
  uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};
_Static_assert(sizeof(struct td_regs) == 128, "td_regs is the 128-byte register block");

/* TDCALL leaves (RAX). */
#define TDG_VP_VMCALL       0u
#define TDG_VP_INFO         1u
#define TDG_MR_RTMR_EXTEND  2u
#define TDG_VP_VEINFO_GET   3u
#define TDG_MR_REPORT       4u
#define TDG_MEM_PAGE_ACCEPT 6u

/* TDG.VP.VMCALL sub-functions (R11, with R10 = 0). */
#define VMCALL_CPUID       10u
#define VMCALL_HLT         12u
#define VMCALL_IO          30u
#define VMCALL_RDMSR       31u
#define VMCALL_WRMSR       32u
#define VMCALL_MMIO        48u
#define VMCALL_MAPGPA      0x10001u
#define VMCALL_SETUP_EVENT_NOTIFY 0x10004u

/* Registers exposed to the VMM: R10-R15 only; RBP (bit 5) never (tdx-abi.md 4.2). */
#define VMCALL_EXPOSE_R10_R15 0xFC00u
#define VMCALL_EXPOSE_FORBIDDEN ((1u << 0) | (1u << 1) | (1u << 4) | (1u << 5))

/* TDG.MEM.PAGE.ACCEPT completion codes (tdx-abi.md 3.2). */
#define TDX_SUCCESS                 0ull
#define TDX_PAGE_ALREADY_ACCEPTED   0x00000B0A00000000ull
#define TDX_PAGE_SIZE_MISMATCH      0xC0000B0B00000001ull
#define TDX_OPERAND_BUSY_CLASS      0x80000200ull /* RAX[63:32] */

/* tdcall.asm */
uint64_t td_call(struct td_regs *regs);
uint64_t td_call_sti(struct td_regs *regs);

/* vmcall-access.c: one port I/O or MMIO access by the VMM (VMCALL_IO or VMCALL_MMIO); all ones
 * when the VMCALL fails, like a missing device. */
uint64_t td_vmcall_access(uint32_t subfn, uint32_t size, bool write, uint64_t where, uint64_t data);

#endif
