/* PCI configuration space through the legacy CF8/CFC mechanism (tdx-abi.md 7.1): bus 0 only, the
 * first 256 bytes of each function, which is all the virtio capabilities need. The I/O goes
 * through firmware/common/port-io.c, so in a TD each access is a TDG.VP.VMCALL<Instruction.IO>. */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stdint.h>

/* bus << 8 | device << 3 | function */
typedef uint16_t pci_bdf;

#define PCI_VENDOR_ID  0x00u
#define PCI_DEVICE_ID  0x02u
#define PCI_COMMAND    0x04u
#define PCI_STATUS     0x06u
#define PCI_BAR0       0x10u
#define PCI_CAP_PTR    0x34u

#define PCI_COMMAND_MEM        0x0002u
#define PCI_COMMAND_BUS_MASTER 0x0004u
#define PCI_STATUS_CAP_LIST    0x0010u
#define PCI_BAR_COUNT          6

uint8_t pci_read8(pci_bdf d, uint8_t off);
uint16_t pci_read16(pci_bdf d, uint8_t off);
uint32_t pci_read32(pci_bdf d, uint8_t off);
void pci_write16(pci_bdf d, uint8_t off, uint16_t v);
void pci_write32(pci_bdf d, uint8_t off, uint32_t v);

/* The first function 0 on bus 0 whose vendor is `vendor` and whose device id is one of the
 * `n` ids given; false when there is none. */
bool pci_find(uint16_t vendor, const uint16_t *ids, int n, pci_bdf *out);

/* Sizes and places every memory BAR of `d` in the MMIO window (pci-bars.c), then enables
 * memory decoding and bus mastering. `bar_base[i]` receives BAR i's address (0: unassigned,
 * including I/O BARs and the upper half of a 64-bit BAR). False when the window is exhausted. */
bool pci_assign_bars(pci_bdf d, uint64_t bar_base[PCI_BAR_COUNT], uint64_t bar_size[PCI_BAR_COUNT]);

#endif
