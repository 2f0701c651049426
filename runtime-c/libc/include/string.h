/* Minimal <string.h> for the engine layer (wasm2c output, wasm-rt, imports). The engine must run
 * in firmware unchanged, so it never includes the host libc; see runtime-c/README.md. */
#ifndef MINILIBC_STRING_H
#define MINILIBC_STRING_H
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
