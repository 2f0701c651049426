/* One libFuzzer harness for every parser target in test/fuzz/targets.ts, run natively (wasm2c
 * module, our wasm-rt, the Linux platform's imports).
 *
 * The target is chosen at run time: FUZZ_TARGET=<name> in the environment, or a leading
 * `-target=<name>` argument (removed before libFuzzer sees the arguments). <name> selects the
 * module export fuzz_<name>. The module is instantiated once; before the first input it gets
 * the fixed inputs from fixtures.h (fuzz_fixture) and prepares them (fuzz_init).
 *
 * Per input: api_alloc(len), copy the bytes into linear memory, fuzz_<name>(ptr, len),
 * api_free(ptr). A trap anywhere is a finding: its name is printed and the process aborts, so
 * libFuzzer records the input as a crash. Wasm memory errors are explicit bounds checks
 * (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0), deep recursion is counted, so both arrive as traps. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "fixtures.h"
#include "linux.h"

struct fixture {
  int kind;
  const unsigned char *bytes;
  size_t len;
};
static const struct fixture fixtures[] = {FUZZ_FIXTURES};

static const char *target;
static int fn_target, fn_alloc, fn_free;

static void die_trap(const char *what, int trap) {
  fprintf(stderr, "fuzz harness: %s trapped: %s (target %s)\n", what, engine_trap_name(trap),
          target ? target : "?");
  fflush(stderr);
  abort();
}

static int find(const char *name, const char *params, char result) {
  const char *p;
  char r;
  int f = engine_find(name, &p, &r);
  if (f < 0 || strcmp(p, params) != 0 || r != result) {
    fprintf(stderr, "fuzz harness: export %s missing or not (%s)->%c\n", name, params, result);
    exit(2);
  }
  return f;
}

/* Copies `len` bytes into a fresh block of linear memory; returns its address. */
static uint32_t put(const uint8_t *data, size_t len) {
  uint64_t args[1] = {len}, ptr;
  int trap = engine_call(fn_alloc, args, &ptr);
  if (trap) die_trap("api_alloc", trap);
  struct abi_mem m;
  engine_memory(&m);
  if (ptr > m.size || len > m.size - ptr) {
    fprintf(stderr, "fuzz harness: api_alloc returned %llu for %zu bytes, outside memory\n",
            (unsigned long long)ptr, len);
    abort();
  }
  if (len) memcpy(m.base + ptr, data, len);
  return (uint32_t)ptr;
}

static void release(uint32_t ptr) {
  uint64_t args[1] = {ptr}, r;
  int trap = engine_call(fn_free, args, &r);
  if (trap) die_trap("api_free", trap);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  target = getenv("FUZZ_TARGET");
  /* -target=<name> as the first argument wins over the environment. */
  if (*argc > 1 && strncmp((*argv)[1], "-target=", 8) == 0) {
    target = (*argv)[1] + 8;
    for (int i = 1; i < *argc - 1; i++) (*argv)[i] = (*argv)[i + 1];
    (*argc)--;
  }
  if (!target || !*target) {
    fprintf(stderr, "fuzz harness: set FUZZ_TARGET=<name> (or pass -target=<name> first); "
                    "names are the fuzz_<name> exports of test/fuzz/targets.ts\n");
    exit(2);
  }
  const char *level = getenv("MIGTD_LOG_LEVEL");
  linux_log_level = level ? atoi(level) : 1;

  int t = engine_init();
  if (!t) t = engine_instantiate();
  if (t) die_trap("instantiation", t);

  fn_alloc = find("api_alloc", "i", 'i');
  fn_free = find("api_free", "i", 'v');
  char name[128];
  snprintf(name, sizeof name, "fuzz_%s", target);
  fn_target = find(name, "ii", 'v');
  int fn_fixture = find("fuzz_fixture", "iii", 'v');
  int fn_init = find("fuzz_init", "", 'i');

  for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
    uint32_t p = put(fixtures[i].bytes, fixtures[i].len);
    uint64_t args[3] = {(uint64_t)fixtures[i].kind, p, fixtures[i].len}, r;
    int trap = engine_call(fn_fixture, args, &r);
    if (trap) die_trap("fuzz_fixture", trap);
    release(p);
  }
  uint64_t missing;
  t = engine_call(fn_init, 0, &missing);
  if (t) die_trap("fuzz_init", t);
  if ((uint32_t)missing != 0)
    fprintf(stderr, "fuzz harness: fixtures incomplete (mask 0x%x: 1 root, 2 quote, 4 key)\n",
            (unsigned)(uint32_t)missing);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* The parsers take u32 lengths; libFuzzer's -max_len keeps inputs far below that anyway. */
  if (size > (1u << 24)) return -1;
  uint32_t p = put(data, size);
  uint64_t args[2] = {p, size}, r;
  int trap = engine_call(fn_target, args, &r);
  if (trap) die_trap(target, trap);
  release(p);
  return 0;
}
