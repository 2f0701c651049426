/* Shared buffer allocator over the platform's pool: first-fit runs of pages, at most
 * POOL_MAX_BUFFERS live buffers (the core needs a handful: the Service-TD request/response pair
 * per migration and a GetQuote buffer) and POOL_MAX_PAGES pages (16 MiB, far above what the
 * platforms provide). Buffers are zeroed on allocation and on free, so nothing private lingers in
 * host-visible memory. */
#include <string.h>

#include "migtd_abi.h"
#include "platform.h"
#include "shared_pool.h"

#define PAGE_SIZE 4096u
#define POOL_MAX_BUFFERS 64
#define POOL_MAX_PAGES 4096u

struct buffer {
  uint32_t first, pages; /* pages == 0: slot free */
};

static struct plat_shared_pool pool;
static int pool_ready;
static struct buffer buffers[POOL_MAX_BUFFERS];
static uint8_t page_used[POOL_MAX_PAGES];

static void ensure_pool(void) {
  if (pool_ready) return;
  plat_shared_pool(&pool);
  if (pool.pages > POOL_MAX_PAGES) pool.pages = POOL_MAX_PAGES;
  pool_ready = 1;
}

static struct buffer *lookup(int32_t h) {
  ensure_pool();
  if (h < 0 || h >= POOL_MAX_BUFFERS || buffers[h].pages == 0) return 0;
  return &buffers[h];
}

int32_t pool_alloc(uint32_t pages) {
  ensure_pool();
  if (pages == 0 || pages > pool.pages) return ABI_ERR_NO_RESOURCE;
  int32_t h = -1;
  for (int32_t i = 0; i < POOL_MAX_BUFFERS && h < 0; i++)
    if (buffers[i].pages == 0) h = i;
  if (h < 0) return ABI_ERR_NO_RESOURCE;
  for (uint32_t start = 0, run = 0; start + run < pool.pages;) {
    if (page_used[start + run]) {
      start += run + 1;
      run = 0;
      continue;
    }
    if (++run == pages) {
      memset(page_used + start, 1, pages);
      memset(pool.base + (uint64_t)start * PAGE_SIZE, 0, (uint64_t)pages * PAGE_SIZE);
      buffers[h].first = start;
      buffers[h].pages = pages;
      return h;
    }
  }
  return ABI_ERR_NO_RESOURCE;
}

uint8_t *pool_buffer(int32_t h, uint32_t *bytes) {
  struct buffer *b = lookup(h);
  if (!b) return 0;
  *bytes = b->pages * PAGE_SIZE;
  return pool.base + (uint64_t)b->first * PAGE_SIZE;
}

uint64_t pool_gpa(int32_t h) {
  struct buffer *b = lookup(h);
  return b ? pool.gpa + (uint64_t)b->first * PAGE_SIZE : 0;
}

void pool_free(int32_t h) {
  struct buffer *b = lookup(h);
  if (!b) return;
  memset(pool.base + (uint64_t)b->first * PAGE_SIZE, 0, (uint64_t)b->pages * PAGE_SIZE);
  memset(page_used + b->first, 0, b->pages);
  b->pages = 0;
}

void pool_reset(void) {
  for (int32_t h = 0; h < POOL_MAX_BUFFERS; h++) pool_free(h);
}
