/* #VE emulation (tdx-abi.md 4.4): decoding TDG.VP.VEINFO.GET's output and emulating the
 * instruction that raised the #VE through TDG.VP.VMCALL sub-functions (tdx-abi.md 4.3). Pure:
 * the TDCALL is a parameter, so the host unit tests drive it with a fake VMM
 * (test/firmware/native/td_units.c). traps.c is the only caller in the firmware. */
#ifndef VE_H
#define VE_H

#include <stdint.h>
#include "tdcall.h"

/* Exit reasons (tdx-abi.md 4.4). */
#define VE_EXIT_CPUID   10u
#define VE_EXIT_HLT     12u
#define VE_EXIT_IO      30u
#define VE_EXIT_RDMSR   31u
#define VE_EXIT_WRMSR   32u
#define VE_EXIT_EPT     48u

/* I/O exit qualification (tdx-abi.md 4.4). */
#define VE_IO_SIZE_MASK 0x7u   /* size - 1 */
#define VE_IO_IN        (1u << 3)
#define VE_IO_STRING    (1u << 4)
#define VE_IO_REP       (1u << 5)
#define VE_IO_PORT_SHIFT 16

#define RFLAGS_IF (1ull << 9)

/* TDG.VP.VEINFO.GET outputs (tdx-abi.md 4.1 leaf 3). */
struct ve_info {
  uint32_t exit_reason;
  uint64_t qual;      /* exit qualification */
  uint64_t gla, gpa;
  uint32_t insn_len;
  uint32_t insn_info;
};

enum ve_status {
  VE_DONE = 0,        /* emulated: the caller advances RIP by insn_len */
  VE_UNSUPPORTED,     /* an exit this firmware does not emulate (MMIO, string I/O, ...) */
  VE_BAD_INFO,        /* the TDX module's info is not plausible (instruction length, I/O size) */
  VE_VMM_FAILED,      /* TDG.VP.VMCALL failed where the instruction has no failure to report */
};

/* Executes one TDCALL on `r` (RAX = leaf) and returns the completion status in RAX. */
typedef uint64_t (*ve_tdcall_fn)(void *ctx, struct td_regs *r);

void ve_info_from_regs(const struct td_regs *out, struct ve_info *vi);
/* Emulates the instruction described by `vi` on the interrupted context's GPRs `g` (RFLAGS
 * `rflags`). Only `g` is changed, and only on VE_DONE. */
enum ve_status ve_emulate(struct td_regs *g, uint64_t rflags, const struct ve_info *vi, ve_tdcall_fn call, void *ctx);
const char *ve_status_name(enum ve_status s);

#endif
