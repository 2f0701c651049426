/* Guest-side BAR placement (tdx-abi.md 7.1): nothing has programmed the BARs before us (no BIOS
 * in front of this firmware, and in a TD the host's values are not trusted anyway). Each memory
 * BAR is sized (all-ones, read back), aligned to its size and placed in the 32-bit MMIO window;
 * 64-bit BARs get a zero upper half, which keeps them reachable through the identity map of
 * 0..4 GiB. I/O BARs are left unassigned: the virtio-pci modern transport does not use them. */
#include "td.h"
#include "pci.h"

/* config/mmio_layout.json's MMIO32 window; far above the 32 MiB of RAM and below the ROM,
 * IOAPIC and LAPIC ranges at 0xFE000000+. */
#define MMIO32_BASE 0xC0000000ull
#define MMIO32_SIZE 0x20000000ull

#define BAR_IO        0x1u
#define BAR_TYPE_MASK 0x6u
#define BAR_TYPE_64   0x4u

/* Next free address in the window; devices are set up once, so a bump allocator suffices. */
static uint64_t mmio_next = MMIO32_BASE;

bool pci_assign_bars(pci_bdf d, uint64_t bar_base[PCI_BAR_COUNT], uint64_t bar_size[PCI_BAR_COUNT]) {
  /* Decoding off while BARs move, so a half-written BAR never claims an address. */
  uint16_t cmd = pci_read16(d, PCI_COMMAND);
  pci_write16(d, PCI_COMMAND, cmd & (uint16_t)~(PCI_COMMAND_MEM | 1u));
  for (int i = 0; i < PCI_BAR_COUNT; i++) bar_base[i] = bar_size[i] = 0;
  for (int i = 0; i < PCI_BAR_COUNT; i++) {
    uint8_t off = (uint8_t)(PCI_BAR0 + 4 * i);
    uint32_t orig = pci_read32(d, off);
    if (orig & BAR_IO) continue;
    bool is64 = (orig & BAR_TYPE_MASK) == BAR_TYPE_64 && i + 1 < PCI_BAR_COUNT;
    pci_write32(d, off, 0xFFFFFFFFu);
    uint64_t mask = pci_read32(d, off) & ~0xFull;
    if (is64) {
      pci_write32(d, (uint8_t)(off + 4), 0xFFFFFFFFu);
      mask |= (uint64_t)pci_read32(d, (uint8_t)(off + 4)) << 32;
    } else if (mask) {
      mask |= 0xFFFFFFFF00000000ull; /* a 32-bit BAR's size comes from its low half only */
    }
    uint64_t size = mask ? (~mask + 1) : 0; /* an unimplemented BAR reads back 0 */
    if (size == 0) {
      pci_write32(d, off, 0);
      if (is64) pci_write32(d, (uint8_t)(off + 4), 0);
    } else {
      uint64_t base = (mmio_next + size - 1) & ~(size - 1);
      if (base + size > MMIO32_BASE + MMIO32_SIZE) return false;
      mmio_next = base + size;
      pci_write32(d, off, (uint32_t)base);
      if (is64) pci_write32(d, (uint8_t)(off + 4), 0);
      bar_base[i] = base;
      bar_size[i] = size;
    }
    if (is64) i++;
  }
  pci_write16(d, PCI_COMMAND, (uint16_t)((cmd & ~1u) | PCI_COMMAND_MEM | PCI_COMMAND_BUS_MASTER));
  return true;
}
