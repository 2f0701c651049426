/* Acceptance of unaccepted private memory (tdx-abi.md 3.2): 2 MiB pages where the range allows,
 * 4 KiB pages otherwise and wherever a 2 MiB accept reports PAGE_SIZE_MISMATCH. The TDCALL is a
 * callback so the walk runs in unit tests. */
#ifndef ACCEPT_H
#define ACCEPT_H

#include <stdint.h>

#define ACCEPT_LEVEL_4K 0u
#define ACCEPT_LEVEL_2M 1u
#define ACCEPT_BUSY_RETRIES 5u /* td-shim's bound for OPERAND_BUSY */

/* Issues TDG.MEM.PAGE.ACCEPT(gpa | level) and returns the TDX status (RAX). */
typedef uint64_t (*accept_fn)(void *ctx, uint64_t gpa, uint32_t level);

/* Accepts [start, end) (4 KiB aligned). Returns 0, or the first fatal TDX status. */
uint64_t accept_range(uint64_t start, uint64_t end, accept_fn accept, void *ctx);

#endif
