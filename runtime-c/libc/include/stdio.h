/* Minimal <stdio.h> for the engine layer: a console sink, no files. stdout and stderr are the
 * only streams; what is written to them is cut into lines and handed to plat_log (stdout at
 * info, stderr at warning level), so an interpreter's diagnostics reach the firmware console or
 * the Linux log. Lines longer than RT_STDIO_LINE bytes are split. The printf family supports
 * flags - + space 0 #, width and precision (also *), length hh h l ll z j t, and conversions
 * d i u x X o c s p % and f e g (with at most 17 significant digits); %n is not supported.
 * Functions are rt_* behind macros (see stdlib.h for why). libc/src/stdio.c, vsnprintf.c. */
#ifndef MINILIBC_STDIO_H
#define MINILIBC_STDIO_H
#include <stdarg.h>
#include <stddef.h>

#define RT_STDIO_LINE 240
#define EOF (-1)

typedef struct rt_file FILE;
extern FILE *const rt_stdout;
extern FILE *const rt_stderr;
#define stdout rt_stdout
#define stderr rt_stderr

int rt_vsnprintf(char *restrict buf, size_t cap, const char *restrict fmt, va_list ap);
int rt_snprintf(char *restrict buf, size_t cap, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int rt_sprintf(char *restrict buf, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int rt_vfprintf(FILE *f, const char *restrict fmt, va_list ap);
int rt_fprintf(FILE *f, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int rt_printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vprintf(const char *restrict fmt, va_list ap);
int rt_fputc(int c, FILE *f);
int rt_fputs(const char *s, FILE *f);
int rt_puts(const char *s);
size_t rt_fwrite(const void *restrict p, size_t size, size_t count, FILE *f);
int rt_fflush(FILE *f);
#define vsnprintf rt_vsnprintf
#define snprintf rt_snprintf
#define sprintf rt_sprintf
#define vfprintf rt_vfprintf
#define fprintf rt_fprintf
#define printf rt_printf
#define vprintf rt_vprintf
#define fputc rt_fputc
#define putc rt_fputc
#define putchar(c) rt_fputc((c), rt_stdout)
#define fputs rt_fputs
#define puts rt_puts
#define fwrite rt_fwrite
#define fflush rt_fflush

#endif
