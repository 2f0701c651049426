/* TD HOB validation and the unaccepted-memory ranges it lists (tdx-abi.md 3.1). The HOB comes
 * from the VMM: it is checked as td-shim checks it before anything is used. */
#ifndef HOB_H
#define HOB_H

#include <stddef.h>
#include <stdint.h>

#define HOB_TYPE_HANDOFF       0x0001u
#define HOB_TYPE_RESOURCE      0x0003u
#define HOB_TYPE_GUID          0x0004u
#define HOB_TYPE_END           0xFFFFu
#define HOB_RES_SYSTEM_MEMORY  0u
#define HOB_RES_MEMORY_RESERVED 5u
#define HOB_RES_UNACCEPTED     7u
#define HOB_RES_TYPE_LIMIT     8u
#define HOB_RES_ATTR_MASK      0x07FFFFFFu
#define HOB_MAX_RANGES         16u /* more RAM ranges than any VMM reports for a MigTD */

struct mem_range { uint64_t base, size; };

/* Checks the whole list (exact sizes, reserved 0, in-bounds, End where PHIT says) and collects
 * the ranges to accept (hob_gpa = where the VMM put it, for the EfiEndOfHobList check): type-7 resources, or, from a VMM that reports none, the SYSTEM_MEMORY
 * ones (td-shim's remap of older VMMs). Returns the number of ranges, or -1 if invalid. */
int hob_unaccepted(const uint8_t *hob, uint64_t hob_gpa, size_t size, struct mem_range out[HOB_MAX_RANGES]);

#endif
