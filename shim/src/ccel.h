/* The CCEL ACPI table (tdx-abi.md 6.1) that tells the payload where the event log is. */
#ifndef CCEL_H
#define CCEL_H

#include <stdint.h>

#define CCEL_SIZE 56u
#define CCEL_CC_TYPE_TDX 2u

void ccel_build(uint8_t out[CCEL_SIZE], uint64_t log_base, uint64_t log_size);

#endif
