/* MMIO accessors (mmio.h). The TD path hands the access to the VMM with the shared bit set on the
 * GPA, as GHCI requires for #VE.RequestMMIO (tdx-abi.md 4.3). */
#include "td.h"
#include "mmio.h"
#include "tdcall.h"

static uint64_t vmcall_mmio(uint32_t size, bool write, uint64_t addr, uint64_t data) {
  return td_vmcall_access(VMCALL_MMIO, size, write, addr | g_platform.shared_bit, data);
}

#define MMIO_READ(bits)                                                                 \
  uint##bits##_t mmio_read##bits(uint64_t addr) {                                       \
    if (g_platform.tdx) return (uint##bits##_t)vmcall_mmio(bits / 8, false, addr, 0);   \
    return *(volatile uint##bits##_t *)(uintptr_t)addr;                                 \
  }
#define MMIO_WRITE(bits)                                                                \
  void mmio_write##bits(uint64_t addr, uint##bits##_t v) {                              \
    if (g_platform.tdx) {                                                               \
      vmcall_mmio(bits / 8, true, addr, v);                                             \
      return;                                                                           \
    }                                                                                   \
    *(volatile uint##bits##_t *)(uintptr_t)addr = v;                                    \
  }

MMIO_READ(8)
MMIO_READ(16)
MMIO_READ(32)
MMIO_WRITE(8)
MMIO_WRITE(16)
MMIO_WRITE(32)

void mmio_write64_split(uint64_t addr, uint64_t v) {
  mmio_write32(addr, (uint32_t)v);
  mmio_write32(addr + 4, (uint32_t)(v >> 32));
}
