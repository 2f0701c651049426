/* Minimal <string.h> for the engine layer (wasm2c output, wasm-rt, imports, wasm3). The engine
 * must run in firmware unchanged, so it never includes the host libc; see runtime-c/README.md.
 * memcpy..strcmp and bcmp keep their names (the compiler may emit calls to them); the rest are
 * rt_* behind macros so a host test can compare them with the host's. */
#ifndef MINILIBC_STRING_H
#define MINILIBC_STRING_H
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

char *rt_strcpy(char *restrict dst, const char *restrict src);
char *rt_strncpy(char *restrict dst, const char *restrict src, size_t n);
size_t rt_strnlen(const char *s, size_t max);
int rt_strncmp(const char *a, const char *b, size_t n);
char *rt_strchr(const char *s, int c);
#define strcpy rt_strcpy
#define strncpy rt_strncpy
#define strnlen rt_strnlen
#define strncmp rt_strncmp
#define strchr rt_strchr

#endif
