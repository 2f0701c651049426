/* build/.../<name>.native: a Wasm module under the native engine, driven over stdin/stdout by
 * test/helpers/native-engine.ts. One command per line, one answer per line:
 *
 *   call <export> [arg...]   args in decimal (i32/i64 may be signed or unsigned; f32/f64 as
 *                            decimal floats) -> "ok <type> <value>" (type i32|i64|f32|f64, i32
 *                            and i64 printed signed, floats as %.17g) or "ok void"
 *   write <ptr> <hex>        -> "ok"
 *   read <ptr> <len>         -> "ok <hex>"
 *   reset                    -> "ok": a fresh instance; shared buffers and channels are
 *                               released, the persist area survives (as in trap recovery)
 *   quit
 * Failures: "trap <name>" when the module (or an import) trapped: the instance stays usable, as
 * in V8; "err <message>" for a bad command. Imports are the Linux platform's; TDCALL/VMCALL go to
 * the simulator at $MIGTD_SIM (a Unix socket, docs/sim-protocol.md) when it is set, else return
 * ABI_ERR_UNAVAILABLE; log lines go to stderr. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "linux.h"
#include "supervisor.h"

#define MAX_ARGS 16

static void trap_answer(int code) { printf("trap %s\n", engine_trap_name(code)); }

static int parse_arg(char t, const char *s, uint64_t *out) {
  char *end;
  if (t == 'f' || t == 'F') {
    double d = strtod(s, &end);
    if (t == 'f') {
      float f = (float)d;
      uint32_t u;
      memcpy(&u, &f, 4);
      *out = u;
    } else {
      memcpy(out, &d, 8);
    }
  } else if (s[0] == '-') {
    *out = (uint64_t)strtoll(s, &end, 10);
  } else {
    *out = strtoull(s, &end, 10);
  }
  if (t == 'i') *out &= 0xffffffffu;
  return *end == 0 && end != s;
}

static void print_result(char t, uint64_t v) {
  if (t == 'v') printf("ok void\n");
  else if (t == 'i') printf("ok i32 %" PRId32 "\n", (int32_t)(uint32_t)v);
  else if (t == 'I') printf("ok i64 %" PRId64 "\n", (int64_t)v);
  else if (t == 'f') {
    float f;
    uint32_t u = (uint32_t)v;
    memcpy(&f, &u, 4);
    printf("ok f32 %.9g\n", (double)f);
  } else {
    double d;
    memcpy(&d, &v, 8);
    printf("ok f64 %.17g\n", d);
  }
}

static void cmd_call(char *rest) {
  char *name = strtok(rest, " ");
  const char *params;
  char result;
  uint64_t args[MAX_ARGS];
  if (!name) {
    printf("err missing export name\n");
    return;
  }
  int f = engine_find(name, &params, &result);
  if (f < 0) {
    printf("err no export %s\n", name);
    return;
  }
  size_t n = 0;
  for (char *a; (a = strtok(0, " ")) != 0; n++) {
    if (n >= MAX_ARGS || n >= strlen(params) || !parse_arg(params[n], a, &args[n])) {
      printf("err bad argument %zu for %s\n", n, name);
      return;
    }
  }
  if (n != strlen(params)) {
    printf("err %s takes %zu arguments\n", name, strlen(params));
    return;
  }
  uint64_t r;
  int trap = engine_call(f, args, &r);
  if (trap) trap_answer(trap);
  else print_result(result, r);
}

/* [ptr, ptr + len) inside the memory, else NULL. */
static uint8_t *mem_range(uint64_t ptr, uint64_t len) {
  struct abi_mem m;
  engine_memory(&m);
  if (ptr > m.size || len > m.size - ptr) return 0;
  return m.base + ptr;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void cmd_write(char *rest) {
  char *p = strtok(rest, " "), *hex = strtok(0, " ");
  if (!hex) hex = "";
  size_t len = strlen(hex);
  if (!p || len % 2) {
    printf("err usage: write <ptr> <hex>\n");
    return;
  }
  uint8_t *dst = mem_range(strtoull(p, 0, 10), len / 2);
  if (!dst) {
    printf("trap %s\n", engine_trap_name(1));
    return;
  }
  for (size_t i = 0; i < len / 2; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      printf("err bad hex\n");
      return;
    }
    dst[i] = (uint8_t)(hi << 4 | lo);
  }
  printf("ok\n");
}

static void cmd_read(char *rest) {
  char *p = strtok(rest, " "), *l = strtok(0, " ");
  if (!p || !l) {
    printf("err usage: read <ptr> <len>\n");
    return;
  }
  uint64_t len = strtoull(l, 0, 10);
  const uint8_t *src = mem_range(strtoull(p, 0, 10), len);
  if (!src) {
    printf("trap %s\n", engine_trap_name(1));
    return;
  }
  fputs("ok ", stdout);
  for (uint64_t i = 0; i < len; i++) printf("%02x", src[i]);
  putchar('\n');
}

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  const char *level = getenv("MIGTD_LOG_LEVEL");
  linux_log_level = level ? atoi(level) : 5;
  const char *sim = getenv("MIGTD_SIM");
  if (sim && *sim && sim_connect(sim) != 0) {
    printf("fatal no simulator at %s\n", sim);
    return 1;
  }
  int t = engine_init();
  if (!t) t = engine_instantiate();
  if (t) {
    printf("fatal %s\n", engine_trap_name(t));
    return 1;
  }
  printf("ready %s\n", engine_name());
  fflush(stdout);
  size_t cap = 0;
  char *line = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) > 0) {
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    char *rest = strchr(line, ' ');
    if (rest) *rest++ = 0;
    else rest = line + n;
    if (!strcmp(line, "call")) cmd_call(rest);
    else if (!strcmp(line, "write")) cmd_write(rest);
    else if (!strcmp(line, "read")) cmd_read(rest);
    else if (!strcmp(line, "reset")) {
      engine_free();
      rt_instance_gone();
      t = engine_instantiate();
      if (t) trap_answer(t);
      else printf("ok\n");
    } else if (!strcmp(line, "quit")) break;
    else printf("err unknown command %s\n", line);
    fflush(stdout);
  }
  free(line);
  engine_free();
  return 0;
}
