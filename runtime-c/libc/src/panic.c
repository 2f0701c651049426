/* abort() and __assert_fail(): both are runtime bugs (never the core's fault: the core's broken
 * invariants are traps), so they end in the platform's panic. */
#include <assert.h>
#include <stdlib.h>

#include "platform.h"

void abort(void) { plat_panic("abort", "", 0); }

void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func) {
  (void)func;
  plat_panic(expr, file, line);
}
