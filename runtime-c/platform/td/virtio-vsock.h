/* virtio-vsock device (PCI 1AF4:1053, modern; virtio 1.x §5.10; tdx-abi.md 7.5; migtd.md 2.2)
 * carrying CHAN_VSOCK streams: the transport side (queues rx 0 / tx 1 / event 2, polled) around
 * vsock-conn.c's per-connection protocol. Up to VSOCK_MAX_CONN outgoing connections, local
 * ports allocated from 40001 upward as MigTD does. */
#ifndef VIRTIO_VSOCK_H
#define VIRTIO_VSOCK_H

#include <stdbool.h>
#include <stdint.h>

#define VSOCK_MAX_CONN 4u
#define VSOCK_FIRST_PORT 40001u

/* Finds and starts the device; false when there is none (or no shared DMA memory). */
bool vsock_init(void);
bool vsock_present(void);
/* Serves the queues; raises EV_CHANNEL when a connection got data, credit, connected or closed. */
void vsock_poll(void);
/* A connection slot (0 .. VSOCK_MAX_CONN-1) connecting to (cid, port), or ABI_ERR_NO_RESOURCE /
 * ABI_ERR_UNAVAILABLE. */
int32_t vsock_open(uint64_t cid, uint32_t port);
int32_t vsock_send(int32_t slot, const uint8_t *src, uint32_t len);
int32_t vsock_recv(int32_t slot, uint8_t *dst, uint32_t cap);
void vsock_close(int32_t slot);
bool vsock_slot_open(int32_t slot);

#endif
