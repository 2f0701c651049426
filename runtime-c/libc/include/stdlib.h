/* Minimal <stdlib.h>: wasm-rt.h includes it; only abort() is used (as a fallback for
 * __builtin_unreachable). abort() ends in the platform's panic. */
#ifndef MINILIBC_STDLIB_H
#define MINILIBC_STDLIB_H
#include <stddef.h>

__attribute__((noreturn)) void abort(void);

#endif
