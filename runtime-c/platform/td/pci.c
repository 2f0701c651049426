/* CF8/CFC configuration access and device lookup (pci.h). CONFIG_ADDRESS = 0x80000000 | bus<<16 |
 * dev<<11 | fn<<8 | (reg & 0xFC), then the data port at 0xCFC + (reg & 3) (tdx-abi.md 7.1). */
#include "td.h"
#include "pci.h"

#define PCI_CONFIG_ADDRESS 0xCF8u
#define PCI_CONFIG_DATA    0xCFCu
#define PCI_DEVICES        32

static void select(pci_bdf d, uint8_t off) { io_out32(PCI_CONFIG_ADDRESS, 0x80000000u | (uint32_t)d << 8 | (off & 0xFCu)); }

uint8_t pci_read8(pci_bdf d, uint8_t off) {
  select(d, off);
  return io_in8((uint16_t)(PCI_CONFIG_DATA + (off & 3u)));
}

uint16_t pci_read16(pci_bdf d, uint8_t off) {
  select(d, off);
  return io_in16((uint16_t)(PCI_CONFIG_DATA + (off & 2u)));
}

uint32_t pci_read32(pci_bdf d, uint8_t off) {
  select(d, off);
  return io_in32(PCI_CONFIG_DATA);
}

void pci_write16(pci_bdf d, uint8_t off, uint16_t v) {
  select(d, off);
  io_out16((uint16_t)(PCI_CONFIG_DATA + (off & 2u)), v);
}

void pci_write32(pci_bdf d, uint8_t off, uint32_t v) {
  select(d, off);
  io_out32(PCI_CONFIG_DATA, v);
}

bool pci_find(uint16_t vendor, const uint16_t *ids, int n, pci_bdf *out) {
  for (int dev = 0; dev < PCI_DEVICES; dev++) {
    pci_bdf d = (pci_bdf)(dev << 3);
    if (pci_read16(d, PCI_VENDOR_ID) != vendor) continue;
    uint16_t id = pci_read16(d, PCI_DEVICE_ID);
    for (int i = 0; i < n; i++) {
      if (id == ids[i]) {
        *out = d;
        return true;
      }
    }
  }
  return false;
}
