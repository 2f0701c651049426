/* virtio-serial (virtio-console with MULTIPORT, virtio 1.x §5.3; tdx-abi.md 7.6) carrying the
 * MigTD-to-MigTD stream on port 1 (migtd.md 2.2). One stream at a time; polled. */
#ifndef VIRTIO_SERIAL_H
#define VIRTIO_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

/* The data port MigTD uses (migtd.md 2.2). */
#define VSERIAL_PORT 1u

/* Finds and starts the device (DRIVER_OK, DEVICE_READY sent); the port handshake completes in
 * vserial_poll. False when there is no usable device or no shared DMA memory (dma.h). */
bool vserial_init(void);
bool vserial_present(void);
/* Serves the control and data queues; raises EV_CHANNEL when data arrived, room to send
 * appeared, or the host side opened or closed the port. Cheap when nothing happened. */
void vserial_poll(void);
/* Bytes accepted (0 before the host side is connected or while every buffer is in flight), or
 * ABI_ERR_CLOSED once the host side hung up. */
int32_t vserial_send(const uint8_t *src, uint32_t len);
/* Bytes read (0: nothing yet), or ABI_ERR_CLOSED once the host side hung up and every byte it
 * sent before was read. */
int32_t vserial_recv(uint8_t *dst, uint32_t cap);
/* A channel starts using the port. */
void vserial_stream_open(void);
/* The stream's user is gone: unread bytes are dropped, a past hang-up is forgotten. */
void vserial_stream_reset(void);

#endif
