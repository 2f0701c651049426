/* Compiled like the engine layer (freestanding, runtime-c/libc/include only): calls the libc the
 * way engine code does, through the standard names and macros, so the host test (libc_test.c)
 * checks the headers' mapping as well as the functions. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double probe_sqrt(double x) { return sqrt(x); }
float probe_sqrtf(float x) { return sqrtf(x); }
double probe_rint(double x) { return rint(x); }
float probe_rintf(float x) { return rintf(x); }
long probe_clock(void) { return (long)clock(); }

void *probe_malloc(size_t n) { return malloc(n); }
void probe_free(void *p) { free(p); }

/* What wasm3's diagnostics look like: printf-family, fputs, fwrite, putc, fflush. */
void probe_console(void) {
  printf("value %" PRIu64 " at %s\n", (uint64_t)42, "stdout");
  fprintf(stderr, "warn %d\n", -7);
  fputs("partial ", stdout);
  fwrite("line", 1, 4, stdout);
  putc('!', stdout);
  fflush(stdout);
  puts("");
  for (int i = 0; i < RT_STDIO_LINE + 10; i++) putc('x', stdout);
  putc('\n', stdout);
}

int probe_strings(char *dst, size_t cap) {
  char a[16];
  strcpy(a, "abc");
  if (strnlen(a, 2) != 2 || strnlen(a, 16) != 3) return 1;
  if (strncmp(a, "abd", 2) != 0 || strncmp(a, "abd", 3) >= 0) return 2;
  if (strchr(a, 'c') != a + 2 || strchr(a, 0) != a + 3 || strchr(a, 'z')) return 3;
  char *end;
  if (strtoul("0x1f,", &end, 0) != 31 || *end != ',') return 4;
  if (strtoull("18446744073709551615", 0, 10) != UINT64_MAX) return 5;
  if (strtod("2.5e3", 0) != 2500.0) return 6;
  return snprintf(dst, cap, "%s|%5.2f|%-4x|", a, 3.14159, 255u);
}
