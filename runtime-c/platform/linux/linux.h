/* Internals shared by the Linux platform's files (not part of platform.h). */
#ifndef MIGTD_LINUX_H
#define MIGTD_LINUX_H

#include <poll.h>
#include <stdint.h>

#include "platform.h"

/* GPAs of the Linux platform (docs/sim-protocol.md): GPAW 48, shared bit 47. A linear-memory
 * offset's private GPA is LINUX_PRIVATE_GPA_BASE + (the host address of linear memory mod 4096) +
 * offset: like an identity map it keeps the engine's placement of linear memory within a page,
 * so an engine whose memory starts off a page boundary (wasm3: 24 bytes into a malloc block)
 * meets the same alignment here as in the TD. */
#define LINUX_PRIVATE_GPA_BASE 0x10000000ull
#define LINUX_BOUNCE_GPA_BASE 0x0FF00000ull
#define LINUX_BOUNCE_BYTES (4u * 4096u)
#define LINUX_SHARED_BIT (1ull << 47)
#define LINUX_POOL_GPA_BASE 0x40000000ull
#define LINUX_POOL_BYTES (2u << 20) /* 2 MiB: a few Service-TD and GetQuote buffers at a time */

/* Options (main.c / harness_main.c set them before anything runs). */
extern int linux_log_level;           /* lines above this level are dropped; default 3 (info) */
extern const char *linux_vsock_dir;   /* CHAN_VSOCK sockets live here; NULL: $MIGTD_VSOCK_DIR */

/* Enrolled configuration files (config.c): 0, or -1 after logging why. */
int linux_config_load(uint32_t kind, const char *path);

void linux_log(uint32_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Events (events.c). */
void ev_raise(uint32_t bits);
uint32_t ev_pending(void);

/* The simulator link (sim_link.c). */
int sim_connect(const char *path); /* 0, or -1 after logging why */
int sim_fd(void);                  /* -1 when not connected */
void sim_on_readable(void);        /* one message that arrived outside a call */
void sim_run_debug_commands(void); /* DEBUG commands latched during a call */
uint8_t *linux_pool_base(void);
uint64_t linux_private_gpa_base(const struct abi_mem *mem); /* GPA of linear-memory offset 0 */

/* Channels (channels.c): poll integration. */
int chan_poll_fill(struct pollfd *fds, int max); /* appends channel fds; returns how many */
void chan_poll_done(const struct pollfd *fds, int n);

#endif
