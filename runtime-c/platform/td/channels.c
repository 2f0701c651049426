/* Byte-stream channels (docs/abi.md) on virtio-serial port 1 (virtio-serial.c), the transport
 * MigTD names for the MigTD-to-MigTD stream (migtd.md 2.2). There is no virtio-vsock driver, so a
 * CHAN_VSOCK open - what the core does with the StreamSocketInfo (cid, port) - is served by the
 * same port: the VMM's relay decides where the port leads, as socat does for vsock (documented in
 * docs/firmware.md). One channel at a time: the port is one stream. */
#include "td.h"
#include "migtd_abi.h"
#include "virtio-serial.h"

#define SERIAL_HANDLE 0

static bool open_now;

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

int32_t plat_chan_open(uint32_t kind, const uint8_t *addr, uint32_t addr_len) {
  if (kind == CHAN_SERIAL) {
    if (addr_len != 4) return ABI_ERR_UNSUPPORTED;
    if (le32(addr) != VSERIAL_PORT) return ABI_ERR_UNSUPPORTED; /* MigTD's only data port */
  } else if (kind != CHAN_VSOCK || addr_len != 12) {
    return ABI_ERR_UNSUPPORTED;
  }
  if (!vserial_present()) return ABI_ERR_UNAVAILABLE;
  if (open_now) return ABI_ERR_NO_RESOURCE;
  open_now = true;
  return SERIAL_HANDLE;
}

int32_t plat_chan_send(int32_t h, const uint8_t *src, uint32_t len) {
  if (h != SERIAL_HANDLE || !open_now) return ABI_ERR_BAD_HANDLE;
  return vserial_send(src, len);
}

int32_t plat_chan_recv(int32_t h, uint8_t *dst, uint32_t cap) {
  if (h != SERIAL_HANDLE || !open_now) return ABI_ERR_BAD_HANDLE;
  return vserial_recv(dst, cap);
}

void plat_chan_close(int32_t h) {
  if (h != SERIAL_HANDLE || !open_now) return;
  open_now = false;
  vserial_stream_reset();
}

void plat_chan_close_all(void) { plat_chan_close(SERIAL_HANDLE); }
