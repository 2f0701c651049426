/* engine.h on wasm3 (ENGINE=wasm3 WASM3_SRC=<wasm3>/source), written against wasm3's public API
 * (wasm3.h, v0.5.0). The module bytes are linked in (w3_module_bytes, generated); each instance is
 * a fresh runtime: wasm3 ties a loaded module to its runtime, so "free" drops both and
 * "instantiate" parses and loads again.
 *
 * Imports are the same engine-neutral functions as under wasm2c (imports.c), reached through
 * generated raw functions (abi_m3.c) that follow the m3ApiCheckMem discipline: imports.c checks
 * every range against m3_GetMemory's size and traps through rt_guard, which the shim turns into
 * a wasm3 trap. Like the rest of the engine layer it is compiled freestanding (wasm3 too): wasm3
 * allocates with the in-tree libc's malloc (libc/src/malloc.c, over the payload heap in the TD),
 * so the same engine.o goes into the Linux runtime and the firmware. Differences from wasm2c:
 * linear memory sits at malloc() + 24 (wasm3's memory header), so TDCALL buffers inside it lose
 * their alignment (gpa_of bounces them, src/bounce.c), and it may move when the module grows it. */
#include <string.h>

#include "engine.h"
#include "rt.h"
#include "wasm3.h"
#include "wasm3_glue.h"

/* 64 KiB of wasm3 value stack: deep enough for the core's parsers (wasm3's own default). */
#ifndef W3_STACK_BYTES
#define W3_STACK_BYTES (64u * 1024u)
#endif
#define W3_MAX_FOUND 64
#define W3_MAX_ARGS 16

/* wasm_rt_trap_t values (wasm-rt.h), so traps are named the same under both engines. */
enum { T_OOB = 1, T_INT_OVERFLOW = 2, T_DIV_BY_ZERO = 3, T_INVALID_CONVERSION = 4,
       T_UNREACHABLE = 5, T_CALL_INDIRECT = 6, T_EXHAUSTION = 8 };

static IM3Environment env;
static IM3Runtime runtime;
static int noted_trap;

struct found {
  IM3Function f;
  char name[64];
  char params[W3_MAX_ARGS + 1];
  char result;
};
static struct found found[W3_MAX_FOUND];
static int n_found;

struct abi_mem w3_memory(IM3Runtime rt) {
  uint32_t size = 0;
  uint8_t *base = m3_GetMemory(rt, &size, 0);
  struct abi_mem m = {base, base ? size : 0};
  return m;
}

void w3_note_trap(int code) { noted_trap = code; }

static int trap_code(M3Result r) {
  if (noted_trap) return noted_trap;
  if (r == m3Err_trapOutOfBoundsMemoryAccess) return T_OOB;
  if (r == m3Err_trapDivisionByZero) return T_DIV_BY_ZERO;
  if (r == m3Err_trapIntegerOverflow) return T_INT_OVERFLOW;
  if (r == m3Err_trapIntegerConversion) return T_INVALID_CONVERSION;
  if (r == m3Err_trapIndirectCallTypeMismatch || r == m3Err_trapTableIndexOutOfRange ||
      r == m3Err_trapTableElementIsNull)
    return T_CALL_INDIRECT;
  if (r == m3Err_trapStackOverflow) return T_EXHAUSTION;
  if (r == m3Err_mallocFailed) return RT_TRAP_NO_MEMORY;
  return T_UNREACHABLE; /* trapUnreachable, trapAbort, trapExit and anything unexpected */
}

static int fail(M3Result r) {
  plat_log(1, r, (uint32_t)strlen(r));
  return trap_code(r);
}

int engine_init(void) {
  if (!env) env = m3_NewEnvironment();
  return env ? 0 : RT_TRAP_NO_MEMORY;
}

int engine_instantiate(void) {
  IM3Module module = 0;
  M3Result r;
  engine_free();
  noted_trap = 0;
  runtime = m3_NewRuntime(env, W3_STACK_BYTES, 0);
  if (!runtime) return RT_TRAP_NO_MEMORY;
  r = m3_ParseModule(env, &module, w3_module_bytes, w3_module_size);
  if (r) return fail(r);
  r = m3_LoadModule(runtime, module);
  if (r) {
    m3_FreeModule(module);
    return fail(r);
  }
  r = w3_link_abi(module);
  if (r) return fail(r);
  r = m3_RunStart(module);
  return r ? fail(r) : 0;
}

void engine_free(void) {
  if (runtime) m3_FreeRuntime(runtime); /* frees the modules loaded into it */
  runtime = 0;
  n_found = 0;
}

static char letter(M3ValueType t) {
  switch (t) {
    case c_m3Type_i32: return 'i';
    case c_m3Type_i64: return 'I';
    case c_m3Type_f32: return 'f';
    case c_m3Type_f64: return 'F';
    default: return '?';
  }
}

int engine_find(const char *name, const char **params, char *result) {
  int i;
  for (i = 0; i < n_found && strcmp(found[i].name, name) != 0; i++) {
  }
  if (i == n_found) {
    IM3Function f;
    uint32_t argc;
    if (!runtime || n_found == W3_MAX_FOUND || strlen(name) >= sizeof found[0].name) return -1;
    if (m3_FindFunction(&f, runtime, name)) return -1;
    argc = m3_GetArgCount(f);
    if (argc > W3_MAX_ARGS || m3_GetRetCount(f) > 1) return -1;
    struct found *s = &found[n_found];
    s->f = f;
    strcpy(s->name, name);
    for (uint32_t k = 0; k < argc; k++) s->params[k] = letter(m3_GetArgType(f, k));
    s->params[argc] = 0;
    s->result = m3_GetRetCount(f) ? letter(m3_GetRetType(f, 0)) : 'v';
    n_found++;
  }
  if (params) *params = found[i].params;
  if (result) *result = found[i].result;
  return i;
}

int engine_call(int index, const uint64_t *args, uint64_t *result) {
  union value {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
  } in[W3_MAX_ARGS], out;
  const void *argp[W3_MAX_ARGS];
  const void *retp[1] = {&out};
  *result = 0;
  if (index < 0 || index >= n_found) return RT_TRAP_NO_EXPORT;
  struct found *s = &found[index];
  uint32_t argc = (uint32_t)strlen(s->params);
  for (uint32_t k = 0; k < argc; k++) {
    uint32_t lo = (uint32_t)args[k];
    switch (s->params[k]) {
      case 'i': in[k].i32 = lo; break;
      case 'f': memcpy(&in[k].f32, &lo, 4); break;
      default: in[k].i64 = args[k]; break; /* I and F: same 64 bits */
    }
    argp[k] = &in[k];
  }
  noted_trap = 0;
  M3Result r = m3_Call(s->f, argc, argp);
  if (r) return trap_code(r);
  if (s->result == 'v') return 0;
  out.i64 = 0;
  r = m3_GetResults(s->f, 1, retp);
  if (r) return trap_code(r);
  if (s->result == 'i' || s->result == 'f') *result = out.i32;
  else *result = out.i64;
  return 0;
}

void engine_memory(struct abi_mem *out) {
  *out = runtime ? w3_memory(runtime) : (struct abi_mem){0, 0};
}

const char *engine_trap_name(int code) { return rt_trap_name(code); }

const char *engine_name(void) { return "wasm3"; }
