/* Byte-stream channels (docs/abi.md). CHAN_VSOCK goes to the virtio-vsock device when there is
 * one (virtio-vsock.c: handles 1..VSOCK_MAX_CONN, a real connection to the (cid, port) given);
 * otherwise, as CHAN_SERIAL {port 1} does, to virtio-serial port 1 (virtio-serial.c, handle 0),
 * the transport MigTD names for the MigTD-to-MigTD stream (migtd.md 2.2): there the VMM's relay
 * decides where the port leads, as socat does for vsock (docs/firmware.md), and there is one
 * stream at a time. */
#include "td.h"
#include "migtd_abi.h"
#include "virtio-serial.h"
#include "virtio-vsock.h"
#include "channels.h"

#define SERIAL_HANDLE 0
#define VSOCK_HANDLE(slot) ((slot) + 1)
#define IS_VSOCK(h) ((h) >= 1 && (h) <= (int32_t)VSOCK_MAX_CONN)

static bool serial_open;

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

int32_t plat_chan_open(uint32_t kind, const uint8_t *addr, uint32_t addr_len) {
  if (kind == CHAN_SERIAL) {
    if (addr_len != 4) return ABI_ERR_UNSUPPORTED;
    if (le32(addr) != VSERIAL_PORT) return ABI_ERR_UNSUPPORTED; /* MigTD's only data port */
  } else if (kind != CHAN_VSOCK || addr_len != 12) {
    return ABI_ERR_UNSUPPORTED;
  }
  if (kind == CHAN_VSOCK && vsock_present()) {
    int32_t slot = vsock_open(le64(addr), le32(addr + 8));
    return slot < 0 ? slot : VSOCK_HANDLE(slot);
  }
  if (!vserial_present()) return ABI_ERR_UNAVAILABLE;
  if (serial_open) return ABI_ERR_NO_RESOURCE;
  serial_open = true;
  vserial_stream_open();
  return SERIAL_HANDLE;
}

int32_t plat_chan_send(int32_t h, const uint8_t *src, uint32_t len) {
  if (IS_VSOCK(h)) return vsock_send(h - 1, src, len);
  if (h != SERIAL_HANDLE || !serial_open) return ABI_ERR_BAD_HANDLE;
  return vserial_send(src, len);
}

int32_t plat_chan_recv(int32_t h, uint8_t *dst, uint32_t cap) {
  if (IS_VSOCK(h)) return vsock_recv(h - 1, dst, cap);
  if (h != SERIAL_HANDLE || !serial_open) return ABI_ERR_BAD_HANDLE;
  return vserial_recv(dst, cap);
}

void plat_chan_close(int32_t h) {
  if (IS_VSOCK(h)) {
    vsock_close(h - 1);
    return;
  }
  if (h != SERIAL_HANDLE || !serial_open) return;
  serial_open = false;
  vserial_stream_reset();
}

void plat_chan_close_all(void) {
  plat_chan_close(SERIAL_HANDLE);
  for (int32_t s = 0; s < (int32_t)VSOCK_MAX_CONN; s++) plat_chan_close(VSOCK_HANDLE(s));
}

void channels_poll(void) {
  vserial_poll();
  vsock_poll();
}

bool channels_polled(void) { return vserial_present() || vsock_present(); }
