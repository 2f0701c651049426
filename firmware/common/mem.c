/* Byte copies. Firmware builds use REP MOVSB/STOSB (fast on every CPU since Ivy Bridge and in
 * TCG); hosted unit-test builds use plain loops and the host's libc. */
#include "mem.h"

void mem_copy(void *dst, const void *src, size_t n) {
#ifdef SHIM_HOSTED
  uint8_t *d = dst;
  const uint8_t *s = src;
  while (n--) *d++ = *s++;
#else
  __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
#endif
}

void mem_set(void *dst, int v, size_t n) {
#ifdef SHIM_HOSTED
  uint8_t *d = dst;
  while (n--) *d++ = (uint8_t)v;
#else
  __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(v) : "memory");
#endif
}

int mem_eq(const void *a, const void *b, size_t n) {
  const uint8_t *x = a, *y = b;
  uint8_t diff = 0;
  while (n--) diff |= *x++ ^ *y++;
  return diff == 0;
}

#if !defined(SHIM_HOSTED) && !defined(MEM_NO_LIBC_ALIASES)
/* The compiler may emit calls to these for struct copies and zeroing. The payload, which links
 * the runtime's libc, builds this file with MEM_NO_LIBC_ALIASES. */
void *memcpy(void *dst, const void *src, size_t n) { mem_copy(dst, src, n); return dst; }
void *memset(void *dst, int v, size_t n) { mem_set(dst, v, n); return dst; }
#endif
