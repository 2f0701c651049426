/* clock(): microseconds of the platform's monotonic clock (see include/time.h). */
#include <time.h>

#include "platform.h"

clock_t clock(void) { return (clock_t)(plat_now_ms() * (CLOCKS_PER_SEC / 1000)); }
