/* Device-visible memory for the virtio drivers: rings and bounce buffers (tdx-abi.md 7.3, 7.4).
 * It is the top DMA_PAGES pages of the SharedPool region, kept out of the core's shared_alloc
 * pool by memory.c. Without TDX that is ordinary RAM the device can read and write; in a TD
 * shared.c has converted the whole SharedPool to shared at boot (PTE shared bit + MapGPA). When
 * that conversion failed dma_alloc returns NULL and the drivers stay off. */
#ifndef DMA_H
#define DMA_H

#include <stdint.h>

/* virtio-serial: four queues of 16 entries (2 pages each), 8 + 8 data pages, one control page;
 * virtio-vsock: three queues, 8 + 8 packet pages, one event page. 48 of the pool's 448 pages. */
#define DMA_PAGES 48u
#define DMA_PAGE_SIZE 4096u

/* `pages` zeroed, page-aligned pages, or NULL when none are left (or no shared pool). Never freed:
 * drivers allocate once, at setup. */
void *dma_alloc(uint32_t pages);
/* The address a device uses for `p`: the plain GPA, without the shared bit (tdx-abi.md 4.5). */
uint64_t dma_addr(const void *p);

#endif
