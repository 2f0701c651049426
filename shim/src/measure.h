/* What the event log holds when the payload starts (migtd.md 5.3, tdx-abi.md 6.4):
 * td-shim's two separators (RTMR0, RTMR1), then MigTD's tagged events for the enrolled policy
 * (tag 1) and SGX root CA (tag 2), both into RTMR2. */
#ifndef MEASURE_H
#define MEASURE_H

#include <stddef.h>
#include <stdint.h>
#include "event-log.h"

/* Returns 0, or a negative step number: -1 log, -2 separators, -3 no policy in the CFV,
 * -4 no root CA in the CFV, -5 policy event, -6 root CA event. */
int measure_boot(struct evlog *log, const uint8_t *cfv, size_t cfv_size);

#endif
