/* Memory the runtime hands out: the core's linear memory from the Heap region (one bump arena:
 * wasm-rt reserves each memory once, at its full size), the persist area, the shared pool. */
#include "td.h"
#include "migtd_abi.h"
#include "dma.h"

static uint64_t heap_used, heap_cap = RAM_HEAP_SIZE;
static void *last_alloc;
static struct plat_persist persist;

void *plat_linear_alloc(uint64_t bytes) {
  bytes = (bytes + 0xFFFu) & ~0xFFFull;
  if (bytes > heap_cap - heap_used) return 0;
  void *p = (void *)(uintptr_t)(RAM_HEAP_BASE + heap_used);
  heap_used += bytes;
  last_alloc = p;
  return p;
}

/* Only the most recent allocation can be returned (the supervisor frees one instance before
 * it creates the next, so this is the common case); anything else stays reserved. It is known
 * by its base: the caller recomputes the size from plat_linear_limit, which a cap may have
 * lowered since. */
void plat_linear_free(void *base, uint64_t bytes) {
  (void)bytes;
  if (base && base == last_alloc) {
    heap_used = (uint64_t)(uintptr_t)base - RAM_HEAP_BASE;
    last_alloc = 0;
  }
}

uint64_t plat_linear_limit(void) { return heap_cap; }

/* td.h. Only ever lowers the cap, and never below what is already handed out. */
void memory_cap_heap(uint64_t bytes) {
  if (bytes < heap_used) bytes = heap_used;
  if (bytes < heap_cap) heap_cap = bytes;
}

/* Identity mapping: a linear-memory offset's GPA is its address. */
uint64_t plat_private_gpa(const struct abi_mem *mem, uint64_t off) { return (uint64_t)(uintptr_t)mem->base + off; }

struct plat_persist *plat_persist_area(void) { return &persist; }

/* The import layer's bounce area (runtime-c/src/bounce.h): private .bss in PayloadImage,
 * identity-mapped, so its GPA is its address. */
static uint8_t bounce[4 * 4096] __attribute__((aligned(4096)));

void plat_bounce_area(struct plat_bounce_area *out) {
  out->base = bounce;
  out->bytes = sizeof bounce;
  out->gpa = (uint64_t)(uintptr_t)bounce;
}

/* The pool is host-visible once shared.c has converted it (in a TD: shared bit in its PTEs and
 * MapGPA; without TDX it is plain RAM and GPAs carry the simulator's shared bit). If that failed
 * the pool is empty and shared_alloc reports ABI_ERR_NO_RESOURCE rather than hand out private
 * pages as shared. The top DMA_PAGES pages of the region are the virtio drivers' (dma.c), never
 * the core's. */
void plat_shared_pool(struct plat_shared_pool *out) {
  out->base = (uint8_t *)(uintptr_t)RAM_SHARED_POOL_BASE;
  out->pages = !g_platform.shared_ready ? 0 : (uint32_t)(RAM_SHARED_POOL_SIZE / 4096u) - DMA_PAGES;
  out->gpa = RAM_SHARED_POOL_BASE | g_platform.shared_bit;
}
