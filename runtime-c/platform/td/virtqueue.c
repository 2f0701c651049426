/* virtqueue.h. Ordering (virtio 1.x §2.7.13, tdx-abi.md 7.3): descriptor and ring entry are
 * written, then a full fence, then avail.idx; on pop, used.idx is read, then a fence, then the
 * entry. A fence is overkill on x86 for the device's view, but it also stops the compiler from
 * reordering the volatile ring accesses around the plain shadow updates. */
#include "td.h"
#include "virtqueue.h"
#include "dma.h"

#define DESC_F_WRITE 2u
#define AVAIL_F_NO_INTERRUPT 1u

static inline void fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

static void put16(volatile uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(volatile uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(volatile uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint32_t get32(const volatile uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const volatile uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

void vq_init(struct virtq *q, uint16_t index, uint16_t size, uint8_t *mem) {
  q->index = index;
  q->size = size;
  q->notify = 0;
  q->desc = mem;
  q->avail = (volatile uint16_t *)(mem + 16u * size);
  q->used = mem + DMA_PAGE_SIZE;
  q->avail_idx = 0;
  q->used_seen = 0;
  for (uint32_t i = 0; i < VQ_MAX_SIZE; i++) q->shadow[i] = (struct vq_shadow){0};
  q->avail[0] = AVAIL_F_NO_INTERRUPT;
  q->avail[1] = 0;
}

uint64_t vq_desc_addr(const struct virtq *q) { return dma_addr((const void *)q->desc); }
uint64_t vq_avail_addr(const struct virtq *q) { return dma_addr((const void *)q->avail); }
uint64_t vq_used_addr(const struct virtq *q) { return dma_addr((const void *)q->used); }

bool vq_post(struct virtq *q, uint8_t *buf, uint32_t len, bool device_writes) {
  uint16_t id = 0;
  while (id < q->size && q->shadow[id].busy) id++;
  if (id == q->size) return false;
  q->shadow[id] = (struct vq_shadow){.buf = buf, .len = len, .busy = true};
  volatile uint8_t *d = q->desc + 16u * id;
  put64(d, dma_addr(buf));
  put32(d + 8, len);
  put16(d + 12, device_writes ? DESC_F_WRITE : 0);
  put16(d + 14, 0);
  q->avail[2 + (q->avail_idx & (q->size - 1))] = id;
  fence();
  q->avail_idx++;
  q->avail[1] = q->avail_idx;
  fence();
  return true;
}

bool vq_pop(struct virtq *q, uint8_t **buf, uint32_t *len) {
  for (;;) {
    uint16_t used_idx = get16(q->used + 2);
    if (used_idx == q->used_seen) return false;
    fence();
    const volatile uint8_t *e = q->used + 4 + 8u * (q->used_seen & (q->size - 1));
    uint32_t id = get32(e);
    uint32_t n = get32(e + 4);
    q->used_seen++;
    if (id >= q->size || !q->shadow[id].busy) continue; /* not ours to trust */
    struct vq_shadow *s = &q->shadow[id];
    s->busy = false;
    *buf = s->buf;
    *len = n < s->len ? n : s->len;
    return true;
  }
}

uint32_t vq_outstanding(const struct virtq *q) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < q->size; i++) n += q->shadow[i].busy;
  return n;
}
