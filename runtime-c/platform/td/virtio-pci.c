/* virtio-pci.h. Capability layout (virtio 1.x §4.1.4, tdx-abi.md 7.2): vendor capability 0x09 with
 * +3 cfg_type, +4 bar, +8 offset, +12 length, and for the notify capability +16
 * notify_off_multiplier. Common configuration offsets: §4.1.4.3. */
#include "td.h"
#include "virtio-pci.h"
#include "mmio.h"
#include "dma.h"

#define CAP_VENDOR 0x09u
#define CFG_COMMON 1u
#define CFG_NOTIFY 2u
#define CFG_DEVICE 4u
#define CAP_HOPS   48u /* 256-byte config space / 4-byte minimum capability: a longer list loops */

#define COMMON_DFSELECT   0x00u
#define COMMON_DF         0x04u
#define COMMON_GFSELECT   0x08u
#define COMMON_GF         0x0Cu
#define COMMON_STATUS     0x14u
#define COMMON_Q_SELECT   0x16u
#define COMMON_Q_SIZE     0x18u
#define COMMON_Q_ENABLE   0x1Cu
#define COMMON_Q_NOFF     0x1Eu
#define COMMON_Q_DESC     0x20u
#define COMMON_Q_DRIVER   0x28u
#define COMMON_Q_DEVICE   0x30u
#define COMMON_MIN_LEN    0x38u

#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER      2u
#define STATUS_DRIVER_OK   4u
#define STATUS_FEATURES_OK 8u
#define STATUS_FAILED      128u

/* A capability's region, if it lies inside an assigned BAR. */
static uint64_t cap_region(pci_bdf d, uint8_t cap, const uint64_t base[], const uint64_t size[], uint32_t min_len, uint32_t *len) {
  uint8_t bar = pci_read8(d, (uint8_t)(cap + 4));
  uint32_t off = pci_read32(d, (uint8_t)(cap + 8));
  uint32_t n = pci_read32(d, (uint8_t)(cap + 12));
  if (bar >= PCI_BAR_COUNT || base[bar] == 0 || n < min_len) return 0;
  if ((uint64_t)off + n > size[bar]) return 0;
  if (len) *len = n;
  return base[bar] + off;
}

bool vpci_open(pci_bdf d, struct virtio_pci *dev) {
  *dev = (struct virtio_pci){.bdf = d};
  if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST)) return false;
  uint64_t base[PCI_BAR_COUNT], size[PCI_BAR_COUNT];
  if (!pci_assign_bars(d, base, size)) return false;
  uint8_t cap = pci_read8(d, PCI_CAP_PTR) & 0xFCu;
  for (uint32_t hops = 0; cap >= 0x40u && hops < CAP_HOPS; hops++) {
    if (pci_read8(d, cap) == CAP_VENDOR) {
      uint8_t type = pci_read8(d, (uint8_t)(cap + 3));
      if (type == CFG_COMMON && !dev->common) {
        dev->common = cap_region(d, cap, base, size, COMMON_MIN_LEN, 0);
      } else if (type == CFG_NOTIFY && !dev->notify) {
        dev->notify = cap_region(d, cap, base, size, 2, &dev->notify_len);
        dev->notify_mult = pci_read32(d, (uint8_t)(cap + 16));
      } else if (type == CFG_DEVICE && !dev->device) {
        dev->device = cap_region(d, cap, base, size, 1, &dev->device_len);
      }
    }
    cap = pci_read8(d, (uint8_t)(cap + 1)) & 0xFCu;
  }
  if (!dev->common || !dev->notify) return false;
  mmio_write8(dev->common + COMMON_STATUS, 0); /* reset */
  for (uint32_t spins = 0; mmio_read8(dev->common + COMMON_STATUS) != 0 && spins < 1000000u; spins++) {
  }
  return mmio_read8(dev->common + COMMON_STATUS) == 0;
}

static void status_or(struct virtio_pci *dev, uint8_t bits) {
  mmio_write8(dev->common + COMMON_STATUS, (uint8_t)(mmio_read8(dev->common + COMMON_STATUS) | bits));
}

bool vpci_negotiate(struct virtio_pci *dev, uint64_t wanted, uint64_t required) {
  status_or(dev, STATUS_ACKNOWLEDGE);
  status_or(dev, STATUS_DRIVER);
  uint64_t offered = 0;
  for (uint32_t sel = 0; sel < 2; sel++) {
    mmio_write32(dev->common + COMMON_DFSELECT, sel);
    offered |= (uint64_t)mmio_read32(dev->common + COMMON_DF) << (32 * sel);
  }
  if ((offered & required) != required) return false;
  uint64_t accept = offered & wanted;
  for (uint32_t sel = 0; sel < 2; sel++) {
    mmio_write32(dev->common + COMMON_GFSELECT, sel);
    mmio_write32(dev->common + COMMON_GF, (uint32_t)(accept >> (32 * sel)));
  }
  status_or(dev, STATUS_FEATURES_OK);
  return (mmio_read8(dev->common + COMMON_STATUS) & STATUS_FEATURES_OK) != 0;
}

bool vpci_queue(struct virtio_pci *dev, struct virtq *q, uint16_t index) {
  mmio_write16(dev->common + COMMON_Q_SELECT, index);
  uint16_t max = mmio_read16(dev->common + COMMON_Q_SIZE);
  uint16_t n = VQ_MAX_SIZE;
  while (n > max) n >>= 1; /* largest power of two the device takes */
  if (n == 0) return false;
  uint8_t *mem = dma_alloc(2);
  if (!mem) return false;
  vq_init(q, index, n, mem);
  mmio_write16(dev->common + COMMON_Q_SIZE, n);
  mmio_write64_split(dev->common + COMMON_Q_DESC, vq_desc_addr(q));
  mmio_write64_split(dev->common + COMMON_Q_DRIVER, vq_avail_addr(q));
  mmio_write64_split(dev->common + COMMON_Q_DEVICE, vq_used_addr(q));
  uint64_t noff = (uint64_t)mmio_read16(dev->common + COMMON_Q_NOFF) * dev->notify_mult;
  if (noff + 2 > dev->notify_len) return false; /* the doorbell must be inside the notify region */
  q->notify = dev->notify + noff;
  mmio_write16(dev->common + COMMON_Q_ENABLE, 1);
  return mmio_read16(dev->common + COMMON_Q_ENABLE) == 1;
}

void vpci_driver_ok(struct virtio_pci *dev) { status_or(dev, STATUS_DRIVER_OK); }
void vpci_fail(struct virtio_pci *dev) { status_or(dev, STATUS_FAILED); }

void vpci_kick(const struct virtq *q) { mmio_write16(q->notify, q->index); }

uint32_t vpci_device_read32(const struct virtio_pci *dev, uint32_t off) {
  if (!dev->device || off + 4 > dev->device_len) return 0;
  return mmio_read32(dev->device + off);
}
