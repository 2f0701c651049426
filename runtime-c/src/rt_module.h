/* What the generated per-module glue (scripts/native/gen.ts -> build/native/.../glue.c) gives
 * the wasm2c engine: lifecycle hooks over one statically allocated instance, and a table of its
 * exported functions with type letters (engine.h) and call thunks. */
#ifndef MIGTD_RT_MODULE_H
#define MIGTD_RT_MODULE_H

#include <stdint.h>

#include "platform.h"

struct rt_export {
  const char *name;
  const char *params; /* type letters */
  char result;        /* type letter, 'v' for none */
  void (*thunk)(const uint64_t *args, uint64_t *result);
};

struct rt_module {
  const char *name;
  void (*init_module)(void);
  void (*instantiate)(void); /* may trap (start function, memory) */
  void (*free)(void);
  void (*memory)(struct abi_mem *out);
  const struct rt_export *exports;
  uint32_t n_exports;
};

extern const struct rt_module rt_module;

/* Value conversions used by the thunks. */
static inline float rt_as_f32(uint64_t v) {
  union { uint32_t u; float f; } x = {(uint32_t)v};
  return x.f;
}
static inline double rt_as_f64(uint64_t v) {
  union { uint64_t u; double f; } x = {v};
  return x.f;
}
static inline uint64_t rt_of_f32(float f) {
  union { float f; uint32_t u; } x = {f};
  return x.u;
}
static inline uint64_t rt_of_f64(double f) {
  union { double f; uint64_t u; } x = {f};
  return x.u;
}

#endif
