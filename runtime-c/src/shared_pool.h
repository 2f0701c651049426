/* Shared (host-visible) buffers carved from the platform's pool (platform.h). Handles are slot
 * indices; buffers are runs of contiguous 4 KiB pages. */
#ifndef MIGTD_SHARED_POOL_H
#define MIGTD_SHARED_POOL_H

#include <stdint.h>

int32_t pool_alloc(uint32_t pages);                  /* handle or ABI_ERR_NO_RESOURCE */
uint8_t *pool_buffer(int32_t h, uint32_t *bytes);   /* NULL for an unknown handle */
uint64_t pool_gpa(int32_t h);                        /* 0 for an unknown handle */
void pool_free(int32_t h);                           /* zeroes; unknown handles ignored */
void pool_reset(void);                               /* frees everything (new core instance) */

#endif
