/* virtio-pci modern transport (virtio 1.x §4.1; summary in tdx-abi.md 7.2), polled: no MSI-X,
 * no INTx. Every register access goes through mmio.h. */
#ifndef VIRTIO_PCI_H
#define VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include "pci.h"
#include "virtqueue.h"

#define VIRTIO_PCI_VENDOR 0x1AF4u

/* Feature bits (virtio 1.x §6). */
#define VIRTIO_F_VERSION_1       (1ull << 32)
#define VIRTIO_F_ACCESS_PLATFORM (1ull << 33)

struct virtio_pci {
  pci_bdf bdf;
  uint64_t common;      /* common configuration structure */
  uint64_t notify;      /* notification area */
  uint32_t notify_len;
  uint32_t notify_mult; /* notify_off_multiplier */
  uint64_t device;      /* device-specific configuration (0: none) */
  uint32_t device_len;
};

/* Places the BARs, walks the vendor capabilities and resets the device. False when the
 * capabilities are missing, malformed or outside their BARs. */
bool vpci_open(pci_bdf bdf, struct virtio_pci *dev);
/* ACKNOWLEDGE, DRIVER, then features: accepts what the device offers of `wanted`, fails unless
 * it offers every bit of `required`; FEATURES_OK must stick. */
bool vpci_negotiate(struct virtio_pci *dev, uint64_t wanted, uint64_t required);
/* Sets queue `index` up with at most VQ_MAX_SIZE entries in two fresh DMA pages and enables it. */
bool vpci_queue(struct virtio_pci *dev, struct virtq *q, uint16_t index);
void vpci_driver_ok(struct virtio_pci *dev);
void vpci_fail(struct virtio_pci *dev);
/* Tells the device that queue `q` has new available buffers. */
void vpci_kick(const struct virtq *q);
/* Device-specific configuration reads at `off` (0 beyond the region). */
uint32_t vpci_device_read32(const struct virtio_pci *dev, uint32_t off);

#endif
