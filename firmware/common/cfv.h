/* Lookup of enrolled files in the config firmware volume (migtd.md 5.2). The CFV comes from the
 * VMM (PAGE.ADD, not in MRTD): every read is bounds-checked against the volume. */
#ifndef CFV_H
#define CFV_H

#include <stddef.h>
#include <stdint.h>

#define CFV_HEADER_SIZE 120u
#define FFS_HEADER_SIZE 24u
#define FFS_TYPE_RAW 0x01u

/* File names (EFI GUID byte order). */
extern const uint8_t CFV_POLICY_GUID[16];     /* 0BE92DC3-6221-4C98-87C1-8EEFFD70DE5A */
extern const uint8_t CFV_ROOT_CA_GUID[16];    /* CA437832-4C51-4322-B13D-A21BD0C8FFF6 */

/* Finds the first RAW file named `guid`; sets *data and *len and returns 0, or -1. */
int cfv_find(const uint8_t *fv, size_t fv_size, const uint8_t guid[16], const uint8_t **data, size_t *len);

#endif
