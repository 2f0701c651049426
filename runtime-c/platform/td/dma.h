/* Device-visible memory for the virtio drivers: rings and bounce buffers (tdx-abi.md 7.3, 7.4).
 * It is the top DMA_PAGES pages of the SharedPool region, kept out of the core's shared_alloc
 * pool by memory.c. Without TDX that is ordinary RAM the device can read and write. In a TD the
 * pages would first have to be converted to shared (PTE shared bit + MapGPA), which this platform
 * does not do yet, so dma_alloc returns NULL there and the drivers stay off. */
#ifndef DMA_H
#define DMA_H

#include <stdint.h>

/* Four queues of 16 entries (2 pages each), 8 + 8 data pages, one control page, spare. */
#define DMA_PAGES 32u
#define DMA_PAGE_SIZE 4096u

/* `pages` zeroed, page-aligned pages, or NULL when none are left (or in a TD). Never freed:
 * drivers allocate once, at setup. */
void *dma_alloc(uint32_t pages);
/* The address a device uses for `p`: the plain GPA, without the shared bit (tdx-abi.md 4.5). */
uint64_t dma_addr(const void *p);

#endif
