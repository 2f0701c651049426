/* Split virtqueue (virtio 1.x §2.7; layout in tdx-abi.md 7.3), driver side, polled. Every buffer
 * is one descriptor (no chains, no indirect tables). The device sees the rings in DMA memory;
 * what the driver trusts lives here, in private memory: the shadow of each posted buffer (its
 * address and length) is the only source of buffer addresses, and a used-ring entry is accepted
 * only for an id that is in range and outstanding, its length clamped to what was posted. */
#ifndef VIRTQUEUE_H
#define VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

/* Entries per queue: a power of two; 16 is what MigTD uses and is ample for one stream. */
#define VQ_MAX_SIZE 16u

struct vq_shadow {
  uint8_t *buf;
  uint32_t len;
  bool busy;
};

struct virtq {
  uint16_t index;              /* queue number on the device */
  uint16_t size;
  uint64_t notify;             /* MMIO address the driver writes `index` to (virtio-pci.c) */
  volatile uint8_t *desc;      /* 16 * size bytes */
  volatile uint16_t *avail;    /* flags, idx, ring[size], used_event */
  volatile uint8_t *used;      /* flags u16, idx u16, {id u32, len u32}[size], avail_event */
  uint16_t avail_idx;          /* next avail.idx to publish (private copy) */
  uint16_t used_seen;          /* used.idx up to which entries were taken */
  struct vq_shadow shadow[VQ_MAX_SIZE];
};

/* Lays the queue out in two zeroed DMA pages (`mem`): descriptors and avail ring in the first,
 * used ring in the second. Interrupts are suppressed: the driver polls. */
void vq_init(struct virtq *q, uint16_t index, uint16_t size, uint8_t *mem);
/* Guest addresses of the three parts, for the transport to program. */
uint64_t vq_desc_addr(const struct virtq *q);
uint64_t vq_avail_addr(const struct virtq *q);
uint64_t vq_used_addr(const struct virtq *q);

/* Makes `buf` (DMA memory, `len` bytes) available: device-writable when `device_writes`. Returns
 * false when every descriptor is outstanding. The caller then notifies the device. */
bool vq_post(struct virtq *q, uint8_t *buf, uint32_t len, bool device_writes);
/* Takes the next used buffer: its private shadow pointer and the (clamped) length the device
 * wrote. False when nothing is used yet; bogus entries from the device are skipped. */
bool vq_pop(struct virtq *q, uint8_t **buf, uint32_t *len);
/* Number of posted buffers not yet returned. */
uint32_t vq_outstanding(const struct virtq *q);

#endif
