/* Channel back ends (channels.c): virtio-serial port 1 and, when the device exists,
 * virtio-vsock. */
#ifndef CHANNELS_H
#define CHANNELS_H

#include <stdbool.h>

/* Serves every polled device's queues; raises EV_CHANNEL on readiness. */
void channels_poll(void);
/* True while some device can only be served by polling (no queue interrupts). */
bool channels_polled(void);

#endif
