/* Trap recovery (docs/abi.md "Trap recovery"): run the core's migtd_run; when it traps, log the
 * trap, throw the instance away together with what it owned in the runtime (shared buffers and
 * channels), instantiate a fresh core and run it again. The persist area survives, which is how
 * the new instance learns which requests were in flight. A core that keeps trapping (trap_limit
 * traps within trap_window_ms) is not restarted forever: the supervisor gives up loudly. */
#include "engine.h"
#include "migtd_abi.h"
#include "platform.h"
#include "rt.h"
#include "bounce.h"
#include "shared_pool.h"
#include "supervisor.h"

#define MAX_TRAP_LIMIT 64

static void log_line(uint32_t level, const char *a, const char *b) {
  char line[200];
  uint32_t n = 0;
  for (const char *s = a; *s && n < sizeof line; s++) line[n++] = *s;
  for (const char *s = b; s && *s && n < sizeof line; s++) line[n++] = *s;
  plat_log(level, line, n);
}

static char *put_u32(char *p, uint32_t v) {
  char tmp[10];
  int n = 0;
  do tmp[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (n) *p++ = tmp[--n];
  *p = 0;
  return p;
}

void rt_instance_gone(void) {
  pool_reset();
  bounce_reset();
  plat_chan_close_all();
}

int rt_supervise(const struct rt_supervisor_config *cfg) {
  uint32_t limit = cfg && cfg->trap_limit ? cfg->trap_limit : 5;
  uint32_t window = cfg && cfg->trap_window_ms ? cfg->trap_window_ms : 10000;
  uint64_t trap_times[MAX_TRAP_LIMIT];
  uint32_t traps = 0;
  if (limit > MAX_TRAP_LIMIT) limit = MAX_TRAP_LIMIT;

  int t = engine_init();
  if (t) {
    log_line(1, "runtime: cannot load the core: ", engine_trap_name(t));
    return RT_EXIT_NO_ENGINE;
  }
  for (;;) {
    const char *params;
    char result;
    uint64_t rc = 0;
    const char *stage = "instantiating the core";
    t = engine_instantiate();
    if (t == 0) {
      int run = engine_find("migtd_run", &params, &result);
      if (run < 0 || params[0] != 0 || result != 'i') {
        log_line(1, "runtime: the core has no export migtd_run () -> i32", 0);
        engine_free();
        return RT_EXIT_NO_RUN;
      }
      stage = "in migtd_run";
      t = engine_call(run, 0, &rc);
    }
    if (t == 0) {
      engine_free();
      return (int)(int32_t)rc;
    }
    log_line(1, "runtime: core trapped ", stage);
    log_line(1, "runtime: trap: ", engine_trap_name(t));
    engine_free();
    rt_instance_gone();

    /* Sliding window over the last `limit` trap times. */
    uint64_t now = plat_now_ms();
    if (traps == limit) {
      for (uint32_t i = 1; i < limit; i++) trap_times[i - 1] = trap_times[i];
      traps--;
    }
    trap_times[traps++] = now;
    if (traps == limit && now - trap_times[0] < window) {
      char what[64], *p = what;
      p = put_u32(p, limit);
      for (const char *s = " traps within "; *s; s++) *p++ = *s;
      p = put_u32(p, window);
      for (const char *s = " ms"; *s; s++) *p++ = *s;
      *p = 0;
      log_line(1, "runtime: giving up, the core keeps trapping: ", what);
      return RT_EXIT_TRAP_STORM;
    }
    log_line(2, "runtime: re-instantiating the core", 0);
  }
}
