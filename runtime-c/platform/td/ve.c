/* ve.h. Register effects follow the instructions' architectural behaviour in 64-bit mode (SDM
 * vol. 2): CPUID and RDMSR write 32-bit registers, which zero-extend into the 64-bit ones; IN
 * with a 1- or 2-byte operand merges into AL/AX, a 4-byte IN zero-extends into RAX. */
#include <stdbool.h>
#include "ve.h"

#define GHCI_SUCCESS 0u
#define MAX_INSN_LEN 15u /* SDM vol. 2 2.3.11 */

void ve_info_from_regs(const struct td_regs *out, struct ve_info *vi) {
  vi->exit_reason = (uint32_t)out->rcx;
  vi->qual = out->rdx;
  vi->gla = out->r8;
  vi->gpa = out->r9;
  vi->insn_len = (uint32_t)out->r10;
  vi->insn_info = (uint32_t)(out->r10 >> 32);
}

/* One TDG.VP.VMCALL with R12..R15 as arguments; false unless both TDCALL and GHCI succeeded. */
static bool vmcall(ve_tdcall_fn call, void *ctx, uint64_t fn, uint64_t r12, uint64_t r13, uint64_t r14, uint64_t r15,
                   struct td_regs *out) {
  *out = (struct td_regs){0};
  out->rax = TDG_VP_VMCALL;
  out->rcx = VMCALL_EXPOSE_R10_R15;
  out->r11 = fn;
  out->r12 = r12;
  out->r13 = r13;
  out->r14 = r14;
  out->r15 = r15;
  return call(ctx, out) == TDX_SUCCESS && out->r10 == GHCI_SUCCESS;
}

static enum ve_status emulate_io(struct td_regs *g, uint64_t q, ve_tdcall_fn call, void *ctx) {
  if (q & (VE_IO_STRING | VE_IO_REP)) return VE_UNSUPPORTED; /* INS/OUTS: this firmware has none */
  uint32_t size = (uint32_t)(q & VE_IO_SIZE_MASK) + 1;
  if (size != 1 && size != 2 && size != 4) return VE_BAD_INFO;
  uint16_t port = (uint16_t)(q >> VE_IO_PORT_SHIFT);
  uint64_t mask = size == 4 ? 0xFFFFFFFFull : (1ull << (8 * size)) - 1;
  struct td_regs r;
  if (!(q & VE_IO_IN)) {
    vmcall(call, ctx, VMCALL_IO, size, 1, port, g->rax & mask, &r); /* a lost OUT is a lost OUT */
    return VE_DONE;
  }
  /* A failed IN reads as all ones, as a read from a port nothing decodes does. */
  uint64_t v = vmcall(call, ctx, VMCALL_IO, size, 0, port, 0, &r) ? r.r11 & mask : mask;
  g->rax = size == 4 ? v : (g->rax & ~mask) | v;
  return VE_DONE;
}

enum ve_status ve_emulate(struct td_regs *g, uint64_t rflags, const struct ve_info *vi, ve_tdcall_fn call, void *ctx) {
  if (vi->insn_len == 0 || vi->insn_len > MAX_INSN_LEN) return VE_BAD_INFO;
  struct td_regs r;
  switch (vi->exit_reason) {
  case VE_EXIT_CPUID:
    if (!vmcall(call, ctx, VMCALL_CPUID, (uint32_t)g->rax, (uint32_t)g->rcx, 0, 0, &r)) return VE_VMM_FAILED;
    g->rax = (uint32_t)r.r12;
    g->rbx = (uint32_t)r.r13;
    g->rcx = (uint32_t)r.r14;
    g->rdx = (uint32_t)r.r15;
    return VE_DONE;
  case VE_EXIT_HLT:
    /* R12 = 1 when the guest halted with interrupts blocked (tdx-abi.md 4.3). */
    vmcall(call, ctx, VMCALL_HLT, (rflags & RFLAGS_IF) ? 0 : 1, 0, 0, 0, &r);
    return VE_DONE;
  case VE_EXIT_IO:
    return emulate_io(g, vi->qual, call, ctx);
  case VE_EXIT_RDMSR:
    /* A refused MSR would be #GP on bare metal; here that is a firmware bug: report it. */
    if (!vmcall(call, ctx, VMCALL_RDMSR, (uint32_t)g->rcx, 0, 0, 0, &r)) return VE_VMM_FAILED;
    g->rax = (uint32_t)r.r11;
    g->rdx = (uint32_t)(r.r11 >> 32);
    return VE_DONE;
  case VE_EXIT_WRMSR: {
    uint64_t v = (uint64_t)(uint32_t)g->rdx << 32 | (uint32_t)g->rax;
    if (!vmcall(call, ctx, VMCALL_WRMSR, (uint32_t)g->rcx, v, 0, 0, &r)) return VE_VMM_FAILED;
    return VE_DONE;
  }
  default:
    /* EPT violations (MMIO) included: device registers are reached only through mmio.h. */
    return VE_UNSUPPORTED;
  }
}

const char *ve_status_name(enum ve_status s) {
  switch (s) {
  case VE_DONE: return "done";
  case VE_UNSUPPORTED: return "not emulated";
  case VE_BAD_INFO: return "implausible #VE info";
  case VE_VMM_FAILED: return "TDG.VP.VMCALL failed";
  }
  return "?";
}
