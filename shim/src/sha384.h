/* SHA-384 (FIPS 180-4 6.5), incremental. No allocation, no globals. */
#ifndef SHA384_H
#define SHA384_H

#include <stddef.h>
#include <stdint.h>

#define SHA384_DIGEST 48u

struct sha384 {
  uint64_t h[8];
  uint64_t bytes;      /* total absorbed (inputs here stay far below 2^61 bytes) */
  uint8_t block[128];
  size_t fill;
};

void sha384_init(struct sha384 *s);
void sha384_update(struct sha384 *s, const void *data, size_t len);
void sha384_final(struct sha384 *s, uint8_t out[SHA384_DIGEST]);
void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST]);

#endif
