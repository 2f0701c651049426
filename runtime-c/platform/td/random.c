/* Entropy: RDSEED, falling back to RDRAND (docs/abi.md `random`). Both are retried a bounded
 * number of times, as Intel's DRNG guide advises; no CPU support means ABI_ERR_UNAVAILABLE. */
#include "td.h"
#include "migtd_abi.h"

#define RETRIES 64u

static int has(uint32_t leaf, int reg, uint32_t bit) {
  uint32_t r[4];
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0u));
  return (r[reg] >> bit) & 1u;
}

static int rdseed64(uint64_t *v) {
  unsigned char ok;
  for (uint32_t i = 0; i < RETRIES; i++) {
    __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
    if (ok) return 1;
    __asm__ volatile("pause");
  }
  return 0;
}

static int rdrand64(uint64_t *v) {
  unsigned char ok;
  for (uint32_t i = 0; i < RETRIES; i++) {
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
    if (ok) return 1;
  }
  return 0;
}

int32_t plat_random(uint8_t *dst, uint32_t len) {
  int seed = has(7, 1, 18), rand = has(1, 2, 30);
  while (len) {
    uint64_t v;
    if (!((seed && rdseed64(&v)) || (rand && rdrand64(&v)))) return ABI_ERR_UNAVAILABLE;
    for (uint32_t i = 0; i < 8 && len; i++, len--) *dst++ = (uint8_t)(v >> (8 * i));
  }
  return ABI_OK;
}
