/* Payload entry, called by the shim (shim/src/payload.c) on the PayloadStack:
 *
 *   payload_entry(RDI = struct boot_info *)
 *
 * Prints the banner, then hands over to the runtime. */
#include "platform.h"

#ifndef MIGTD_VERSION
#error "MIGTD_VERSION must be defined by the build (package.json version)"
#endif

struct platform g_platform;

__attribute__((section(".text.entry"), noreturn, used))
void payload_entry(const struct boot_info *bi) {
  g_platform.boot = bi;
  g_platform.tdx = (bi->flags & 1u) != 0;
  console_init();
  console_puts("MigTD Version - " MIGTD_VERSION "\n");
  cpu_idle_forever();
}
