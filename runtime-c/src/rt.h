/* Engine-layer internals shared by wasm_rt_*.c, the import shims and the engine glue. */
#ifndef MIGTD_RT_H
#define MIGTD_RT_H

#include <stdint.h>

/* Trap codes: wasm_rt_trap_t values, plus runtime-defined ones above RT_TRAP_FIRST_OWN. */
enum {
  RT_TRAP_OOB = 1,        /* == WASM_RT_TRAP_OOB (checked in wasm_rt_trap.c) */
  RT_TRAP_FIRST_OWN = 32,
  RT_TRAP_NO_MEMORY = 32, /* the platform cannot provide a module's initial memory / table */
  RT_TRAP_NO_EXPORT = 33, /* the module lacks an export the runtime must call */
  RT_TRAP_MISALIGNED = 34, /* an import got a misaligned pointer that must be aligned */
};

/* Runs fn(arg) with a trap boundary: returns 0 when fn returned, else the trap code. Nests (an
 * import may call back into the module). Restores the call-depth counter on a trap. */
int rt_guard(void (*fn)(void *), void *arg);

/* Human-readable trap name (wasm_rt_strerror plus our own codes). */
const char *rt_trap_name(int code);

/* Stops the current guarded call with `code`. The import shims call it on a bad pointer. */
__attribute__((noreturn)) void rt_trap(int code);

#endif
