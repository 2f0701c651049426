/* Our wasm-rt, part 4: funcref and externref tables, carved from static pools (no allocator in
 * firmware). A pool is a bump allocator that rewinds when its last table is freed, which fits how
 * the runtime uses modules: instantiate, run, free, instantiate again. A table can grow in place
 * only while it is the newest one in its pool; otherwise table.grow returns -1.
 * RT_FUNCREF_POOL / RT_EXTERNREF_POOL are the element budgets: AssemblyScript modules have one
 * small funcref table (its indirect-call targets), so a few thousand is ample. */
#include "platform.h"
#include "rt.h"
#include "wasm-rt.h"

#ifndef RT_FUNCREF_POOL
#define RT_FUNCREF_POOL 8192
#endif
#ifndef RT_EXTERNREF_POOL
#define RT_EXTERNREF_POOL 1024
#endif

/* Reservation: a table owns [start, start + cap) of its pool, cap = min(max, what is left). */
#define DEFINE_TABLE(type, POOL)                                                               \
  static wasm_rt_##type##_t type##_pool[POOL];                                                 \
  static uint32_t type##_used, type##_live;                                                    \
                                                                                               \
  void wasm_rt_allocate_##type##_table(wasm_rt_##type##_table_t *t, uint32_t elements,        \
                                       uint32_t max_elements) {                               \
    t->data = 0;                                                                               \
    t->size = 0;                                                                               \
    t->max_size = max_elements;                                                                \
    if (elements > POOL - type##_used) rt_trap(RT_TRAP_NO_MEMORY);                             \
    t->data = &type##_pool[type##_used];                                                       \
    for (uint32_t i = 0; i < elements; i++) t->data[i] = wasm_rt_##type##_null_value;         \
    t->size = elements;                                                                        \
    type##_used += elements;                                                                   \
    type##_live++;                                                                             \
  }                                                                                            \
                                                                                               \
  uint32_t wasm_rt_grow_##type##_table(wasm_rt_##type##_table_t *t, uint32_t delta,           \
                                       wasm_rt_##type##_t init) {                             \
    uint32_t old = t->size;                                                                    \
    uint64_t want = (uint64_t)old + delta;                                                     \
    if (delta == 0) return old;                                                                \
    if (want > t->max_size || !t->data) return UINT32_MAX;                                     \
    /* in place only at the end of the pool */                                                 \
    if (t->data + old != &type##_pool[type##_used] || delta > POOL - type##_used)              \
      return UINT32_MAX;                                                                       \
    for (uint32_t i = old; i < want; i++) t->data[i] = init;                                   \
    type##_used += delta;                                                                      \
    t->size = (uint32_t)want;                                                                  \
    return old;                                                                                \
  }                                                                                            \
                                                                                               \
  void wasm_rt_free_##type##_table(wasm_rt_##type##_table_t *t) {                             \
    if (t->data && type##_live && --type##_live == 0) type##_used = 0;                         \
    t->data = 0;                                                                               \
    t->size = 0;                                                                               \
  }

DEFINE_TABLE(funcref, RT_FUNCREF_POOL)
DEFINE_TABLE(externref, RT_EXTERNREF_POOL)
