/* Minimal <string.h> for the engine layer (wasm2c output, wasm-rt, imports, wasm3). The engine
 * must run in firmware unchanged, so it never includes the host libc; see runtime-c/README.md.
 * memcpy..strcmp and bcmp keep their symbols (the compiler may emit calls to them); the rest
 * get rt_* symbols (RT_SYM, see stdlib.h) so a host test can compare them with the host's. */
#ifndef MINILIBC_STRING_H
#define MINILIBC_STRING_H
#include <stddef.h>
#ifndef RT_SYM
#define RT_SYM(name) __asm__("rt_" #name)
#endif

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

char *strcpy(char *restrict dst, const char *restrict src) RT_SYM(strcpy);
char *strncpy(char *restrict dst, const char *restrict src, size_t n) RT_SYM(strncpy);
size_t strnlen(const char *s, size_t max) RT_SYM(strnlen);
int strncmp(const char *a, const char *b, size_t n) RT_SYM(strncmp);
char *strchr(const char *s, int c) RT_SYM(strchr);

#endif
