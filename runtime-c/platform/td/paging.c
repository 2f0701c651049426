/* paging.h. Entry formats: SDM vol. 3 4.5 (4-level paging). Tables are never freed: a split
 * 2 MiB leaf stays split when its pages become private again. */
#include "paging.h"

#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_A)
#define LEAF_FLAGS (PTE_P | PTE_RW | PTE_A | PTE_D)
#define SIZE_2M (2ull << 20)
#define SIZE_4K 4096ull

static uint64_t *table_at(const struct pt_arena *a, uint64_t phys) {
  if (phys < a->phys || phys >= a->phys + (uint64_t)a->used * SIZE_4K) return 0;
  return a->base + (phys - a->phys) / 8;
}

static uint64_t new_table(struct pt_arena *a) {
  if (a->used == a->pages) return 0;
  uint64_t *t = a->base + (uint64_t)a->used * 512;
  for (int i = 0; i < 512; i++) t[i] = 0;
  return a->phys + (uint64_t)a->used++ * SIZE_4K;
}

uint64_t pt_build_identity(struct pt_arena *a) {
  uint64_t pml4 = new_table(a), pdpt = new_table(a);
  if (!pml4 || !pdpt) return 0;
  table_at(a, pml4)[0] = pdpt | TABLE_FLAGS;
  for (uint64_t g = 0; g < PT_MAP_LIMIT >> 30; g++) {
    uint64_t pd = new_table(a);
    if (!pd) return 0;
    table_at(a, pdpt)[g] = pd | TABLE_FLAGS;
    uint64_t *e = table_at(a, pd);
    for (uint64_t i = 0; i < 512; i++) e[i] = ((g << 30) + (i << 21)) | LEAF_FLAGS | PTE_PS;
  }
  return pml4;
}

/* The PD entry mapping `va`, or NULL when the walk leaves the arena. */
static uint64_t *pd_entry(const struct pt_arena *a, uint64_t cr3, uint64_t va) {
  uint64_t *pml4 = table_at(a, cr3 & PTE_ADDR_MASK);
  if (!pml4 || !(pml4[(va >> 39) & 511] & PTE_P)) return 0;
  uint64_t *pdpt = table_at(a, pml4[(va >> 39) & 511] & PTE_ADDR_MASK);
  uint64_t e = pdpt ? pdpt[(va >> 30) & 511] : 0;
  if (!(e & PTE_P) || (e & PTE_PS)) return 0; /* no 1 GiB leaves in these tables */
  uint64_t *pd = table_at(a, e & PTE_ADDR_MASK);
  return pd ? &pd[(va >> 21) & 511] : 0;
}

/* Replaces a 2 MiB leaf by a table of 512 4 KiB leaves with the same address and flags. */
static bool split(struct pt_arena *a, uint64_t *pde) {
  uint64_t pt = new_table(a);
  if (!pt) return false;
  uint64_t *e = table_at(a, pt);
  uint64_t base = *pde & PTE_ADDR_MASK & ~(SIZE_2M - 1);
  uint64_t flags = *pde & ~PTE_ADDR_MASK & ~PTE_PS; /* bit 12 (PAT of a 2 MiB leaf) is never set here */
  for (uint64_t i = 0; i < 512; i++) e[i] = (base + i * SIZE_4K) | flags;
  *pde = pt | TABLE_FLAGS;
  return true;
}

static uint64_t edit(uint64_t e, uint64_t bit, bool shared) { return shared ? e | bit : e & ~bit; }

int32_t pt_set_shared(struct pt_arena *a, uint64_t cr3, uint64_t va, uint64_t len, uint64_t bit, bool shared) {
  if ((va | len) & (SIZE_4K - 1) || va >= PT_MAP_LIMIT || len > PT_MAP_LIMIT - va) return -1;
  if (bit == 0 || bit & ~PTE_ADDR_MASK || bit < PT_MAP_LIMIT || (bit & (bit - 1))) return -1;
  /* Splits first, so running out of tables leaves every shared bit as it was. */
  for (uint64_t p = va; p < va + len; p = (p & ~(SIZE_2M - 1)) + SIZE_2M) {
    uint64_t *pde = pd_entry(a, cr3, p);
    if (!pde || !(*pde & PTE_P)) return -1;
    bool whole = (p & (SIZE_2M - 1)) == 0 && va + len - p >= SIZE_2M;
    if ((*pde & PTE_PS) && !whole && !split(a, pde)) return -1;
  }
  int32_t n = 0;
  for (uint64_t p = va; p < va + len;) {
    uint64_t *pde = pd_entry(a, cr3, p);
    if (*pde & PTE_PS) {
      *pde = edit(*pde, bit, shared);
      p += SIZE_2M;
    } else {
      uint64_t *pt = table_at(a, *pde & PTE_ADDR_MASK);
      if (!pt) return -1;
      uint64_t *pte = &pt[(p >> 12) & 511];
      *pte = edit(*pte, bit, shared);
      p += SIZE_4K;
    }
    n++;
  }
  return n;
}

bool pt_lookup(const struct pt_arena *a, uint64_t cr3, uint64_t va, uint64_t *pte, uint64_t *page_size) {
  uint64_t *pde = pd_entry(a, cr3, va);
  if (!pde || !(*pde & PTE_P)) return false;
  if (*pde & PTE_PS) {
    *pte = *pde;
    *page_size = SIZE_2M;
    return true;
  }
  uint64_t *pt = table_at(a, *pde & PTE_ADDR_MASK);
  if (!pt || !(pt[(va >> 12) & 511] & PTE_P)) return false;
  *pte = pt[(va >> 12) & 511];
  *page_size = SIZE_4K;
  return true;
}
