/* Debug commands from the simulator (platform.h rt_debug_command). Command 1 calls the core's
 * `debug_arm_trap` export, present only in the debug build: it makes the next StartMigration
 * trap after being recorded as in flight, to exercise trap recovery end to end. The call runs
 * under its own guard because it happens inside an import; a trap here is only logged. */
#include "engine.h"
#include "rt.h"

#define DEBUG_ARM_TRAP 1u

static void log_str(uint32_t level, const char *s) {
  uint32_t n = 0;
  while (s[n]) n++;
  plat_log(level, s, n);
}

void rt_debug_command(uint32_t cmd) {
  const char *params;
  char result;
  if (cmd != DEBUG_ARM_TRAP) {
    log_str(2, "runtime: unknown debug command ignored");
    return;
  }
  int f = engine_find("debug_arm_trap", &params, &result);
  if (f < 0 || params[0] != 0) {
    log_str(2, "runtime: debug_arm_trap requested but the core has no such export");
    return;
  }
  uint64_t ignored;
  int trap = engine_call(f, 0, &ignored);
  if (trap) log_str(1, "runtime: debug_arm_trap trapped");
  else log_str(3, "runtime: debug trap armed");
}
