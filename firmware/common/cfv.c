/* Config firmware volume reader (migtd.md 5.2): FV header, then 8-byte aligned FFS files. */
#include "cfv.h"
#include "mem.h"

const uint8_t CFV_POLICY_GUID[16] = {0xC3, 0x2D, 0xE9, 0x0B, 0x21, 0x62, 0x98, 0x4C,
                                     0x87, 0xC1, 0x8E, 0xEF, 0xFD, 0x70, 0xDE, 0x5A};
const uint8_t CFV_ROOT_CA_GUID[16] = {0x32, 0x78, 0x43, 0xCA, 0x51, 0x4C, 0x22, 0x43,
                                      0xB1, 0x3D, 0xA2, 0x1B, 0xD0, 0xC8, 0xFF, 0xF6};
const uint8_t CFV_ISSUER_CHAIN_GUID[16] = {0x7A, 0xB2, 0x2F, 0x3F, 0x96, 0x95, 0x1C, 0x43,
                                           0xA6, 0x8D, 0xD3, 0xEA, 0xB3, 0x9F, 0x8A, 0xEB};

#define FV_SIGNATURE 0x4856465Fu /* "_FVH" */
#define FFS_SUM_VALID 0xB1u      /* 8-bit sum of a valid header: state 0x07 + file checksum 0xAA */

int cfv_find(const uint8_t *fv, size_t fv_size, const uint8_t guid[16], const uint8_t **data, size_t *len) {
  if (fv_size < CFV_HEADER_SIZE || rd32(fv + 40) != FV_SIGNATURE) return -1;
  uint64_t fv_len = rd64(fv + 32);
  size_t header_len = rd16(fv + 48);
  if (fv_len > fv_size || header_len < 56 || header_len > fv_len) return -1;
  size_t off = (header_len + 7) & ~(size_t)7;
  while (off + FFS_HEADER_SIZE <= fv_len) {
    const uint8_t *h = fv + off;
    uint32_t size = h[20] | (uint32_t)h[21] << 8 | (uint32_t)h[22] << 16;
    if (size < FFS_HEADER_SIZE || size > fv_len - off) return -1; /* free space: end of files */
    uint8_t sum = 0;
    for (int i = 0; i < (int)FFS_HEADER_SIZE; i++) sum = (uint8_t)(sum + h[i]);
    if (sum == FFS_SUM_VALID && h[18] == FFS_TYPE_RAW && mem_eq(h, guid, 16)) {
      *data = h + FFS_HEADER_SIZE;
      *len = size - FFS_HEADER_SIZE;
      return 0;
    }
    off = (off + size + 7) & ~(size_t)7;
  }
  return -1;
}

int cfv_trust_anchor(const uint8_t *fv, size_t fv_size, const uint8_t **data, size_t *len) {
  const uint8_t *ca, *chain;
  size_t ca_len, chain_len;
  int has_ca = cfv_find(fv, fv_size, CFV_ROOT_CA_GUID, &ca, &ca_len) == 0;
  int has_chain = cfv_find(fv, fv_size, CFV_ISSUER_CHAIN_GUID, &chain, &chain_len) == 0;
  if (has_ca && has_chain) return -2;
  if (has_chain) {
    *data = chain;
    *len = chain_len;
    return CFV_ANCHOR_ISSUER_CHAIN;
  }
  if (has_ca) {
    *data = ca;
    *len = ca_len;
    return CFV_ANCHOR_ROOT_CA;
  }
  return -1;
}
