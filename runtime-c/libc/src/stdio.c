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
FILE *const stdout = &out;
FILE *const stderr = &err;

int fflush(FILE *f) {
  if (!f) { /* fflush(NULL): every stream */
    fflush(&out);
    return fflush(&err);
  }
  if (f->len) plat_log(f->level, f->line, f->len);
  f->len = 0;
  return 0;
}

int fputc(int c, FILE *f) {
  if (c == '\n') {
    plat_log(f->level, f->line, f->len); /* an empty line too: it was written */
    f->len = 0;
  } else {
    if (f->len == sizeof f->line) fflush(f);
    f->line[f->len++] = (char)c;
  }
  return (unsigned char)c;
}

size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *f) {
  const unsigned char *b = p;
  if (size && count > (size_t)-1 / size) return 0;
  for (size_t i = 0; i < size * count; i++) fputc(b[i], f);
  return count;
}

int fputs(const char *s, FILE *f) {
  fwrite(s, 1, strlen(s), f);
  return 0;
}

int puts(const char *s) {
  fputs(s, stdout);
  fputc('\n', stdout);
  return 0;
}

/* Formats through a bounded buffer in pieces would need a callback printf; a line's worth plus
 * the worst-case tail is enough for what the engine prints, longer output is cut (and says so). */
int vfprintf(FILE *f, const char *restrict fmt, va_list ap) {
  char buf[1024];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) return n;
  size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
  fwrite(buf, 1, len, f);
  if ((size_t)n >= sizeof buf) fputs("[...]", f);
  return n;
}

int fprintf(FILE *f, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int vprintf(const char *restrict fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int snprintf(char *restrict buf, size_t cap, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *restrict buf, const char *restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
  va_end(ap);
  return n;
}
