/* malloc/calloc/realloc/free for the engine layer (wasm3 allocates its runtime, compiled code
 * and linear memory with them; wasm2c never does).
 *
 * One arena, reserved from the platform on first use with plat_linear_alloc(plat_linear_limit()):
 * in the TD that is the whole payload heap (RAM_HEAP_SIZE), on Linux 1 GiB of address space
 * committed on touch. Limits:
 *   - everything allocated at once (headers included) fits in that arena; past it malloc returns
 *     NULL (wasm3 then reports "memory allocation failed" / memory.grow returns -1);
 *   - a block is 16-byte aligned with a 16-byte header; requests round up to 16 (minimum 16);
 *   - first fit over one free list: O(free blocks) per allocation, no size classes;
 *   - not thread-safe and not reentrant (the engine runs on one CPU, never from an interrupt).
 * Blocks carry their own size and the previous block's size (boundary tags), so free coalesces
 * with both neighbours in O(1). The arena's untouched tail ("top") is handed out last, and a freed
 * or grown last block merges with it: the usual wasm3 pattern, linear memory realloc'ed larger
 * at memory.grow, then grows in place without a copy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "rt_heap.h"

struct block {
  size_t size;      /* whole block in bytes, multiple of 16; bit 0: allocated */
  size_t prev_size; /* the block just before (0 for the first) */
  /* free blocks: the free-list links overlay the payload */
  struct block *next, *prev;
};

#define HDR 16u
#define MIN_BLOCK 32u /* header + the two links */
#define USED 1u

static uint8_t *arena, *top, *end; /* [arena, top) holds blocks, [top, end) untouched */
static struct block *free_list;
static size_t last_size; /* size of the block ending at top (its prev_size for the next) */

static size_t bsize(const struct block *b) { return b->size & ~(size_t)15; }
static struct block *after(struct block *b) { return (struct block *)((uint8_t *)b + bsize(b)); }

static int reserve(void) {
  uint64_t bytes = plat_linear_limit();
  uint8_t *p = bytes ? plat_linear_alloc(bytes) : 0;
  if (!p) return -1;
  uintptr_t a = ((uintptr_t)p + 15) & ~(uintptr_t)15;
  arena = top = (uint8_t *)a;
  end = p + bytes;
  return 0;
}

static void unlink_free(struct block *b) {
  if (b->prev) b->prev->next = b->next;
  else free_list = b->next;
  if (b->next) b->next->prev = b->prev;
}

static void push_free(struct block *b) {
  b->size &= ~(size_t)USED;
  b->prev = 0;
  b->next = free_list;
  if (free_list) free_list->prev = b;
  free_list = b;
}

/* Sets b's size and tells its successor (a block, or top) where b starts. */
static void set_size(struct block *b, size_t size, size_t used) {
  b->size = size | used;
  uint8_t *n = (uint8_t *)b + size;
  if (n == top) last_size = size;
  else ((struct block *)n)->prev_size = size;
}

/* Splits an allocated block to `size` when the rest can be a block of its own. */
static void trim(struct block *b, size_t size) {
  size_t have = bsize(b);
  if (have - size < MIN_BLOCK) return;
  set_size(b, size, USED);
  struct block *rest = after(b);
  rest->prev_size = size;
  set_size(rest, have - size, 0);
  free((uint8_t *)rest + HDR); /* merges with what follows, or goes back to top */
}

/* n bytes of payload -> block size, or 0 when that overflows. */
static size_t need(size_t n) {
  if (n > SIZE_MAX / 2) return 0;
  size_t s = (n + HDR + 15) & ~(size_t)15;
  return s < MIN_BLOCK ? MIN_BLOCK : s;
}

static struct block *from_top(size_t size) {
  if ((size_t)(end - top) < size) return 0;
  struct block *b = (struct block *)top;
  b->prev_size = last_size;
  top += size;
  set_size(b, size, USED);
  return b;
}

void *malloc(size_t n) {
  size_t size = need(n);
  if (!size || (!arena && reserve())) return 0;
  for (struct block *b = free_list; b; b = b->next) {
    if (bsize(b) >= size) {
      unlink_free(b);
      b->size |= USED;
      trim(b, size);
      return (uint8_t *)b + HDR;
    }
  }
  struct block *b = from_top(size);
  return b ? (uint8_t *)b + HDR : 0;
}

void *calloc(size_t count, size_t n) {
  if (n && count > SIZE_MAX / n) return 0;
  void *p = malloc(count * n);
  if (p) memset(p, 0, count * n);
  return p;
}

void free(void *p) {
  if (!p) return;
  struct block *b = (struct block *)((uint8_t *)p - HDR);
  size_t size = bsize(b);
  /* merge with the following free block, or give the block back to top */
  struct block *n = after(b);
  if ((uint8_t *)n != top && !(n->size & USED)) {
    unlink_free(n);
    size += bsize(n);
  }
  if (b->prev_size) {
    struct block *pv = (struct block *)((uint8_t *)b - b->prev_size);
    if (!(pv->size & USED)) {
      unlink_free(pv);
      size += bsize(pv);
      b = pv;
    }
  }
  if ((uint8_t *)b + size == top) {
    top = (uint8_t *)b;
    last_size = b->prev_size;
    return;
  }
  set_size(b, size, 0);
  push_free(b);
}

void *realloc(void *p, size_t n) {
  if (!p) return malloc(n);
  size_t size = need(n);
  if (!size) return 0;
  struct block *b = (struct block *)((uint8_t *)p - HDR);
  size_t have = bsize(b);
  if (have >= size) {
    trim(b, size);
    return p;
  }
  struct block *nx = after(b);
  if ((uint8_t *)nx == top) { /* the last block: grow into top */
    if ((size_t)(end - (uint8_t *)b) >= size) {
      top = (uint8_t *)b + size;
      set_size(b, size, USED);
      return p;
    }
  } else if (!(nx->size & USED) && have + bsize(nx) >= size) {
    unlink_free(nx);
    set_size(b, have + bsize(nx), USED);
    trim(b, size);
    return p;
  }
  void *q = malloc(n);
  if (!q) return 0;
  memcpy(q, p, have - HDR);
  free(p);
  return q;
}

void rt_heap_stats(struct rt_heap_stats *out) {
  memset(out, 0, sizeof *out);
  if (!arena) return;
  out->arena = (size_t)(end - arena);
  out->free = (size_t)(end - top);
  for (struct block *b = (struct block *)arena; (uint8_t *)b < top; b = after(b)) {
    if (b->size & USED) {
      out->used += bsize(b);
      out->blocks++;
    } else {
      out->free += bsize(b);
    }
  }
}

int rt_heap_check(void) {
  if (!arena) return free_list ? -1 : 0;
  size_t prev = 0, nfree = 0;
  int prev_free = 0;
  for (struct block *b = (struct block *)arena; (uint8_t *)b < top; b = after(b)) {
    size_t s = bsize(b);
    if (s < MIN_BLOCK || (uint8_t *)b + s > top) return -2;
    if (b->prev_size != prev) return -3;
    int is_free = !(b->size & USED);
    if (is_free && prev_free) return -4; /* two free neighbours were not merged */
    nfree += is_free;
    prev_free = is_free;
    prev = s;
  }
  if (prev != last_size) return -5;
  if (prev_free) return -6; /* a free last block should have gone back to top */
  for (struct block *b = free_list; b; b = b->next) {
    if (b->size & USED) return -7;
    if (b->next && b->next->prev != b) return -8;
    if (!nfree--) return -9;
  }
  return nfree ? -10 : 0;
}
