/* The engine interface: one instantiated Wasm module, whichever engine runs it (engine/w2c_*.c
 * for wasm2c, engine/wasm3_glue.c for wasm3). The supervisor (src/supervisor.c) and the native
 * test harness use only this. Plain C types, so hosted and freestanding code can include it.
 *
 * Values cross as raw 64-bit patterns: i32 in the low 32 bits, i64 as is, f32 as its bits in
 * the low 32 bits, f64 as its bits. Type letters: i = i32, I = i64, f = f32, F = f64, v = none.
 * Every call that can run Wasm code returns 0 or a trap code (rt_trap_name() describes it). */
#ifndef MIGTD_ENGINE_H
#define MIGTD_ENGINE_H

#include <stdint.h>

#include "platform.h"

int engine_init(void);        /* once per process: runtime + module setup */
int engine_instantiate(void); /* a fresh instance (runs the start function) */
void engine_free(void);       /* drops the instance; safe after a trap or a failed instantiate */

/* Looks up an exported function: its index, or -1. `params`/`result` get its type letters. */
int engine_find(const char *name, const char **params, char *result);
int engine_call(int index, const uint64_t *args, uint64_t *result);

/* The instance's exported memory (size 0 when it has none). */
void engine_memory(struct abi_mem *out);

const char *engine_trap_name(int code);
const char *engine_name(void);

#endif
