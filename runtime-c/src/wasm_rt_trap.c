/* Our wasm-rt, part 2: traps and exceptions. A trap longjmps to the innermost rt_guard(); the
 * guard restores the call-depth counter, because the frames that would have decremented it are
 * gone. Nothing else needs unwinding: the generated code and our imports hold no resources
 * across calls (the supervisor frees the whole instance after a trap). */
#include "platform.h"
#include "rt.h"
#include "wasm-rt.h"

_Static_assert(RT_TRAP_OOB == WASM_RT_TRAP_OOB, "rt.h and wasm-rt.h disagree on OOB");

uint32_t wasm_rt_call_stack_depth;

static jmp_buf *trap_target;

int rt_guard(void (*fn)(void *), void *arg) {
  jmp_buf here;
  jmp_buf *outer = trap_target;
  uint32_t depth = wasm_rt_call_stack_depth;
  int code = setjmp(here);
  if (code == 0) {
    trap_target = &here;
    fn(arg);
  } else {
    wasm_rt_call_stack_depth = depth;
  }
  trap_target = outer;
  return code;
}

void rt_trap(int code) {
  if (!trap_target) plat_panic("trap outside a guarded call", __FILE__, __LINE__);
  longjmp(*trap_target, code ? code : WASM_RT_TRAP_UNREACHABLE);
}

void wasm_rt_trap(wasm_rt_trap_t code) { rt_trap((int)code); }

/* Exceptions (the Wasm exception-handling proposal): one active exception at a time. */
#define RT_EXCEPTION_MAX 256

static uint32_t tag_count;
static uint32_t active_tag, active_size;
static uint8_t active_values[RT_EXCEPTION_MAX];
static WASM_RT_UNWIND_TARGET *unwind_target;

uint32_t wasm_rt_register_tag(uint32_t size) {
  if (size > RT_EXCEPTION_MAX) plat_panic("exception payload too large", __FILE__, __LINE__);
  return tag_count++;
}

void wasm_rt_load_exception(uint32_t tag, uint32_t size, const void *values) {
  if (size > RT_EXCEPTION_MAX) wasm_rt_trap(WASM_RT_TRAP_UNCAUGHT_EXCEPTION);
  active_tag = tag;
  active_size = size;
  if (size) memcpy(active_values, values, size);
}

void wasm_rt_throw(void) {
  if (!unwind_target) wasm_rt_trap(WASM_RT_TRAP_UNCAUGHT_EXCEPTION);
  longjmp(*unwind_target, 1);
}

WASM_RT_UNWIND_TARGET *wasm_rt_get_unwind_target(void) { return unwind_target; }
void wasm_rt_set_unwind_target(WASM_RT_UNWIND_TARGET *target) { unwind_target = target; }
uint32_t wasm_rt_exception_tag(void) { return active_tag; }
uint32_t wasm_rt_exception_size(void) { return active_size; }
void *wasm_rt_exception(void) { return active_values; }
