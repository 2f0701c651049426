/* Payload hand-off: the flat image described by struct payload_header (shim/memory-map.json). */
#ifndef PAYLOAD_H
#define PAYLOAD_H

#include <stdbool.h>
#include "layout.h"

#define PAYLOAD_MAGIC 0x314C504Du   /* "MPL1" */
#define BOOT_INFO_MAGIC 0x3149424Du /* "MBI1" */
#define BOOT_INFO_FLAG_TDX 1u

/* Checks the header against the memory map; 0 or a negative reason. */
int payload_check(const struct payload_header *h);

/* Copies the image, zeroes the rest of mem_size, switches to the payload stack and calls
 * entry(boot_info). Does not return. */
__attribute__((noreturn)) void payload_enter(const struct payload_header *h, struct boot_info *bi);

#endif
