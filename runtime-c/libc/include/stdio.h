/* Minimal <stdio.h> for the engine layer: a console sink, no files. stdout and stderr are the
 * only streams; what is written to them is cut into lines and handed to plat_log (stdout at
 * info, stderr at warning level), so an interpreter's diagnostics reach the firmware console or
 * the Linux log. Lines longer than RT_STDIO_LINE bytes are split. The printf family supports
 * flags - + space 0 #, width and precision (also *), length hh h l ll z j t, and conversions
 * d i u x X o c s p % and f e g (with at most 17 significant digits); %n is not supported.
 * Symbols are rt_* (RT_SYM, see stdlib.h for why). libc/src/stdio.c, vsnprintf.c. */
#ifndef MINILIBC_STDIO_H
#define MINILIBC_STDIO_H
#include <stdarg.h>
#include <stddef.h>

#define RT_STDIO_LINE 240
#define EOF (-1)

#ifndef RT_SYM
#define RT_SYM(name) __asm__("rt_" #name)
#endif

typedef struct rt_file FILE;
extern FILE *const stdout RT_SYM(stdout);
extern FILE *const stderr RT_SYM(stderr);

int vsnprintf(char *restrict buf, size_t cap, const char *restrict fmt, va_list ap) RT_SYM(vsnprintf);
int snprintf(char *restrict buf, size_t cap, const char *restrict fmt, ...) RT_SYM(snprintf)
    __attribute__((format(printf, 3, 4)));
int sprintf(char *restrict buf, const char *restrict fmt, ...) RT_SYM(sprintf) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, const char *restrict fmt, va_list ap) RT_SYM(vfprintf);
int fprintf(FILE *f, const char *restrict fmt, ...) RT_SYM(fprintf) __attribute__((format(printf, 2, 3)));
int printf(const char *restrict fmt, ...) RT_SYM(printf) __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap) RT_SYM(vprintf);
int fputc(int c, FILE *f) RT_SYM(fputc);
int fputs(const char *s, FILE *f) RT_SYM(fputs);
int puts(const char *s) RT_SYM(puts);
size_t fwrite(const void *restrict p, size_t size, size_t count, FILE *f) RT_SYM(fwrite);
int fflush(FILE *f) RT_SYM(fflush);
#define putc(c, f) fputc((c), (f))
#define putchar(c) fputc((c), stdout)

#endif
