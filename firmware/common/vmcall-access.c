/* The GHCI register convention shared by TDG.VP.VMCALL<Instruction.IO> and <#VE.RequestMMIO>
 * (tdx-abi.md 4.3): R11 sub-function, R12 access size, R13 direction (1 = write), R14 port or
 * GPA, R15 data; R10 = 0 on success, R11 = the value read. */
#include "tdcall.h"

uint64_t td_vmcall_access(uint32_t subfn, uint32_t size, bool write, uint64_t where, uint64_t data) {
  struct td_regs r = {0};
  r.rax = TDG_VP_VMCALL;
  r.rcx = VMCALL_EXPOSE_R10_R15;
  r.r11 = subfn;
  r.r12 = size;
  r.r13 = write ? 1 : 0;
  r.r14 = where;
  r.r15 = data;
  if (td_call(&r) != TDX_SUCCESS || r.r10 != 0) return ~0ull; /* reads as "no device" */
  return r.r11;
}
