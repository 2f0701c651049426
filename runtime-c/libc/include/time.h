/* Minimal <time.h>: clock() only, from the platform's monotonic clock (plat_now_ms). It is
 * elapsed time since an arbitrary start, not processor time: in the TD the core is the only
 * thing running, so the two coincide; an interpreter uses it only to time itself. */
#ifndef MINILIBC_TIME_H
#define MINILIBC_TIME_H
#include <stddef.h>

typedef long clock_t;
#define CLOCKS_PER_SEC 1000000L

clock_t clock(void) __asm__("rt_clock");

#endif
