/* dma.h: a bump allocator over the region memory.c reserves at the top of SharedPool. */
#include "td.h"
#include "dma.h"

#define DMA_BASE (RAM_SHARED_POOL_BASE + RAM_SHARED_POOL_SIZE - DMA_PAGES * DMA_PAGE_SIZE)
_Static_assert(DMA_PAGES * DMA_PAGE_SIZE < RAM_SHARED_POOL_SIZE, "the DMA region must leave the core a shared pool");

static uint32_t dma_used; /* pages handed out */

void *dma_alloc(uint32_t pages) {
  if (!g_platform.shared_ready || pages > DMA_PAGES - dma_used) return 0;
  uint8_t *p = (uint8_t *)(uintptr_t)(DMA_BASE + (uint64_t)dma_used * DMA_PAGE_SIZE);
  dma_used += pages;
  for (uint64_t i = 0; i < (uint64_t)pages * DMA_PAGE_SIZE; i++) p[i] = 0;
  return p;
}

uint64_t dma_addr(const void *p) { return (uint64_t)(uintptr_t)p; }
