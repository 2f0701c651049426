/* Our wasm-rt, part 3: linear memories. Each memory reserves its whole reachable size up front
 * (min(max_pages, platform limit)) so it never moves: the import shims and the simulator link
 * hold no pointers across calls, but a fixed base keeps private GPAs stable for the TDX module.
 * memory.grow only zeroes the new pages. Growing past the maximum or the platform limit returns
 * UINT32_MAX (the Wasm -1), never traps. */
#include "platform.h"
#include "rt.h"
#include "wasm-rt.h"

#define PAGE 65536ull
#define MAX_PAGES_32 65536ull /* 4 GiB: the wasm32 address space */

/* RT_LINEAR_SKEW (bytes, default 0; test builds only): linear memory starts this far into its
 * reservation, off every alignment the TDX module cares about, as in wasm3 (24: its memory
 * header). The imports must not care (runtime-c/src/bounce.h); the offset-memory test build
 * (mk/runtime.mk, native-skew) proves it. */
#ifndef RT_LINEAR_SKEW
#define RT_LINEAR_SKEW 0
#endif

/* Pages actually reserved for a memory with this maximum; a pure function of max_pages so
 * free_memory can recompute it without bookkeeping. */
static uint64_t reserved_pages(uint32_t max_pages) {
  uint64_t cap = plat_linear_limit() / PAGE;
  uint64_t want = max_pages == UINT32_MAX ? MAX_PAGES_32 : max_pages;
  if (want > MAX_PAGES_32) want = MAX_PAGES_32;
  /* `size` is a u32, so 65536 pages (4 GiB) is not representable: stop one page short. */
  if (want == MAX_PAGES_32) want--;
  return want < cap ? want : cap;
}

void wasm_rt_allocate_memory(wasm_rt_memory_t *mem, uint32_t initial_pages, uint32_t max_pages) {
  uint64_t reserve = reserved_pages(max_pages);
  mem->data = 0;
  mem->pages = 0;
  mem->size = 0;
  mem->max_pages = max_pages;
  if (initial_pages > reserve) rt_trap(RT_TRAP_NO_MEMORY);
  uint8_t *data = reserve ? plat_linear_alloc(reserve * PAGE + RT_LINEAR_SKEW) : 0;
  if (reserve && !data) rt_trap(RT_TRAP_NO_MEMORY);
  if (data) data += RT_LINEAR_SKEW;
  memset(data, 0, initial_pages * PAGE);
  mem->data = data;
  mem->pages = initial_pages;
  mem->size = (uint32_t)(initial_pages * PAGE);
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *mem, uint32_t delta) {
  uint32_t old = mem->pages;
  uint64_t want = (uint64_t)old + delta;
  if (delta == 0) return old;
  if (want > mem->max_pages || want > reserved_pages(mem->max_pages)) return UINT32_MAX;
  memset(mem->data + (uint64_t)old * PAGE, 0, (uint64_t)delta * PAGE);
  mem->pages = (uint32_t)want;
  mem->size = (uint32_t)(want * PAGE);
  return old;
}

void wasm_rt_free_memory(wasm_rt_memory_t *mem) {
  if (mem->data)
    plat_linear_free(mem->data - RT_LINEAR_SKEW, reserved_pages(mem->max_pages) * PAGE + RT_LINEAR_SKEW);
  mem->data = 0;
  mem->pages = 0;
  mem->size = 0;
}
