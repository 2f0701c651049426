/* The TDCALLs the shim issues, one wrapper per leaf over the shared stub (tdcall.asm). */
#include "shim.h"
#include "mem.h"
#include "tdcall.h"

uint64_t tdx_accept_page(void *ctx, uint64_t gpa, uint32_t level) {
  (void)ctx;
  struct td_regs r = {0};
  r.rax = TDG_MEM_PAGE_ACCEPT;
  r.rcx = gpa | level;
  return td_call(&r);
}

/* TDG.MR.RTMR.EXTEND: the digest must sit in private memory, 64-byte aligned (tdx-abi.md 4.1);
 * a stack buffer is private (TempStack is PAGE.ADDed) and identity-mapped. */
int tdx_rtmr_extend(void *ctx, uint32_t rtmr, const uint8_t digest[48]) {
  (void)ctx;
  uint8_t buf[64] __attribute__((aligned(64)));
  mem_copy(buf, digest, 48);
  struct td_regs r = {0};
  r.rax = TDG_MR_RTMR_EXTEND;
  r.rcx = (uint64_t)(uintptr_t)buf;
  r.rdx = rtmr;
  return td_call(&r) == TDX_SUCCESS ? 0 : -1;
}
