/* virtio-serial.h. Queues (virtio 1.x §5.3.2): control RX 2, control TX 3, port n RX 2n+2,
 * TX 2n+3; port 0's queues are not set up (no console here). Control messages are
 * {u32 id, u16 event, u16 value} (§5.3.6.2). Handshake (tdx-abi.md 7.6): DRIVER_OK, control RX
 * buffers posted, DEVICE_READY(0, 1); on DEVICE_ADD(1) the driver answers PORT_READY(1, 1) and,
 * since the firmware side of the port is always open, PORT_OPEN(1, 1) - QEMU delivers host data
 * only to a port the guest has opened. PORT_OPEN(1, v) from the device tells whether the host
 * end (the chardev) is connected. */
#include "td.h"
#include "migtd_abi.h"
#include "virtio-serial.h"
#include "virtio-pci.h"
#include "dma.h"

#define VIRTIO_ID_CONSOLE_MODERN     0x1043u
#define VIRTIO_ID_CONSOLE_TRANSITION 0x1003u
#define F_MULTIPORT (1ull << 1)
#define CFG_MAX_NR_PORTS 4u

#define Q_CTRL_RX 2u
#define Q_CTRL_TX 3u
#define Q_PORT_RX (2u * VSERIAL_PORT + 2u)
#define Q_PORT_TX (2u * VSERIAL_PORT + 3u)

#define EV_DEVICE_READY 0u
#define EV_DEVICE_ADD 1u
#define EV_DEVICE_REMOVE 2u
#define EV_PORT_READY 3u
#define EV_PORT_OPEN 6u
#define CTRL_MSG_LEN 8u

/* One DMA page for control traffic: RX buffers first (a PORT_NAME message carries a name after
 * the header, hence 256 bytes), then small TX buffers. Data buffers are one page each. */
#define CTRL_RX_BUFS 8u
#define CTRL_RX_LEN 256u
#define CTRL_TX_BUFS 8u
#define CTRL_TX_LEN 16u
#define CTRL_TX_OFF (CTRL_RX_BUFS * CTRL_RX_LEN)
#define DATA_BUFS 8u
_Static_assert(CTRL_TX_OFF + CTRL_TX_BUFS * CTRL_TX_LEN <= DMA_PAGE_SIZE, "control buffers fit one page");
_Static_assert(DATA_BUFS <= VQ_MAX_SIZE && CTRL_RX_BUFS <= VQ_MAX_SIZE, "buffers fit the queues");

struct rx_chunk {
  uint8_t *buf;
  uint32_t len, off;
};

static struct {
  bool up;
  struct virtio_pci dev;
  struct virtq crx, ctx, rx, tx;
  uint8_t *ctrl;
  bool ctx_busy[CTRL_TX_BUFS];
  uint8_t *tx_free[DATA_BUFS];
  uint32_t tx_nfree;
  struct rx_chunk rxq[DATA_BUFS]; /* received, not yet read, in arrival order */
  uint32_t rx_head, rx_count;
  uint32_t max_ports;
  bool host_open;  /* the chardev end is connected */
  bool hung_up;    /* it was connected and went away */
  bool stream_open; /* a channel is using the port (vserial_stream_open .. vserial_stream_reset) */
} vs;

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void raise_channel(void) { g_platform.events |= EV_CHANNEL; }

static void ctrl_send(uint32_t id, uint16_t event, uint16_t value) {
  uint8_t *buf;
  uint32_t len;
  while (vq_pop(&vs.ctx, &buf, &len)) vs.ctx_busy[(buf - vs.ctrl - CTRL_TX_OFF) / CTRL_TX_LEN] = false;
  for (uint32_t i = 0; i < CTRL_TX_BUFS; i++) {
    if (vs.ctx_busy[i]) continue;
    uint8_t *m = vs.ctrl + CTRL_TX_OFF + i * CTRL_TX_LEN;
    for (int b = 0; b < 4; b++) m[b] = (uint8_t)(id >> (8 * b));
    m[4] = (uint8_t)event;
    m[5] = (uint8_t)(event >> 8);
    m[6] = (uint8_t)value;
    m[7] = (uint8_t)(value >> 8);
    if (!vq_post(&vs.ctx, m, CTRL_MSG_LEN, false)) return;
    vs.ctx_busy[i] = true;
    vpci_kick(&vs.ctx);
    return;
  }
  /* Eight messages in flight means the device stopped reading control: nothing to do. */
}

static void drop_unread(void);

/* A host connection is one stream, as a vsock connection is: socat (the VMM's relay) connects the
 * chardev for one migration and closes it after. Bytes the peer sent after this side's channel
 * closed (its close_notify, typically) arrive with no reader; once that connection ends they are
 * dropped, so the channel opened for the next migration, on the next connection, starts with that
 * migration's first byte. With a channel open, a hang-up keeps what was delivered for it to read. */
static void set_host_open(bool open) {
  if (!open && !vs.stream_open) drop_unread();
  if (open == vs.host_open) return;
  if (!open) vs.hung_up = true;
  else vs.hung_up = false;
  vs.host_open = open;
  raise_channel();
}

static void handle_ctrl(const uint8_t *m, uint32_t len) {
  if (len < CTRL_MSG_LEN) return;
  uint32_t id = get32(m);
  uint16_t event = get16(m + 4), value = get16(m + 6);
  if (id != VSERIAL_PORT || id >= vs.max_ports) return; /* only port 1 is ours (migtd.md 2.2) */
  switch (event) {
  case EV_DEVICE_ADD:
    ctrl_send(id, EV_PORT_READY, 1);
    ctrl_send(id, EV_PORT_OPEN, 1);
    console_puts("virtio-serial: port 1 added\n");
    break;
  case EV_DEVICE_REMOVE:
    set_host_open(false);
    break;
  case EV_PORT_OPEN:
    set_host_open(value != 0);
    console_puts(value ? "virtio-serial: port 1 connected\n" : "virtio-serial: port 1 disconnected\n");
    break;
  default:
    break; /* CONSOLE_PORT, RESIZE, PORT_NAME: nothing to do for a data port */
  }
}

static bool setup(void) {
  static const uint16_t ids[] = {VIRTIO_ID_CONSOLE_MODERN, VIRTIO_ID_CONSOLE_TRANSITION};
  pci_bdf bdf;
  if (!pci_find(VIRTIO_PCI_VENDOR, ids, 2, &bdf)) return false;
  if (!vpci_open(bdf, &vs.dev)) {
    console_puts("virtio-serial: unusable virtio-pci capabilities\n");
    return false;
  }
  if (!vpci_negotiate(&vs.dev, VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM | F_MULTIPORT, VIRTIO_F_VERSION_1 | F_MULTIPORT)) {
    console_puts("virtio-serial: feature negotiation failed (VERSION_1 and MULTIPORT are required)\n");
    return false;
  }
  vs.max_ports = vpci_device_read32(&vs.dev, CFG_MAX_NR_PORTS);
  vs.ctrl = dma_alloc(1);
  uint8_t *rx = dma_alloc(DATA_BUFS), *tx = dma_alloc(DATA_BUFS);
  if (vs.max_ports <= VSERIAL_PORT || !vs.ctrl || !rx || !tx) return false;
  if (!vpci_queue(&vs.dev, &vs.crx, Q_CTRL_RX) || !vpci_queue(&vs.dev, &vs.ctx, Q_CTRL_TX) ||
      !vpci_queue(&vs.dev, &vs.rx, Q_PORT_RX) || !vpci_queue(&vs.dev, &vs.tx, Q_PORT_TX)) {
    console_puts("virtio-serial: queue setup failed\n");
    return false;
  }
  vpci_driver_ok(&vs.dev);
  for (uint32_t i = 0; i < CTRL_RX_BUFS; i++) vq_post(&vs.crx, vs.ctrl + i * CTRL_RX_LEN, CTRL_RX_LEN, true);
  vpci_kick(&vs.crx);
  for (uint32_t i = 0; i < DATA_BUFS; i++) vq_post(&vs.rx, rx + i * DMA_PAGE_SIZE, DMA_PAGE_SIZE, true);
  vpci_kick(&vs.rx);
  for (uint32_t i = 0; i < DATA_BUFS; i++) vs.tx_free[i] = tx + i * DMA_PAGE_SIZE;
  vs.tx_nfree = DATA_BUFS;
  ctrl_send(0, EV_DEVICE_READY, 1);
  return true;
}

bool vserial_init(void) {
  vs.up = setup();
  if (!vs.up && vs.dev.common) vpci_fail(&vs.dev);
  if (vs.up) console_puts("virtio-serial: device ready, waiting for port 1\n");
  return vs.up;
}

bool vserial_present(void) { return vs.up; }

void vserial_poll(void) {
  if (!vs.up) return;
  uint8_t *buf;
  uint32_t len;
  bool repost = false;
  while (vq_pop(&vs.crx, &buf, &len)) {
    handle_ctrl(buf, len);
    vq_post(&vs.crx, buf, CTRL_RX_LEN, true);
    repost = true;
  }
  if (repost) vpci_kick(&vs.crx);
  while (vq_pop(&vs.tx, &buf, &len)) {
    vs.tx_free[vs.tx_nfree++] = buf;
    raise_channel();
  }
  while (vs.rx_count < DATA_BUFS && vq_pop(&vs.rx, &buf, &len)) {
    if (len == 0) {
      vq_post(&vs.rx, buf, DMA_PAGE_SIZE, true);
      vpci_kick(&vs.rx);
      continue;
    }
    vs.rxq[(vs.rx_head + vs.rx_count++) % DATA_BUFS] = (struct rx_chunk){.buf = buf, .len = len};
    raise_channel();
  }
}

int32_t vserial_send(const uint8_t *src, uint32_t len) {
  vserial_poll();
  if (vs.hung_up) return ABI_ERR_CLOSED;
  if (!vs.host_open) return 0; /* QEMU drops port data while nobody is connected */
  uint32_t done = 0;
  while (done < len && vs.tx_nfree > 0) {
    uint8_t *buf = vs.tx_free[--vs.tx_nfree];
    uint32_t n = len - done < DMA_PAGE_SIZE ? len - done : DMA_PAGE_SIZE;
    for (uint32_t i = 0; i < n; i++) buf[i] = src[done + i];
    if (!vq_post(&vs.tx, buf, n, false)) {
      vs.tx_free[vs.tx_nfree++] = buf;
      break;
    }
    done += n;
  }
  if (done) vpci_kick(&vs.tx);
  return (int32_t)done;
}

int32_t vserial_recv(uint8_t *dst, uint32_t cap) {
  vserial_poll();
  uint32_t done = 0;
  while (done < cap && vs.rx_count > 0) {
    struct rx_chunk *c = &vs.rxq[vs.rx_head];
    uint32_t n = c->len - c->off < cap - done ? c->len - c->off : cap - done;
    for (uint32_t i = 0; i < n; i++) dst[done + i] = c->buf[c->off + i];
    c->off += n;
    done += n;
    if (c->off == c->len) {
      vq_post(&vs.rx, c->buf, DMA_PAGE_SIZE, true);
      vpci_kick(&vs.rx);
      vs.rx_head = (vs.rx_head + 1) % DATA_BUFS;
      vs.rx_count--;
    }
  }
  if (done == 0 && vs.hung_up) return ABI_ERR_CLOSED;
  return (int32_t)done;
}

/* Every byte received and not read, including what the device completed but this driver has not
 * popped yet: QEMU pushes a connection's data before it reports the connection's end on the
 * control queue, so what the data queue holds when the hang-up is handled belongs to the old
 * connection. */
static void drop_unread(void) {
  uint8_t *buf;
  uint32_t len;
  if (!vs.up) return;
  while (vs.rx_count > 0) {
    vq_post(&vs.rx, vs.rxq[vs.rx_head].buf, DMA_PAGE_SIZE, true);
    vs.rx_head = (vs.rx_head + 1) % DATA_BUFS;
    vs.rx_count--;
  }
  while (vq_pop(&vs.rx, &buf, &len)) vq_post(&vs.rx, buf, DMA_PAGE_SIZE, true);
  vpci_kick(&vs.rx);
}

void vserial_stream_open(void) { vs.stream_open = true; }

void vserial_stream_reset(void) {
  vserial_poll();
  drop_unread();
  vs.hung_up = false;
  vs.stream_open = false;
}
