/* The console sink behind stdout/stderr (include/stdio.h): bytes are collected per stream and
 * each complete line (or RT_STDIO_LINE bytes, or what fflush finds) goes to plat_log, stdout at
 * info level and stderr at warning level. Nothing is ever read. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "platform.h"

struct rt_file {
  uint32_t level;
  uint32_t len;
  char line[RT_STDIO_LINE];
};

static struct rt_file out = {3, 0, {0}}, err = {2, 0, {0}};
FILE *const rt_stdout = &out;
FILE *const rt_stderr = &err;

int rt_fflush(FILE *f) {
  if (!f) { /* fflush(NULL): every stream */
    rt_fflush(&out);
    return rt_fflush(&err);
  }
  if (f->len) plat_log(f->level, f->line, f->len);
  f->len = 0;
  return 0;
}

int rt_fputc(int c, FILE *f) {
  if (c == '\n') {
    plat_log(f->level, f->line, f->len); /* an empty line too: it was written */
    f->len = 0;
  } else {
    if (f->len == sizeof f->line) rt_fflush(f);
    f->line[f->len++] = (char)c;
  }
  return (unsigned char)c;
}

size_t rt_fwrite(const void *restrict p, size_t size, size_t count, FILE *f) {
  const unsigned char *b = p;
  if (size && count > (size_t)-1 / size) return 0;
  for (size_t i = 0; i < size * count; i++) rt_fputc(b[i], f);
  return count;
}

int rt_fputs(const char *s, FILE *f) {
  rt_fwrite(s, 1, strlen(s), f);
  return 0;
}

int rt_puts(const char *s) {
  rt_fputs(s, rt_stdout);
  rt_fputc('\n', rt_stdout);
  return 0;
}

/* Formats through a bounded buffer in pieces would need a callback printf; a line's worth plus
 * the worst-case tail is enough for what the engine prints, longer output is cut (and says so). */
int rt_vfprintf(FILE *f, const char *restrict fmt, va_list ap) {
  char buf[1024];
  int n = rt_vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) return n;
  size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
  rt_fwrite(buf, 1, len, f);
  if ((size_t)n >= sizeof buf) rt_fputs("[...]", f);
  return n;
}

int rt_fprintf(FILE *f, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = rt_vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int rt_vprintf(const char *restrict fmt, va_list ap) { return rt_vfprintf(rt_stdout, fmt, ap); }

int rt_printf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = rt_vfprintf(rt_stdout, fmt, ap);
  va_end(ap);
  return n;
}

int rt_snprintf(char *restrict buf, size_t cap, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = rt_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

int rt_sprintf(char *restrict buf, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = rt_vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
  va_end(ap);
  return n;
}
