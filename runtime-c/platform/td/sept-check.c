/* SEPT_VE_DISABLE boot check (sept-check.h). */
#include "sept-check.h"

enum sept_check sept_ve_check(sept_tdcall_fn tdcall, void *ctx) {
  struct td_regs r = {.rax = TDG_VP_INFO};
  if (tdcall(ctx, &r) != TDX_SUCCESS) return SEPT_CHECK_NO_INFO;
  /* TDG.VP.INFO: RDX = TD ATTRIBUTES (tdx-abi.md 4.1). */
  return (r.rdx & TD_ATTR_SEPT_VE_DISABLE) ? SEPT_CHECK_OK : SEPT_CHECK_VE_ENABLED;
}

const char *sept_check_message(enum sept_check c) {
  switch (c) {
  case SEPT_CHECK_OK: return "ok";
  case SEPT_CHECK_NO_INFO: return "TDG.VP.INFO failed: cannot read the TD ATTRIBUTES";
  case SEPT_CHECK_VE_ENABLED: return "the TD runs without ATTRIBUTES.SEPT_VE_DISABLE";
  }
  return "unknown";
}
