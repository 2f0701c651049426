/* Boot check: the TD must run with ATTRIBUTES.SEPT_VE_DISABLE (bit 28, tdx-abi.md 4.7). Without
 * it, a host that removes or blocks a private page makes the TD's next access to it a #VE
 * (EPT violation) instead of a TD exit: the #VE handler cannot fix it and the MigTD dies at a
 * moment of the host's choosing, possibly mid-handler. Pure over a TDCALL callback so the host
 * unit tests drive it (test/firmware/sept-check.test.ts). */
#ifndef SEPT_CHECK_H
#define SEPT_CHECK_H

#include <stdint.h>
#include "tdcall.h"

#define TD_ATTR_SEPT_VE_DISABLE (1ull << 28)

enum sept_check {
  SEPT_CHECK_OK = 0,
  SEPT_CHECK_NO_INFO,     /* TDG.VP.INFO failed: the attributes are unknown */
  SEPT_CHECK_VE_ENABLED,  /* SEPT_VE_DISABLE is clear */
};

typedef uint64_t (*sept_tdcall_fn)(void *ctx, struct td_regs *r);

enum sept_check sept_ve_check(sept_tdcall_fn tdcall, void *ctx);
const char *sept_check_message(enum sept_check c);

#endif
