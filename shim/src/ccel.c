/* CCEL table, revision 1, with td-shim's OEM fields (tdx-abi.md 6.1). */
#include "ccel.h"
#include "mem.h"

void ccel_build(uint8_t out[CCEL_SIZE], uint64_t log_base, uint64_t log_size) {
  mem_set(out, 0, CCEL_SIZE);
  mem_copy(out + 0, "CCEL", 4);
  wr32(out + 4, CCEL_SIZE);
  out[8] = 1;                      /* revision */
  mem_copy(out + 10, "INTEL ", 6); /* OEMID */
  mem_copy(out + 16, "SHIM    ", 8);
  wr32(out + 24, 1);               /* OEM revision */
  mem_copy(out + 28, "SHIM", 4);   /* creator ID */
  wr32(out + 32, 1);               /* creator revision */
  out[36] = CCEL_CC_TYPE_TDX;
  out[37] = 0;                     /* subtype */
  wr64(out + 40, log_size);        /* LAML */
  wr64(out + 48, log_base);        /* LASA */
  uint8_t sum = 0;
  for (unsigned i = 0; i < CCEL_SIZE; i++) sum = (uint8_t)(sum + out[i]);
  out[9] = (uint8_t)(0 - sum);
}
