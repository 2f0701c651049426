/* Debug commands from the simulator (platform.h rt_debug_command), each calling an export that
 * only the debug build has. Command 1, `debug_arm_trap`: the next StartMigration traps after
 * being recorded as in flight. Command 2, `debug_arm_intake_trap`: the next request the core
 * takes from the VMM traps as soon as its id is recorded, before it is copied or parsed (where a
 * failing memory.grow would strike first). Both exercise trap recovery end to end. The call runs
 * under its own guard because it happens inside an import; a trap here is only logged. */
#include "engine.h"
#include "rt.h"

#define DEBUG_ARM_TRAP 1u
#define DEBUG_ARM_INTAKE_TRAP 2u

static void log_str(uint32_t level, const char *s) {
  uint32_t n = 0;
  while (s[n]) n++;
  plat_log(level, s, n);
}

void rt_debug_command(uint32_t cmd) {
  const char *params;
  char result;
  const char *name = cmd == DEBUG_ARM_TRAP ? "debug_arm_trap" : cmd == DEBUG_ARM_INTAKE_TRAP ? "debug_arm_intake_trap" : 0;
  if (!name) {
    log_str(2, "runtime: unknown debug command ignored");
    return;
  }
  int f = engine_find(name, &params, &result);
  if (f < 0 || params[0] != 0) {
    log_str(2, "runtime: debug trap requested but the core has no such export");
    return;
  }
  uint64_t ignored;
  int trap = engine_call(f, 0, &ignored);
  if (trap) log_str(1, "runtime: debug trap arming trapped");
  else log_str(3, "runtime: debug trap armed");
}
