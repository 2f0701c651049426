/* engine.h on wasm2c: the module is C code linked in (its glue: rt_module, generated), so
 * "loading" is initialising our wasm-rt and the module's function types. Every entry into Wasm
 * code goes through rt_guard, so a trap returns here as a code instead of ending the process. */
#include <string.h>

#include "engine.h"
#include "rt.h"
#include "rt_module.h"
#include "wasm-rt.h"

static int initialized;

static void do_init(void *unused) {
  (void)unused;
  wasm_rt_init();
  rt_module.init_module();
}

int engine_init(void) {
  if (initialized) return 0;
  int trap = rt_guard(do_init, 0);
  initialized = trap == 0;
  return trap;
}

static void do_instantiate(void *unused) {
  (void)unused;
  rt_module.instantiate();
}

int engine_instantiate(void) { return rt_guard(do_instantiate, 0); }

void engine_free(void) { rt_module.free(); }

int engine_find(const char *name, const char **params, char *result) {
  for (uint32_t i = 0; i < rt_module.n_exports; i++) {
    const struct rt_export *e = &rt_module.exports[i];
    if (strcmp(e->name, name) == 0) {
      if (params) *params = e->params;
      if (result) *result = e->result;
      return (int)i;
    }
  }
  return -1;
}

struct call {
  const struct rt_export *e;
  const uint64_t *args;
  uint64_t *result;
};

static void do_call(void *p) {
  struct call *c = p;
  c->e->thunk(c->args, c->result);
}

int engine_call(int index, const uint64_t *args, uint64_t *result) {
  if (index < 0 || (uint32_t)index >= rt_module.n_exports) return RT_TRAP_NO_EXPORT;
  struct call c = {&rt_module.exports[index], args, result};
  *result = 0;
  return rt_guard(do_call, &c);
}

void engine_memory(struct abi_mem *out) { rt_module.memory(out); }

const char *engine_trap_name(int code) { return rt_trap_name(code); }

const char *engine_name(void) { return "wasm2c"; }
