/* What the event log holds when the payload starts (migtd.md 5.3, tdx-abi.md 6.4):
 * td-shim's two separators (RTMR0, RTMR1), then MigTD's tagged events for what is enrolled:
 * V1 (SGX root CA in the CFV): policy (tag 1) and root CA (tag 2), both into RTMR2;
 * V2 (policy issuer chain in the CFV): issuer chain (tag 3) into RTMR1, then policy (tag 1,
 * data = its version string) into RTMR2. */
#ifndef MEASURE_H
#define MEASURE_H

#include <stddef.h>
#include <stdint.h>
#include "event-log.h"

/* Returns 0, or a negative step number: -1 log, -2 separators, -3 no policy in the CFV,
 * -4 neither a root CA nor an issuer chain in the CFV, -5 policy event, -6 root CA / issuer
 * chain event, -7 both a root CA and an issuer chain (which version is meant is unclear). */
int measure_boot(struct evlog *log, const uint8_t *cfv, size_t cfv_size);

#endif
