/* Byte-stream channels (vsock, virtio-serial) need the virtio drivers, which this platform does
 * not have yet: every open reports ABI_ERR_UNSUPPORTED (docs/abi.md). */
#include "td.h"
#include "migtd_abi.h"

int32_t plat_chan_open(uint32_t kind, const uint8_t *addr, uint32_t addr_len) { (void)kind; (void)addr; (void)addr_len; return ABI_ERR_UNSUPPORTED; }
int32_t plat_chan_send(int32_t h, const uint8_t *src, uint32_t len) { (void)h; (void)src; (void)len; return ABI_ERR_BAD_HANDLE; }
int32_t plat_chan_recv(int32_t h, uint8_t *dst, uint32_t cap) { (void)h; (void)dst; (void)cap; return ABI_ERR_BAD_HANDLE; }
void plat_chan_close(int32_t h) { (void)h; }
void plat_chan_close_all(void) {}
