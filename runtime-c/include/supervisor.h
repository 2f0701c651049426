/* The supervisor: runs the core's `migtd_run` and recovers from traps (docs/abi.md "Trap
 * recovery"). Engine- and platform-neutral; the platform's main calls it. */
#ifndef MIGTD_SUPERVISOR_H
#define MIGTD_SUPERVISOR_H

#include <stdint.h>

/* Exit statuses of rt_supervise besides migtd_run's own result (which is returned as is). */
#define RT_EXIT_NO_ENGINE 69  /* the engine could not load the module */
#define RT_EXIT_TRAP_STORM 70 /* the core kept trapping: trap_limit traps within trap_window_ms */
#define RT_EXIT_NO_RUN 71     /* the module has no `migtd_run () -> i32` export */

struct rt_supervisor_config {
  uint32_t trap_limit;     /* default 5: enough for a few unlucky requests, stops a crash loop */
  uint32_t trap_window_ms; /* default 10000 */
};

int rt_supervise(const struct rt_supervisor_config *cfg);

/* Releases what a discarded instance owned in the runtime: its shared buffers and channels (the
 * persist area and pending events stay). Called between instances. */
void rt_instance_gone(void);

#endif
