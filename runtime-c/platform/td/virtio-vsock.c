/* virtio-vsock.h. Every packet is one single-descriptor buffer of one DMA page, header then data
 * (virtio 1.x §2.6.4 message framing: the device must not assume a layout). Received packets
 * are copied to private memory before the header is parsed, so the device cannot change what was
 * checked. The event queue's TRANSPORT_RESET (§5.10.6.6) resets every connection and re-reads
 * the guest CID. */
#include "td.h"
#include "migtd_abi.h"
#include "virtio-vsock.h"
#include "virtio-pci.h"
#include "vsock-conn.h"
#include "dma.h"

#define VIRTIO_ID_VSOCK 0x1053u
#define Q_RX 0u
#define Q_TX 1u
#define Q_EVENT 2u
#define CFG_GUEST_CID 0u
#define EVENT_TRANSPORT_RESET 0u
#define EVENT_LEN 4u

#define RX_BUFS 8u
#define TX_BUFS 8u
#define EVENT_BUFS 4u
#define PKT_MAX_DATA (DMA_PAGE_SIZE - VSOCK_HDR_LEN)
_Static_assert(RX_BUFS <= VQ_MAX_SIZE && TX_BUFS <= VQ_MAX_SIZE && EVENT_BUFS <= VQ_MAX_SIZE, "buffers fit the queues");

static struct {
  bool up;
  struct virtio_pci dev;
  struct virtq rx, tx, ev;
  uint64_t guest_cid;
  uint8_t *tx_free[TX_BUFS];
  uint32_t tx_nfree;
  uint32_t next_port;
  uint8_t pkt[DMA_PAGE_SIZE]; /* private copy of the packet being parsed */
  struct vsock_conn conn[VSOCK_MAX_CONN];
} vk;

static void raise_channel(void) { g_platform.events |= EV_CHANNEL; }

static uint64_t read_cid(void) {
  return vpci_device_read32(&vk.dev, CFG_GUEST_CID) | (uint64_t)vpci_device_read32(&vk.dev, CFG_GUEST_CID + 4) << 32;
}

static void reclaim_tx(void) {
  uint8_t *buf;
  uint32_t len;
  while (vq_pop(&vk.tx, &buf, &len)) vk.tx_free[vk.tx_nfree++] = buf;
}

static bool xmit(void *ctx, const struct vsock_hdr *h, const uint8_t *data, uint32_t len) {
  (void)ctx;
  if (len > PKT_MAX_DATA) return false;
  if (vk.tx_nfree == 0) reclaim_tx();
  if (vk.tx_nfree == 0) return false;
  uint8_t *buf = vk.tx_free[--vk.tx_nfree];
  vsock_hdr_put(buf, h);
  for (uint32_t i = 0; i < len; i++) buf[VSOCK_HDR_LEN + i] = data[i];
  if (!vq_post(&vk.tx, buf, VSOCK_HDR_LEN + len, false)) {
    vk.tx_free[vk.tx_nfree++] = buf;
    return false;
  }
  vpci_kick(&vk.tx);
  return true;
}

/* A packet for no connection of ours: RST it unless it is itself an RST (§5.10.6.5). */
static void refuse(const struct vsock_hdr *h) {
  if (h->op == VSOCK_OP_RST || h->dst_cid != vk.guest_cid) return;
  struct vsock_hdr r = {.src_cid = vk.guest_cid, .dst_cid = h->src_cid, .src_port = h->dst_port, .dst_port = h->src_port,
                        .type = h->type, .op = VSOCK_OP_RST};
  xmit(0, &r, 0, 0);
}

static void receive(uint32_t len) {
  if (len < VSOCK_HDR_LEN) return;
  struct vsock_hdr h;
  vsock_hdr_get(vk.pkt, &h);
  if (h.len > len - VSOCK_HDR_LEN) return; /* claims more data than the buffer holds */
  for (uint32_t i = 0; i < VSOCK_MAX_CONN; i++) {
    if (vsock_conn_matches(&vk.conn[i], &h)) {
      if (vsock_conn_input(&vk.conn[i], &h, vk.pkt + VSOCK_HDR_LEN, xmit, 0)) raise_channel();
      return;
    }
  }
  refuse(&h);
}

static bool setup(void) {
  static const uint16_t ids[] = {VIRTIO_ID_VSOCK};
  pci_bdf bdf;
  if (!pci_find(VIRTIO_PCI_VENDOR, ids, 1, &bdf)) return false;
  if (!vpci_open(bdf, &vk.dev)) {
    console_puts("virtio-vsock: unusable virtio-pci capabilities\n");
    return false;
  }
  if (!vpci_negotiate(&vk.dev, VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM, VIRTIO_F_VERSION_1)) {
    console_puts("virtio-vsock: feature negotiation failed (VERSION_1 is required)\n");
    return false;
  }
  uint8_t *rx = dma_alloc(RX_BUFS), *tx = dma_alloc(TX_BUFS), *ev = dma_alloc(1);
  if (!rx || !tx || !ev) return false;
  if (!vpci_queue(&vk.dev, &vk.rx, Q_RX) || !vpci_queue(&vk.dev, &vk.tx, Q_TX) || !vpci_queue(&vk.dev, &vk.ev, Q_EVENT)) {
    console_puts("virtio-vsock: queue setup failed\n");
    return false;
  }
  vpci_driver_ok(&vk.dev);
  vk.guest_cid = read_cid();
  for (uint32_t i = 0; i < RX_BUFS; i++) vq_post(&vk.rx, rx + i * DMA_PAGE_SIZE, DMA_PAGE_SIZE, true);
  vpci_kick(&vk.rx);
  for (uint32_t i = 0; i < EVENT_BUFS; i++) vq_post(&vk.ev, ev + i * 16u, EVENT_LEN, true);
  vpci_kick(&vk.ev);
  for (uint32_t i = 0; i < TX_BUFS; i++) vk.tx_free[i] = tx + i * DMA_PAGE_SIZE;
  vk.tx_nfree = TX_BUFS;
  vk.next_port = VSOCK_FIRST_PORT;
  return true;
}

bool vsock_init(void) {
  vk.up = setup();
  if (!vk.up && vk.dev.common) vpci_fail(&vk.dev);
  if (vk.up) console_puts("virtio-vsock: device ready\n");
  return vk.up;
}

bool vsock_present(void) { return vk.up; }

void vsock_poll(void) {
  if (!vk.up) return;
  uint8_t *buf;
  uint32_t len;
  bool repost = false;
  while (vq_pop(&vk.ev, &buf, &len)) {
    if (len >= EVENT_LEN && (buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24) == EVENT_TRANSPORT_RESET) {
      for (uint32_t i = 0; i < VSOCK_MAX_CONN; i++) vsock_conn_reset(&vk.conn[i]);
      vk.guest_cid = read_cid();
      raise_channel();
    }
    vq_post(&vk.ev, buf, EVENT_LEN, true);
    repost = true;
  }
  if (repost) vpci_kick(&vk.ev);
  repost = false;
  while (vq_pop(&vk.rx, &buf, &len)) {
    for (uint32_t i = 0; i < len; i++) vk.pkt[i] = buf[i];
    vq_post(&vk.rx, buf, DMA_PAGE_SIZE, true);
    repost = true;
    receive(len);
  }
  if (repost) vpci_kick(&vk.rx);
  uint32_t before = vk.tx_nfree;
  reclaim_tx();
  for (uint32_t i = 0; i < VSOCK_MAX_CONN; i++) vsock_conn_flush(&vk.conn[i], xmit, 0);
  if (vk.tx_nfree > before) raise_channel(); /* room to send again */
}

static struct vsock_conn *slot_conn(int32_t slot) {
  if (slot < 0 || (uint32_t)slot >= VSOCK_MAX_CONN || vk.conn[slot].state == VSOCK_FREE) return 0;
  return &vk.conn[slot];
}

bool vsock_slot_open(int32_t slot) { return slot_conn(slot) != 0; }

int32_t vsock_open(uint64_t cid, uint32_t port) {
  if (!vk.up) return ABI_ERR_UNAVAILABLE;
  for (uint32_t i = 0; i < VSOCK_MAX_CONN; i++) {
    if (vk.conn[i].state != VSOCK_FREE) continue;
    uint32_t local = vk.next_port;
    vk.next_port = vk.next_port == 0xFFFFFFFEu ? VSOCK_FIRST_PORT : vk.next_port + 1;
    if (!vsock_conn_connect(&vk.conn[i], vk.guest_cid, local, cid, port, xmit, 0)) return ABI_ERR_NO_RESOURCE;
    return (int32_t)i;
  }
  return ABI_ERR_NO_RESOURCE;
}

int32_t vsock_send(int32_t slot, const uint8_t *src, uint32_t len) {
  struct vsock_conn *c = slot_conn(slot);
  if (!c) return ABI_ERR_BAD_HANDLE;
  vsock_poll();
  return vsock_conn_send(c, src, len, PKT_MAX_DATA, xmit, 0);
}

int32_t vsock_recv(int32_t slot, uint8_t *dst, uint32_t cap) {
  struct vsock_conn *c = slot_conn(slot);
  if (!c) return ABI_ERR_BAD_HANDLE;
  vsock_poll();
  return vsock_conn_recv(c, dst, cap, xmit, 0);
}

void vsock_close(int32_t slot) {
  struct vsock_conn *c = slot_conn(slot);
  if (c) vsock_conn_close(c, xmit, 0);
}
