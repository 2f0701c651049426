/* Our wasm-rt (the runtime wasm2c's generated code calls into), part 1: lifecycle, function
 * types and trap names.
 *
 * Supported wasm-rt.h (wabt 1.0.32) features, across the wasm_rt_*.c files:
 *   - wasm_rt_init / wasm_rt_free / wasm_rt_is_initialized
 *   - wasm_rt_register_func_type (canonical indices for call_indirect signature checks)
 *   - wasm_rt_trap / wasm_rt_strerror; traps unwind with setjmp/longjmp to rt_guard()
 *   - explicit bounds checks only (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0, enforced below), so call
 *     depth is counted (wasm_rt_call_stack_depth, WASM_RT_MAX_CALL_STACK_DEPTH)
 *   - memories: allocate / grow / free, backed by the platform (plat_linear_alloc), 32-bit only
 *   - funcref and externref tables from a static pool (wasm_rt_table.c)
 *   - exceptions (register_tag, load_exception, throw, unwind targets), one active exception of
 *     at most RT_EXCEPTION_MAX bytes
 * Not supported: signal-handler bounds checks, memory64, shared memories/threads. */
#include <stdarg.h>
#include <stdbool.h>

#include "platform.h"
#include "rt.h"
#include "wasm-rt.h"

#if WASM_RT_MEMCHECK_SIGNAL_HANDLER
#error "build the engine with -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0: firmware has no guard pages"
#endif

static bool initialized;

void wasm_rt_init(void) { initialized = true; }
bool wasm_rt_is_initialized(void) { return initialized; }
void wasm_rt_free(void) { initialized = false; }

/* Function types: every distinct signature gets one index, shared by all modules, so funcrefs
 * compare by index. A module registers each of its types once per init_module. */
#define RT_MAX_FUNC_TYPES 256
#define RT_MAX_TYPE_ARITY 24 /* params + results of one signature */

struct func_type {
  uint8_t params, results;
  uint8_t types[RT_MAX_TYPE_ARITY];
};
static struct func_type func_types[RT_MAX_FUNC_TYPES];
static uint32_t func_type_count;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  struct func_type t = {0};
  if (params + results > RT_MAX_TYPE_ARITY) plat_panic("func type arity", __FILE__, __LINE__);
  t.params = (uint8_t)params;
  t.results = (uint8_t)results;
  va_list ap;
  va_start(ap, results);
  for (uint32_t i = 0; i < params + results; i++) t.types[i] = (uint8_t)va_arg(ap, int);
  va_end(ap);
  for (uint32_t i = 0; i < func_type_count; i++) {
    const struct func_type *f = &func_types[i];
    if (f->params == t.params && f->results == t.results &&
        memcmp(f->types, t.types, params + results) == 0)
      return i + 1; /* 0 stays "no type" (null funcref) */
  }
  if (func_type_count == RT_MAX_FUNC_TYPES) plat_panic("too many func types", __FILE__, __LINE__);
  func_types[func_type_count++] = t;
  return func_type_count;
}

const char *wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no trap";
    case WASM_RT_TRAP_OOB: return "out of bounds memory or table access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "invalid call_indirect";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
    case WASM_RT_TRAP_EXHAUSTION: return "call stack exhausted";
#endif
  }
  return "unknown trap";
}

const char *rt_trap_name(int code) {
  switch (code) {
    case RT_TRAP_NO_MEMORY: return "no memory for the module";
    case RT_TRAP_NO_EXPORT: return "missing export";
    case RT_TRAP_MISALIGNED: return "misaligned pointer passed to an import";
  }
  return wasm_rt_strerror((wasm_rt_trap_t)code);
}
