/* TD HOB walker (tdx-abi.md 3.1, td-shim's check_hob_integrity rules). */
#include "hob.h"
#include "mem.h"

#define PHIT_SIZE 56u
#define RESOURCE_SIZE 48u
#define END_SIZE 8u

int hob_unaccepted(const uint8_t *hob, uint64_t hob_gpa, size_t size, struct mem_range out[HOB_MAX_RANGES]) {
  if (size < PHIT_SIZE + END_SIZE) return -1;
  if (rd16(hob) != HOB_TYPE_HANDOFF || rd16(hob + 2) != PHIT_SIZE || rd32(hob + 4) != 0) return -1;
  if (rd64(hob + 16) & 0xFFF) return -1; /* EfiMemoryTop 4 KiB aligned */
  uint64_t end_of_list = rd64(hob + 48); /* EfiEndOfHobList: GPA just past the End HOB */
  int n7 = 0, nsys = 0;
  struct mem_range sys[HOB_MAX_RANGES];
  size_t off = 0;
  for (;;) {
    if (size - off < 8) return -1;
    const uint8_t *h = hob + off;
    uint16_t type = rd16(h), len = rd16(h + 2);
    if (len < 8 || len > size - off || rd32(h + 4) != 0) return -1;
    switch (type) {
    case HOB_TYPE_HANDOFF:
      if (off != 0 || len != PHIT_SIZE) return -1;
      break;
    case HOB_TYPE_RESOURCE: {
      if (len != RESOURCE_SIZE) return -1;
      uint32_t rtype = rd32(h + 24), attr = rd32(h + 28);
      uint64_t start = rd64(h + 32), length = rd64(h + 40);
      if (rtype >= HOB_RES_TYPE_LIMIT || (attr & ~HOB_RES_ATTR_MASK) || start + length < start) return -1;
      if (rtype == HOB_RES_UNACCEPTED) {
        if (n7 == (int)HOB_MAX_RANGES) return -1;
        out[n7++] = (struct mem_range){start, length};
      } else if (rtype == HOB_RES_SYSTEM_MEMORY) {
        if (nsys == (int)HOB_MAX_RANGES) return -1;
        sys[nsys++] = (struct mem_range){start, length};
      }
      break;
    }
    case HOB_TYPE_GUID:
      if (len < 24) return -1;
      break;
    case HOB_TYPE_END:
      if (len != END_SIZE) return -1;
      if (end_of_list < hob_gpa || end_of_list - hob_gpa != off + END_SIZE) return -1;
      if (n7 == 0) {
        for (int i = 0; i < nsys; i++) out[i] = sys[i];
        return nsys;
      }
      return n7;
    default:
      return -1;
    }
    off += ((size_t)len + 7) & ~(size_t)7;
    if (off >= size) return -1;
  }
}
