/* The payload's page tables (4-level, identity map of [0, 4 GiB)), built in the PageTables RAM
 * region, and the shared-bit edits that make pages host-visible in a TD (tdx-abi.md 4.5). Pure:
 * tables live in a caller-given arena whose physical address is separate from the pointer the
 * code uses, so the host unit tests run it on ordinary memory (test/firmware/native/td_units.c). */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P   (1ull << 0)
#define PTE_RW  (1ull << 1)
#define PTE_A   (1ull << 5)
#define PTE_D   (1ull << 6)
#define PTE_PS  (1ull << 7)
/* Physical address bits 51:12 of an entry (SDM vol. 3 4.5); the shared bit is one of them. */
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull

#define PT_MAP_LIMIT (4ull << 30)

struct pt_arena {
  uint64_t *base;   /* where the code reads and writes the tables */
  uint64_t phys;    /* physical address of base (what CR3 and the entries hold) */
  uint32_t pages;   /* capacity in 4 KiB tables */
  uint32_t used;
};

/* Identity map of [0, PT_MAP_LIMIT) with 2 MiB pages, present + writable, Accessed and Dirty
 * preset. Returns the PML4's physical address (the CR3 value), or 0 when the arena is too small. */
uint64_t pt_build_identity(struct pt_arena *a);
/* Sets (`shared`) or clears the shared bit in the leaves mapping [va, va + len) (4 KiB
 * multiples), splitting a 2 MiB leaf into 512 4 KiB ones where the range covers it only in
 * part. Returns the number of leaves changed, or -1 (arena exhausted, range outside the map or
 * unaligned); on -1 nothing the range maps has changed its shared bit. The caller flushes the TLB. */
int32_t pt_set_shared(struct pt_arena *a, uint64_t cr3, uint64_t va, uint64_t len, uint64_t shared_bit, bool shared);
/* The leaf entry mapping `va` and its size (4096 or 2 MiB); false when unmapped. */
bool pt_lookup(const struct pt_arena *a, uint64_t cr3, uint64_t va, uint64_t *pte, uint64_t *page_size);

#endif
