/* Host-side driver for the virtio-vsock driver (runtime-c/platform/td/virtio-vsock.c over
 * virtqueue.c and vsock-conn.c), built by vsock-units.test.ts. The virtio-pci transport, PCI
 * lookup and DMA allocator are replaced by a fake device below that reads the driver's rings as
 * a device would, prints every packet the driver sends, and injects packets from the host side
 * (CID 2) into the receive queue.
 *
 *   vsock_units <scenario>   -> a transcript, one event per line; scenarios at the bottom */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "td.h"
#include "migtd_abi.h"
#include "virtio-pci.h"
#include "virtio-vsock.h"
#include "vsock-conn.h"
#include "dma.h"

struct td_platform g_platform;
void console_puts(const char *s) { printf("console %s", s); }

/* ---- DMA and transport fakes -------------------------------------------------------------- */

static uint8_t *dma_pool;
static uint32_t dma_used;
void *dma_alloc(uint32_t pages) {
  if (!dma_pool) dma_pool = aligned_alloc(4096, DMA_PAGES * DMA_PAGE_SIZE);
  if (pages > DMA_PAGES - dma_used) return 0;
  uint8_t *p = dma_pool + (size_t)dma_used * DMA_PAGE_SIZE;
  dma_used += pages;
  memset(p, 0, (size_t)pages * DMA_PAGE_SIZE);
  return p;
}
uint64_t dma_addr(const void *p) { return (uint64_t)(uintptr_t)p; }

static bool device_present = true;
static uint64_t device_cid = 3;
static struct virtq *queues[3];
static uint16_t dev_avail_seen[3];

bool pci_find(uint16_t vendor, const uint16_t *ids, int n, pci_bdf *out) {
  if (!device_present || vendor != 0x1AF4u || n != 1 || ids[0] != 0x1053u) return false;
  *out = 3 << 3;
  return true;
}
bool vpci_open(pci_bdf bdf, struct virtio_pci *dev) {
  *dev = (struct virtio_pci){.bdf = bdf, .common = 1, .notify = 1, .device = 1, .device_len = 8};
  return true;
}
bool vpci_negotiate(struct virtio_pci *dev, uint64_t wanted, uint64_t required) {
  (void)dev;
  return (wanted & VIRTIO_F_VERSION_1) && (required & VIRTIO_F_VERSION_1);
}
bool vpci_queue(struct virtio_pci *dev, struct virtq *q, uint16_t index) {
  (void)dev;
  uint8_t *mem = dma_alloc(2);
  if (!mem || index > 2) return false;
  vq_init(q, index, VQ_MAX_SIZE, mem);
  queues[index] = q;
  return true;
}
void vpci_driver_ok(struct virtio_pci *dev) { (void)dev; }
void vpci_fail(struct virtio_pci *dev) { (void)dev; }
void vpci_kick(const struct virtq *q) { (void)q; }
uint32_t vpci_device_read32(const struct virtio_pci *dev, uint32_t off) {
  (void)dev;
  return off == 0 ? (uint32_t)device_cid : off == 4 ? (uint32_t)(device_cid >> 32) : 0;
}

/* ---- The device side ---------------------------------------------------------------------- */

static uint16_t rd16(const volatile uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void wr32(volatile uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

/* Takes the next available buffer of queue `qi`: its descriptor id, address and length. */
static bool dev_take(int qi, uint16_t *id, uint8_t **buf, uint32_t *len) {
  struct virtq *q = queues[qi];
  if (q->avail[1] == dev_avail_seen[qi]) return false;
  *id = q->avail[2 + (dev_avail_seen[qi]++ & (q->size - 1))];
  const volatile uint8_t *d = q->desc + 16u * *id;
  uint64_t a = 0;
  for (int i = 7; i >= 0; i--) a = a << 8 | d[i];
  *buf = (uint8_t *)(uintptr_t)a;
  *len = d[8] | d[9] << 8 | d[10] << 16 | (uint32_t)d[11] << 24;
  return true;
}
static void dev_used(int qi, uint16_t id, uint32_t len) {
  struct virtq *q = queues[qi];
  uint16_t idx = rd16(q->used + 2);
  volatile uint8_t *e = q->used + 4 + 8u * (idx & (q->size - 1));
  wr32(e, id);
  wr32(e + 4, len);
  idx++;
  q->used[2] = (uint8_t)idx;
  q->used[3] = (uint8_t)(idx >> 8);
}

static const char *op_name(uint16_t op) {
  static const char *n[] = {"?", "REQUEST", "RESPONSE", "RST", "SHUTDOWN", "RW", "CREDIT_UPDATE", "CREDIT_REQUEST"};
  return op < 8 ? n[op] : "?";
}

static uint32_t host_rx_total; /* data bytes the driver sent */

/* Prints what the driver transmitted since the last call. */
static void dev_drain_tx(void) {
  uint16_t id;
  uint8_t *buf;
  uint32_t len;
  while (dev_take(1, &id, &buf, &len)) {
    struct vsock_hdr h;
    vsock_hdr_get(buf, &h);
    printf("tx %s %llu:%u -> %llu:%u len %u", op_name(h.op), (unsigned long long)h.src_cid, h.src_port,
           (unsigned long long)h.dst_cid, h.dst_port, h.len);
    if (h.op == VSOCK_OP_SHUTDOWN) printf(" flags %u", h.flags);
    if (h.op == VSOCK_OP_CREDIT_UPDATE || h.op == VSOCK_OP_REQUEST) printf(" buf_alloc %u fwd_cnt %u", h.buf_alloc, h.fwd_cnt);
    if (h.len + VSOCK_HDR_LEN != len) printf(" BAD-DESCRIPTOR-LENGTH %u", len);
    printf("\n");
    host_rx_total += h.len;
    dev_used(1, id, 0);
  }
}

/* The host (CID 2, port 5001) sends a packet to the guest port `port`. */
static void host_send(uint16_t op, uint32_t port, uint32_t flags, uint32_t buf_alloc, uint32_t fwd_cnt, const char *data,
                      uint32_t claimed_len) {
  uint16_t id;
  uint8_t *buf;
  uint32_t len;
  if (!dev_take(0, &id, &buf, &len)) {
    printf("host: no rx buffer posted\n");
    return;
  }
  uint32_t n = data ? (uint32_t)strlen(data) : 0;
  struct vsock_hdr h = {.src_cid = 2, .dst_cid = device_cid, .src_port = 5001, .dst_port = port,
                        .len = claimed_len ? claimed_len : n, .type = VSOCK_TYPE_STREAM, .op = op, .flags = flags,
                        .buf_alloc = buf_alloc, .fwd_cnt = fwd_cnt};
  vsock_hdr_put(buf, &h);
  memcpy(buf + VSOCK_HDR_LEN, data ? data : "", n);
  dev_used(0, id, VSOCK_HDR_LEN + n);
}

static void host_send_bulk(uint32_t port, uint32_t n) {
  uint16_t id;
  uint8_t *buf;
  uint32_t len;
  if (!dev_take(0, &id, &buf, &len)) return;
  struct vsock_hdr h = {.src_cid = 2, .dst_cid = device_cid, .src_port = 5001, .dst_port = port, .len = n,
                        .type = VSOCK_TYPE_STREAM, .op = VSOCK_OP_RW, .buf_alloc = 65536};
  vsock_hdr_put(buf, &h);
  memset(buf + VSOCK_HDR_LEN, 'x', n);
  dev_used(0, id, VSOCK_HDR_LEN + n);
}

static void transport_reset(void) {
  uint16_t id;
  uint8_t *buf;
  uint32_t len;
  if (!dev_take(2, &id, &buf, &len)) return;
  memset(buf, 0, 4);
  dev_used(2, id, 4);
}

/* ---- Driver-side helpers ------------------------------------------------------------------ */

static void poll(void) {
  g_platform.events = 0;
  vsock_poll();
  printf("poll events %u\n", g_platform.events);
  dev_drain_tx();
}
static void send(int32_t s, uint32_t n) {
  static uint8_t big[20000];
  memset(big, 'a', sizeof big);
  printf("send %u -> %d\n", n, vsock_send(s, big, n));
  dev_drain_tx();
}
static void recv(int32_t s, uint32_t cap) {
  static uint8_t out[70000];
  int32_t n = vsock_recv(s, out, cap);
  printf("recv %d", n);
  if (n > 0 && n <= 16) printf(" \"%.*s\"", n, (const char *)out);
  printf("\n");
  dev_drain_tx();
}
static int32_t open_conn(void) {
  int32_t s = vsock_open(2, 5001);
  printf("open -> %d\n", s);
  dev_drain_tx();
  return s;
}
static int32_t connected(uint32_t peer_buf) {
  if (!vsock_init()) printf("init failed\n");
  int32_t s = open_conn();
  host_send(VSOCK_OP_RESPONSE, 40001, 0, peer_buf, 0, 0, 0);
  poll();
  return s;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  const char *sc = argv[1];
  g_platform.shared_ready = true;
  if (!strcmp(sc, "no-device")) {
    device_present = false;
    printf("init %d present %d open %d\n", vsock_init(), vsock_present(), vsock_open(2, 5001));
  } else if (!strcmp(sc, "stream")) {
    int32_t s = connected(8192);
    send(s, 10000); /* 8192 of credit: two full packets and the rest */
    send(s, 10);    /* no credit left */
    host_send(VSOCK_OP_CREDIT_UPDATE, 40001, 0, 8192, 8192, 0, 0);
    poll();
    send(s, 10);
    host_send(VSOCK_OP_RW, 40001, 0, 8192, 8192, "hello", 0);
    poll();
    recv(s, 3);
    recv(s, 100);
    recv(s, 100);
    host_send(VSOCK_OP_SHUTDOWN, 40001, VSOCK_SHUTDOWN_SEND, 8192, 8192, 0, 0);
    host_send(VSOCK_OP_RW, 40001, 0, 8192, 8192, "late", 0);
    poll();
    recv(s, 100);
    send(s, 4);
    vsock_close(s);
    printf("closed\n");
    dev_drain_tx();
    printf("slot open %d\n", vsock_slot_open(s));
  } else if (!strcmp(sc, "before-connect")) {
    vsock_init();
    int32_t s = open_conn();
    send(s, 10);
    recv(s, 10);
    host_send(VSOCK_OP_RW, 40001, 0, 8192, 0, "early", 0);
    poll();
    recv(s, 10);
  } else if (!strcmp(sc, "refused")) {
    vsock_init();
    int32_t s = open_conn();
    host_send(VSOCK_OP_RST, 40001, 0, 0, 0, 0, 0);
    poll();
    send(s, 10);
    recv(s, 10);
    int32_t t = open_conn(); /* the refused slot is still the core's until it closes it */
    vsock_close(s);
    dev_drain_tx();
    printf("second %d\n", t);
  } else if (!strcmp(sc, "credit")) {
    int32_t s = connected(65536);
    host_send(VSOCK_OP_CREDIT_REQUEST, 40001, 0, 65536, 0, 0, 0);
    poll();
    for (int i = 0; i < 8; i++) host_send_bulk(40001, 4052);
    poll();
    for (int i = 0; i < 8; i++) host_send_bulk(40001, 4052);
    poll();
    recv(s, 40000); /* more than half the buffer read: CREDIT_UPDATE */
    recv(s, 100);
  } else if (!strcmp(sc, "overrun")) {
    int32_t s = connected(65536);
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < 8; i++) host_send_bulk(40001, 4052);
      poll();
    }
    recv(s, 10);
  } else if (!strcmp(sc, "stray")) {
    int32_t s = connected(65536);
    host_send(VSOCK_OP_RW, 40999, 0, 65536, 0, "who", 0);   /* no such connection: RST back */
    host_send(VSOCK_OP_RST, 40999, 0, 65536, 0, 0, 0);      /* ... but never an RST to an RST */
    host_send(VSOCK_OP_RW, 40001, 0, 65536, 0, "abc", 4000); /* claims more than the buffer: dropped */
    poll();
    recv(s, 10);
    int32_t t = open_conn();
    printf("second slot %d\n", t);
  } else if (!strcmp(sc, "peer-close")) {
    int32_t s = connected(65536);
    host_send(VSOCK_OP_SHUTDOWN, 40001, VSOCK_SHUTDOWN_SEND | VSOCK_SHUTDOWN_RCV, 65536, 0, 0, 0);
    poll();
    send(s, 1);
    recv(s, 1);
  } else if (!strcmp(sc, "transport-reset")) {
    int32_t s = connected(65536);
    device_cid = 7;
    transport_reset();
    poll();
    recv(s, 1);
    vsock_close(s);
    dev_drain_tx();
    open_conn();
  } else {
    return 2;
  }
  return 0;
}
