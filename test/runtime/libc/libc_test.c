/* Host test of runtime-c/libc's additions (allocator, number conversion, printf family, console
 * sink, rint, clock), run by test/runtime/libc.test.ts. The libc objects are the engine layer's
 * own (built freestanding); this driver is hosted and compares them with glibc where the two
 * must agree. It provides the plat_* functions the libc calls: a 64 MiB arena, a log recorder
 * and a settable clock. Prints "ok <case>" or "FAIL <case>: ..." per case, then a count line. */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "rt_heap.h"

/* the libc under test (runtime-c/libc/include maps the standard names to these) */
void *rt_malloc(size_t n);
void *rt_calloc(size_t count, size_t n);
void *rt_realloc(void *p, size_t n);
void rt_free(void *p);
double rt_strtod(const char *s, char **end);
unsigned long rt_strtoul(const char *s, char **end, int base);
unsigned long long rt_strtoull(const char *s, char **end, int base);
long rt_strtol(const char *s, char **end, int base);
int rt_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int rt_fflush(void *f);
double rt_rint(double);
float rt_rintf(float);
char *rt_strcpy(char *dst, const char *src);
char *rt_strncpy(char *dst, const char *src, size_t n);
size_t rt_strnlen(const char *s, size_t max);
int rt_strncmp(const char *a, const char *b, size_t n);
char *rt_strchr(const char *s, int c);
int bcmp(const void *a, const void *b, size_t n);
/* probe.c */
double probe_sqrt(double);
float probe_sqrtf(float);
double probe_rint(double);
float probe_rintf(float);
long probe_clock(void);
void *probe_malloc(size_t);
void probe_free(void *);
void probe_console(void);
int probe_strings(char *dst, size_t cap);

/* ---- the platform, as the libc sees it ---- */
#define ARENA (64u << 20)
static uint64_t now_ms;
static char logbuf[64][512];
static uint32_t loglevel[64];
static int nlog;

void *plat_linear_alloc(uint64_t bytes) { return aligned_alloc(4096, bytes); }
uint64_t plat_linear_limit(void) { return ARENA; }
uint64_t plat_now_ms(void) { return now_ms; }
void plat_log(uint32_t level, const char *msg, uint32_t len) {
  if (nlog < 64) {
    snprintf(logbuf[nlog], sizeof logbuf[0], "%.*s", (int)len, msg);
    loglevel[nlog++] = level;
  }
}
void plat_panic(const char *what, const char *file, unsigned line) {
  fprintf(stderr, "panic: %s %s:%u\n", what, file, line);
  exit(99);
}

/* ---- reporting ---- */
static int passed, failed;
static char why[512];
#define CHECK(cond, ...) \
  do { if (!(cond)) { snprintf(why, sizeof why, __VA_ARGS__); return 0; } } while (0)
static void run(const char *name, int (*fn)(void)) {
  why[0] = 0;
  if (fn()) { printf("ok %s\n", name); passed++; }
  else { printf("FAIL %s: %s\n", name, why); failed++; }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) { /* xorshift64*: a fixed seed, so a failure reproduces */
  rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
  return rng * 2685821657736338717ull;
}

/* ---- allocator ---- */
#define SLOTS 512
static int t_malloc_random(void) {
  static uint8_t *p[SLOTS];
  static size_t len[SLOTS];
  static uint8_t tag[SLOTS];
  for (int op = 0; op < 200000; op++) {
    int i = (int)(rnd() % SLOTS);
    size_t n = (rnd() % 8 == 0) ? rnd() % (256 << 10) : rnd() % 300;
    if (p[i]) { /* verify the contents survived everything since */
      for (size_t k = 0; k < len[i]; k++)
        CHECK(p[i][k] == (uint8_t)(tag[i] + k), "slot %d byte %zu corrupted at op %d", i, k, op);
    }
    int kind = (int)(rnd() % 3);
    if (kind == 0 && p[i]) { rt_free(p[i]); p[i] = 0; len[i] = 0; continue; }
    uint8_t *q;
    if (kind == 1 && p[i]) {
      q = rt_realloc(p[i], n);
      CHECK(q, "realloc %zu failed", n);
      for (size_t k = 0; k < (n < len[i] ? n : len[i]); k++)
        CHECK(q[k] == (uint8_t)(tag[i] + k), "realloc lost byte %zu", k);
    } else {
      if (p[i]) rt_free(p[i]);
      q = (kind == 2) ? rt_calloc(1, n) : rt_malloc(n);
      CHECK(q, "malloc %zu failed", n);
      if (kind == 2) for (size_t k = 0; k < n; k++) CHECK(q[k] == 0, "calloc byte %zu not zero", k);
    }
    CHECK(((uintptr_t)q & 15) == 0, "%p not 16-byte aligned", (void *)q);
    p[i] = q;
    len[i] = n;
    tag[i] = (uint8_t)rnd();
    for (size_t k = 0; k < n; k++) q[k] = (uint8_t)(tag[i] + k);
    if (op % 997 == 0) CHECK(rt_heap_check() == 0, "heap inconsistent (%d) at op %d", rt_heap_check(), op);
  }
  for (int i = 0; i < SLOTS; i++) rt_free(p[i]);
  CHECK(rt_heap_check() == 0, "heap inconsistent after freeing all (%d)", rt_heap_check());
  struct rt_heap_stats s;
  rt_heap_stats(&s);
  CHECK(s.used == 0 && s.blocks == 0 && s.free == s.arena, "leak: used %zu in %zu blocks", s.used, s.blocks);
  CHECK(s.arena >= ARENA - 16, "arena %zu", s.arena);
  return 1;
}

static int t_malloc_limits(void) {
  CHECK(rt_malloc(ARENA) == 0, "an allocation as large as the arena succeeded");
  CHECK(rt_malloc((size_t)-1) == 0, "malloc(SIZE_MAX) succeeded");
  CHECK(rt_calloc((size_t)1 << 40, (size_t)1 << 40) == 0, "calloc overflow not caught");
  void *a = rt_malloc(ARENA / 2);
  CHECK(a, "half the arena");
  CHECK(rt_malloc(ARENA / 2) == 0, "over-commit");
  rt_free(a);
  rt_free(0);
  /* wasm3's pattern: the last block (linear memory) grows in place */
  uint8_t *m = rt_malloc(24 + 65536);
  uint8_t *g = rt_realloc(m, 24 + 4 * 65536);
  CHECK(g == m, "the last block moved when it could grow in place");
  uint8_t *h = rt_malloc(100);
  uint8_t *g2 = rt_realloc(g, 24 + 8 * 65536);
  CHECK(g2 && g2 != g, "a block followed by another must move");
  rt_free(h);
  uint8_t *s = rt_realloc(g2, 10);
  CHECK(s == g2, "shrinking moved");
  rt_free(s);
  struct rt_heap_stats st;
  rt_heap_stats(&st);
  CHECK(st.used == 0 && rt_heap_check() == 0, "not back to empty");
  /* the engine's own names reach the same allocator */
  void *pp = probe_malloc(40);
  rt_heap_stats(&st);
  CHECK(pp && st.blocks == 1, "malloc in engine code is not rt_malloc");
  probe_free(pp);
  return 1;
}

/* ---- number conversion ---- */
static const char *num_inputs[] = {
  "0", "-0", "42", "  +17xyz", "-123456789", "0x1F", "0X", "0x", "0777", "08", "z", "", "-",
  "18446744073709551615", "18446744073709551616", "99999999999999999999999", "-1",
  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "\t\n 12", "1_000", "+-1", "0x7fffffffffffffff", "0xffffffffffffffffff", "101", "zz", "0b1",
};

static int t_strtoul(void) {
  int bases[] = {0, 2, 8, 10, 16, 36};
  for (size_t i = 0; i < sizeof num_inputs / sizeof *num_inputs; i++) {
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
      const char *s = num_inputs[i];
      char *e1, *e2;
      unsigned long long a = rt_strtoull(s, &e1, bases[b]), g = strtoull(s, &e2, bases[b]);
      CHECK(a == g && e1 == e2, "strtoull(\"%s\", %d): %llu/+%td vs glibc %llu/+%td", s, bases[b], a, e1 - s, g, e2 - s);
      unsigned long ua = rt_strtoul(s, &e1, bases[b]), ug = strtoul(s, &e2, bases[b]);
      CHECK(ua == ug && e1 == e2, "strtoul(\"%s\", %d)", s, bases[b]);
      long la = rt_strtol(s, &e1, bases[b]), lg = strtol(s, &e2, bases[b]);
      CHECK(la == lg && e1 == e2, "strtol(\"%s\", %d): %ld vs %ld", s, bases[b], la, lg);
    }
  }
  for (int i = 0; i < 20000; i++) {
    char s[32];
    uint64_t v = rnd() >> (rnd() % 64);
    snprintf(s, sizeof s, (i & 1) ? "%llx" : "%llu", (unsigned long long)v);
    CHECK(rt_strtoull(s, 0, (i & 1) ? 16 : 10) == v, "round trip %s", s);
  }
  return 1;
}

static int same_double(double a, double b) { return memcmp(&a, &b, 8) == 0 || (a != a && b != b); }

static int t_strtod(void) {
  static const char *exact[] = {
    "0", "-0", "1", "-1.5", "3.14159", "2.5e3", "1e22", "1e-22", "123456789012345678", ".5", "5.",
    "1e", "1e+", "-.e3", ".", "inf", "-INF", "Infinity", "nan", "NaN(123)", "  \t+0.25x",
    "1.7976931348623157e308", "2.2250738585072014e-308", "0x1.8p3", "0x10", "-0x.8p-1", "0x",
    "1e999", "-1e999", "1e-999", "000000000000000000000000001.5", "0.000000000000000000000000001",
    "4294967296.0000000001", "9007199254740993", "12e+5q",
  };
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
    const char *s = exact[i];
    char *e1, *e2;
    double a = rt_strtod(s, &e1), g = strtod(s, &e2);
    CHECK(e1 == e2, "strtod(\"%s\") end +%td vs glibc +%td", s, e1 - s, e2 - s);
    CHECK(same_double(a, g), "strtod(\"%s\") = %.17g, glibc %.17g", s, a, g);
  }
  /* random doubles as %.17g: documented accuracy, a few ulp; short ones exact */
  for (int i = 0; i < 50000; i++) {
    uint64_t bits = rnd();
    double x;
    memcpy(&x, &bits, 8);
    if (!isfinite(x) || fabs(x) < 1e-300) continue;
    char s[64];
    snprintf(s, sizeof s, "%.17g", x);
    double a = rt_strtod(s, 0);
    CHECK(fabs(a - x) <= fabs(x) * 2.3e-16, "strtod(\"%s\") = %.17g", s, a);
    double y = (double)(int64_t)(rnd() % 2000000001) / 1000.0; /* short decimals: exact */
    snprintf(s, sizeof s, "%.3f", y);
    CHECK(same_double(rt_strtod(s, 0), strtod(s, 0)), "strtod(\"%s\") not exact", s);
  }
  return 1;
}

/* ---- printf family ---- */
static int fmt_cmp(const char *fmt, ...) {
  char a[600], g[600];
  va_list ap, aq;
  va_start(ap, fmt);
  va_copy(aq, ap);
  int na = rt_vsnprintf(a, sizeof a, fmt, ap);
  int ng = vsnprintf(g, sizeof g, fmt, aq);
  va_end(ap);
  va_end(aq);
  if (na != ng || strcmp(a, g)) {
    snprintf(why, sizeof why, "\"%s\": [%s] (%d) vs glibc [%s] (%d)", fmt, a, na, g, ng);
    return 0;
  }
  return 1;
}
#define FMT(...) do { if (!fmt_cmp(__VA_ARGS__)) return 0; } while (0)

static int t_printf_ints(void) {
  FMT("plain %% text");
  FMT("%d %i %u %x %X %o", -42, 7, 3000000000u, 0xbeefu, 0xbeefu, 8u);
  FMT("[%5d|%-5d|%05d|%+d|% d|%.3d|%8.3d|%-8.3d|%.0d]", 42, 42, -42, 42, 42, 7, -7, 7, 0);
  FMT("[%#x|%#X|%#o|%#o|%#x|%08.3x]", 255u, 255u, 8u, 0u, 0u, 17u);
  FMT("%ld %lu %lld %llu %lx", -1L, 18446744073709551615ul, -9223372036854775807LL - 1, 1ull, 0xdeadbeefcafeul);
  FMT("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
  FMT("%zu %zd %jd %td", (size_t)123456789012, (ssize_t)-5, (intmax_t)-9, (ptrdiff_t)11);
  FMT("[%s|%10s|%-10s|%.2s|%c|%3c|%-3c]", "hello", "hi", "hi", "hello", 'x', 'y', 'z');
  FMT("[%*d|%-*d|%.*s|%*.*d]", 6, 1, 6, 2, 3, "abcdef", 8, 4, -3);
  FMT("%p %p", (void *)0x1234abcd, (void *)&passed);
  for (int i = 0; i < 20000; i++) {
    int64_t v = (int64_t)rnd() >> (rnd() % 64);
    FMT("%lld|%llx|%20lld|%-20llo|%+.12lld", (long long)v, (unsigned long long)v, (long long)v,
        (unsigned long long)v, (long long)v);
  }
  return 1;
}

static int rt_snprintf_test(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = rt_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

static int t_printf_truncation(void) {
  char b[5];
  memset(b, 'Z', sizeof b);
  CHECK(rt_snprintf_test(b, sizeof b, "%s-%d", "abcdefgh", 12) == 11 && !strcmp(b, "abcd"), "[%s]", b);
  CHECK(rt_snprintf_test(b, 0, "%d", 123) == 3 && b[0] == 'a', "cap 0 wrote");
  CHECK(rt_snprintf_test(b, 1, "%d", 123) == 3 && b[0] == 0, "cap 1");
  return 1;
}

/* Floats: the formats wasm3 and the runtime use. Compared byte for byte with glibc on values
 * whose digits are exact in 17 significant digits; on random doubles, the printed value must
 * parse back within one unit of its last digit. */
static int t_printf_floats(void) {
  FMT("[%f|%.0f|%.1f|%.3f|%10.2f|%-10.2f|%+f|% f|%010.3f]", 1.5, 2.5, 0.25, -3.14159, 2.0, 2.0, 1.0, 1.0, -3.5);
  FMT("[%e|%.0e|%.3e|%E|%12.4e]", 1234.5, 5e10, -0.000123456, 1e-300, 6.02e23);
  FMT("[%g|%g|%g|%g|%.3g|%#g|%G|%g|%g]", 100000.0, 1000000.0, 0.0001, 0.00001, 3.14159, 1.0, 1e-10, 0.0, -0.0);
  FMT("[%f|%F|%e|%g|%5f|%-6g|]", INFINITY, -INFINITY, NAN, -NAN, INFINITY, INFINITY);
  FMT("[%.17g|%.17g|%.17g|%.15g]", 0.1, 1.0 / 3, 1e308, 123456789.123);
  FMT("%.2f %.2f %.2f %.0f %.0f", 0.125, 0.375, 1e15 + 0.5, 0.5, 1.5);
  FMT("%f", 1e20);
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = rnd();
    double x;
    memcpy(&x, &bits, 8);
    if (!isfinite(x)) continue;
    static const char *fmts[] = {"%.6e", "%.10g", "%.3e", "%g"};
    const char *f = fmts[i % 4];
    char a[64];
    rt_snprintf_test(a, sizeof a, f, x);
    double back = strtod(a, 0);
    int prec = i % 4 == 0 ? 6 : i % 4 == 1 ? 9 : i % 4 == 2 ? 3 : 5;
    double unit = x == 0 ? 0 : fabs(x) * pow(10, -prec) * 1.0000001;
    CHECK(fabs(back - x) <= unit, "\"%s\" of %.17g printed %s", f, x, a);
  }
  return 1;
}

/* ---- strings, math, console, clock ---- */
static int t_strings(void) {
  const char *ss[] = {"", "a", "hello world", "hello", "hellp", "abc\xff"};
  for (size_t i = 0; i < 6; i++) {
    for (size_t j = 0; j < 6; j++)
      for (size_t n = 0; n < 14; n++) {
        int x = rt_strncmp(ss[i], ss[j], n), y = strncmp(ss[i], ss[j], n);
        CHECK((x > 0) == (y > 0) && (x < 0) == (y < 0), "strncmp(%s,%s,%zu)", ss[i], ss[j], n);
      }
    for (size_t n = 0; n < 14; n++) {
      CHECK(rt_strnlen(ss[i], n) == strnlen(ss[i], n), "strnlen");
      char a[16], b[16];
      memset(a, 'Q', 16);
      memset(b, 'Q', 16);
      rt_strncpy(a, ss[i], n);
      strncpy(b, ss[i], n);
      CHECK(!memcmp(a, b, 16), "strncpy(%s, %zu)", ss[i], n);
    }
    char a[16];
    CHECK(rt_strcpy(a, ss[i]) == a && !strcmp(a, ss[i]), "strcpy");
    for (int c = 0; c < 256; c += 1) CHECK(rt_strchr(ss[i], c) == strchr(ss[i], c), "strchr(%s, %d)", ss[i], c);
  }
  uint8_t x[64], y[64];
  for (int i = 0; i < 1000; i++) {
    for (int k = 0; k < 64; k++) x[k] = y[k] = (uint8_t)rnd();
    size_t n = rnd() % 65;
    if (n && (rnd() & 1)) y[rnd() % n] ^= (uint8_t)(1 + rnd() % 255);
    CHECK((bcmp(x, y, n) == 0) == (memcmp(x, y, n) == 0), "bcmp");
  }
  char out[64];
  int r = probe_strings(out, sizeof out);
  CHECK(r > 6, "probe_strings failed step %d", r);
  CHECK(!strcmp(out, "abc| 3.14|ff  |"), "probe snprintf [%s]", out);
  return 1;
}

static int t_math(void) {
  double dv[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370495.5,
                 4503599627370497.0, 1e300, -0.0, 0.0, 3.7, -3.7, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof dv / sizeof *dv; i++) {
    CHECK(same_double(rt_rint(dv[i]), rint(dv[i])), "rint(%.17g) = %.17g", dv[i], rt_rint(dv[i]));
    CHECK(same_double(probe_rint(dv[i]), rint(dv[i])), "engine rint(%.17g)", dv[i]);
    float f = (float)dv[i];
    float a = rt_rintf(f), g = rintf(f);
    CHECK(memcmp(&a, &g, 4) == 0, "rintf(%.9g) = %.9g", f, a);
    CHECK(probe_rintf(f) == rintf(f) || f != f, "engine rintf");
  }
  CHECK(rt_rint(NAN) != rt_rint(NAN), "rint(nan)");
  for (int i = 0; i < 100000; i++) {
    uint64_t bits = rnd();
    double x;
    memcpy(&x, &bits, 8);
    if (x != x) continue;
    CHECK(same_double(rt_rint(x), rint(x)), "rint(%.17g)", x);
    float f;
    uint32_t fb = (uint32_t)bits;
    memcpy(&f, &fb, 4);
    if (f == f) CHECK(rt_rintf(f) == rintf(f), "rintf(%.9g)", f);
    double s = fabs(x);
    CHECK(same_double(probe_sqrt(s), sqrt(s)), "sqrt(%.17g)", s);
    CHECK(probe_sqrtf(fabsf(f)) == sqrtf(fabsf(f)) || f != f, "sqrtf");
  }
  CHECK(probe_sqrt(-1.0) != probe_sqrt(-1.0), "sqrt(-1) is not NaN");
  return 1;
}

static int t_console(void) {
  nlog = 0;
  probe_console();
  CHECK(nlog == 6, "%d log lines", nlog);
  CHECK(!strcmp(logbuf[0], "value 42 at stdout") && loglevel[0] == 3, "stdout line [%s] level %u", logbuf[0], loglevel[0]);
  CHECK(!strcmp(logbuf[1], "warn -7") && loglevel[1] == 2, "stderr line [%s] level %u", logbuf[1], loglevel[1]);
  CHECK(!strcmp(logbuf[2], "partial line!"), "fflush [%s]", logbuf[2]);
  CHECK(!strcmp(logbuf[3], ""), "puts(\"\") [%s]", logbuf[3]);
  CHECK(strlen(logbuf[4]) == 240 && strlen(logbuf[5]) == 10, "long line split %zu+%zu", strlen(logbuf[4]), strlen(logbuf[5]));
  nlog = 0;
  rt_fflush(0);
  CHECK(nlog == 0, "fflush(NULL) of empty streams logged");
  return 1;
}

static int t_clock(void) {
  now_ms = 1234;
  CHECK(probe_clock() == 1234000, "clock() = %ld", probe_clock());
  now_ms = 1235;
  CHECK(probe_clock() == 1235000, "clock() does not follow plat_now_ms");
  return 1;
}

int main(void) {
  run("malloc: 200k random malloc/calloc/realloc/free keep contents, alignment, no leak", t_malloc_random);
  run("malloc: limits, in-place growth of the last block", t_malloc_limits);
  run("strtoul/strtoull/strtol agree with glibc", t_strtoul);
  run("strtod: agrees with glibc, within 1 ulp on random doubles", t_strtod);
  run("vsnprintf: integers, strings, chars, pointers agree with glibc", t_printf_ints);
  run("vsnprintf: truncation", t_printf_truncation);
  run("vsnprintf: floats", t_printf_floats);
  run("strcpy/strncpy/strnlen/strncmp/strchr/bcmp", t_strings);
  run("rint/rintf/sqrt/sqrtf agree with glibc", t_math);
  run("console sink: stdout/stderr lines to plat_log", t_console);
  run("clock follows plat_now_ms", t_clock);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
