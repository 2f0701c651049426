/* Minimal <stdlib.h> for the engine layer. wasm-rt.h needs abort(); wasm3 needs the allocator and
 * the number conversions. RT_SYM gives the functions that would collide with the host libc a
 * symbol of their own (rt_*), keeping their C names: the Linux build links the engine beside
 * glibc and must never interpose on it (the engine's malloc is libc/src/malloc.c, the platform
 * layer's is glibc's), and a host test can compare the two. */
#ifndef MINILIBC_STDLIB_H
#define MINILIBC_STDLIB_H
#include <stddef.h>

__attribute__((noreturn)) void abort(void);

#define RT_SYM(name) __asm__("rt_" #name)

/* libc/src/malloc.c: one arena over the payload heap (plat_linear_alloc), limits there. */
void *malloc(size_t n) RT_SYM(malloc);
void *calloc(size_t count, size_t n) RT_SYM(calloc);
void *realloc(void *p, size_t n) RT_SYM(realloc);
void free(void *p) RT_SYM(free);

/* libc/src/strto.c */
double strtod(const char *s, char **end) RT_SYM(strtod);
unsigned long strtoul(const char *s, char **end, int base) RT_SYM(strtoul);
unsigned long long strtoull(const char *s, char **end, int base) RT_SYM(strtoull);
long strtol(const char *s, char **end, int base) RT_SYM(strtol);
long long strtoll(const char *s, char **end, int base) RT_SYM(strtoll);

#endif
