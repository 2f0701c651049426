/* Events on Linux: latched bits raised by the simulator link (NOTIFY) and by channel readiness;
 * wait_event polls the simulator socket and the channel sockets until one of the wanted bits is
 * pending or the timeout passes. Bits nobody waits for stay latched. */
#include <errno.h>
#include <poll.h>

#include "linux.h"

#define MAX_POLL_FDS 64

static uint32_t pending;

void ev_raise(uint32_t bits) { pending |= bits; }
uint32_t ev_pending(void) { return pending; }

uint32_t plat_wait_event(uint32_t mask, uint32_t timeout_ms) {
  uint64_t deadline = plat_now_ms() + timeout_ms;
  for (int polled = 0;; polled = 1) {
    sim_run_debug_commands();
    uint32_t got = pending & mask;
    if (got) {
      pending &= ~got;
      return got;
    }
    uint64_t now = plat_now_ms();
    if (polled && now >= deadline) return 0;
    struct pollfd fds[MAX_POLL_FDS];
    int n = 0;
    if (sim_fd() >= 0) fds[n++] = (struct pollfd){.fd = sim_fd(), .events = POLLIN};
    int first_chan = n;
    n += chan_poll_fill(fds + n, MAX_POLL_FDS - n);
    uint64_t wait = deadline > now ? deadline - now : 0;
    int r = poll(fds, (nfds_t)n, wait > 0x7fffffff ? 0x7fffffff : (int)wait);
    if (r < 0 && errno != EINTR) {
      linux_log(1, "wait_event: poll failed");
      return 0;
    }
    if (r <= 0) continue;
    if (first_chan == 1 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) sim_on_readable();
    chan_poll_done(fds + first_chan, n - first_chan);
  }
}
