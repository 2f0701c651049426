/* The payload's own page tables and, in a TD, the host-visible SharedPool (tdx-abi.md 4.5,
 * 7.4): the pool's leaves get the shared bit, the TLB is flushed, then TDG.VP.VMCALL<MapGPA>
 * converts the range once at boot. After that shared_alloc (memory.c) and the virtio DMA region
 * (dma.c) hand out pages the VMM and devices can reach. Without TDX the tables carry no shared
 * bit (plain RAM is already host-visible) but are built and loaded all the same, so every QEMU
 * boot runs on them. */
#include "td.h"
#include "paging.h"
#include "mapgpa.h"

static struct pt_arena arena;
static uint64_t cr3;

static uint64_t real_tdcall(void *ctx, struct td_regs *r) {
  (void)ctx;
  return td_call(r);
}

static void load_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }

/* GPAW from TDG.VP.INFO RCX[5:0] (tdx-abi.md 4.1); 0 when the answer is not 48 or 52. */
static uint32_t td_gpaw(void) {
  struct td_regs r = {.rax = TDG_VP_INFO};
  if (td_call(&r) != TDX_SUCCESS) return 0;
  uint32_t w = (uint32_t)(r.rcx & 0x3F);
  return w == 48 || w == 52 ? w : 0;
}

static bool convert_pool(void) {
  uint32_t gpaw = td_gpaw();
  if (!gpaw) {
    console_puts("runtime: TDG.VP.INFO gave no usable GPAW: no shared memory\n");
    return false;
  }
  g_platform.shared_bit = 1ull << (gpaw - 1);
  if (pt_set_shared(&arena, cr3, RAM_SHARED_POOL_BASE, RAM_SHARED_POOL_SIZE, g_platform.shared_bit, true) < 0) {
    console_puts("runtime: cannot map the shared pool: no shared memory\n");
    return false;
  }
  load_cr3(cr3);
  uint64_t done;
  enum mapgpa_status s = map_gpa(RAM_SHARED_POOL_BASE, RAM_SHARED_POOL_SIZE, g_platform.shared_bit, true, real_tdcall, 0, &done);
  if (s != MAPGPA_OK) {
    /* Back to private mappings; pages the VMM did convert stay unusable (never touched again). */
    pt_set_shared(&arena, cr3, RAM_SHARED_POOL_BASE, RAM_SHARED_POOL_SIZE, g_platform.shared_bit, false);
    load_cr3(cr3);
    console_puts("runtime: MapGPA of the shared pool failed: no shared memory\n");
    return false;
  }
  /* Conversion does not keep contents (tdx-abi.md 4.5): start from zeroes. */
  volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)RAM_SHARED_POOL_BASE;
  for (uint64_t i = 0; i < RAM_SHARED_POOL_SIZE / 8; i++) p[i] = 0;
  return true;
}

void paging_init(void) {
  arena = (struct pt_arena){.base = (uint64_t *)(uintptr_t)RAM_PAGE_TABLES_BASE, .phys = RAM_PAGE_TABLES_BASE,
                            .pages = (uint32_t)(RAM_PAGE_TABLES_SIZE / 4096u)};
  cr3 = pt_build_identity(&arena);
  if (!cr3) plat_panic("page tables do not fit the PageTables region", __FILE__, __LINE__);
  load_cr3(cr3);
  g_platform.shared_ready = g_platform.tdx ? convert_pool() : true;
  if (g_platform.tdx && g_platform.shared_ready) console_puts("runtime: shared pool converted (MapGPA)\n");
}
