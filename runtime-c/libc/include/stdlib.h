/* Minimal <stdlib.h> for the engine layer. wasm-rt.h needs abort(); wasm3 needs the allocator and
 * the number conversions. The stateful or host-colliding functions are named rt_* and mapped by
 * macro (as setjmp.h does), so the Linux build never interposes them on the host libc that the
 * platform layer uses: the engine's malloc is libc/src/malloc.c, the platform's is glibc's. */
#ifndef MINILIBC_STDLIB_H
#define MINILIBC_STDLIB_H
#include <stddef.h>

__attribute__((noreturn)) void abort(void);

/* libc/src/malloc.c: one arena over the payload heap (plat_linear_alloc), limits there. */
void *rt_malloc(size_t n);
void *rt_calloc(size_t count, size_t n);
void *rt_realloc(void *p, size_t n);
void rt_free(void *p);
#define malloc rt_malloc
#define calloc rt_calloc
#define realloc rt_realloc
#define free rt_free

/* libc/src/strto.c */
double rt_strtod(const char *s, char **end);
unsigned long rt_strtoul(const char *s, char **end, int base);
unsigned long long rt_strtoull(const char *s, char **end, int base);
long rt_strtol(const char *s, char **end, int base);
long long rt_strtoll(const char *s, char **end, int base);
#define strtod rt_strtod
#define strtoul rt_strtoul
#define strtoull rt_strtoull
#define strtol rt_strtol
#define strtoll rt_strtoll

#endif
