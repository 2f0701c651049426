/* Byte-stream channels on Linux: non-blocking sockets.
 *   CHAN_STREAM  "127.0.0.1:<port>" / "localhost:<port>" -> TCP on loopback; otherwise the bytes
 *                are the path of a Unix stream socket.
 *   CHAN_VSOCK   {cid u64, port u32} -> Unix stream socket "<dir>/<cid>-<port>.sock", where <dir>
 *                is --vsock-dir or $MIGTD_VSOCK_DIR, so a test or a relay (socat) can stand in
 *                for the host's vsock.
 *   CHAN_SERIAL  unsupported here (virtio-serial exists only in the TD).
 * Readiness is edge-like: a channel raises EV_CHANNEL once when it connects, has data or closes,
 * then stays quiet until the core calls chan_recv (or chan_send, when a send was short), so a
 * core that does not read yet never makes wait_event spin. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "linux.h"
#include "migtd_abi.h"

#define CHAN_MAX 32 /* Intel's MigTD serves at most 12 sessions at once */

enum state { FREE, CONNECTING, OPEN, CLOSED };

struct chan {
  int fd;
  enum state state;
  int want_read;  /* report readability (cleared once reported) */
  int want_write; /* a send was short: report writability */
};

static struct chan chans[CHAN_MAX];

static struct chan *lookup(int32_t h) {
  return (h >= 0 && h < CHAN_MAX && chans[h].state != FREE) ? &chans[h] : 0;
}

/* Starts a non-blocking connect; returns a handle or a status. */
static int32_t open_socket(int domain, const struct sockaddr *sa, socklen_t len) {
  int32_t h = -1;
  for (int32_t i = 0; i < CHAN_MAX && h < 0; i++)
    if (chans[i].state == FREE) h = i;
  if (h < 0) return ABI_ERR_NO_RESOURCE;
  int fd = socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ABI_ERR_NO_RESOURCE;
  enum state st = OPEN;
  if (connect(fd, sa, len) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN) {
      linux_log(3, "channel: connect failed: %s", strerror(errno));
      close(fd);
      return ABI_ERR_UNAVAILABLE;
    }
    st = CONNECTING;
  }
  chans[h] = (struct chan){.fd = fd, .state = st, .want_read = 1, .want_write = st == CONNECTING};
  if (st == OPEN) ev_raise(EV_CHANNEL);
  return h;
}

static int32_t open_unix(const char *path) {
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof sa.sun_path) return ABI_ERR_UNSUPPORTED;
  strcpy(sa.sun_path, path);
  return open_socket(AF_UNIX, (struct sockaddr *)&sa, sizeof sa);
}

/* "127.0.0.1:<port>" or "localhost:<port>": TCP on loopback; -1 when `a` is not that form. */
static int32_t open_tcp(const char *a) {
  const char *colon = strrchr(a, ':');
  if (!colon || colon[1] == 0) return -1;
  size_t host_len = (size_t)(colon - a);
  if (!((host_len == 9 && !memcmp(a, "127.0.0.1", 9)) || (host_len == 9 && !memcmp(a, "localhost", 9))))
    return -1;
  char *end;
  unsigned long port = strtoul(colon + 1, &end, 10);
  if (*end || port == 0 || port > 65535) return -1;
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  return open_socket(AF_INET, (struct sockaddr *)&sa, sizeof sa);
}

int32_t plat_chan_open(uint32_t kind, const uint8_t *addr, uint32_t addr_len) {
  char text[300];
  if (kind == CHAN_STREAM) {
    if (addr_len == 0 || addr_len >= sizeof text || memchr(addr, 0, addr_len)) return ABI_ERR_UNSUPPORTED;
    memcpy(text, addr, addr_len);
    text[addr_len] = 0;
    int32_t h = open_tcp(text);
    if (h != -1) return h;
    if (strchr(text, ':') && text[0] != '/' && text[0] != '.') return ABI_ERR_UNSUPPORTED; /* not loopback */
    return open_unix(text);
  }
  if (kind == CHAN_VSOCK) {
    uint64_t cid;
    uint32_t port;
    if (addr_len != 12) return ABI_ERR_UNSUPPORTED;
    memcpy(&cid, addr, 8);
    memcpy(&port, addr + 8, 4);
    const char *dir = linux_vsock_dir ? linux_vsock_dir : getenv("MIGTD_VSOCK_DIR");
    if (!dir || !*dir) {
      linux_log(2, "channel: vsock needs --vsock-dir or MIGTD_VSOCK_DIR");
      return ABI_ERR_UNAVAILABLE;
    }
    snprintf(text, sizeof text, "%s/%llu-%u.sock", dir, (unsigned long long)cid, port);
    return open_unix(text);
  }
  return ABI_ERR_UNSUPPORTED;
}

static void mark_closed(struct chan *c) {
  if (c->state != CLOSED) ev_raise(EV_CHANNEL);
  c->state = CLOSED;
}

int32_t plat_chan_send(int32_t h, const uint8_t *src, uint32_t len) {
  struct chan *c = lookup(h);
  if (!c) return ABI_ERR_BAD_HANDLE;
  if (c->state == CLOSED) return ABI_ERR_CLOSED;
  if (c->state == CONNECTING || len == 0) return 0;
  ssize_t n = send(c->fd, src, len, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) n = 0;
  if (n < 0) {
    mark_closed(c);
    return ABI_ERR_CLOSED;
  }
  if ((uint32_t)n < len) c->want_write = 1;
  return (int32_t)n;
}

int32_t plat_chan_recv(int32_t h, uint8_t *dst, uint32_t cap) {
  struct chan *c = lookup(h);
  if (!c) return ABI_ERR_BAD_HANDLE;
  c->want_read = 1;
  if (c->state == CLOSED) return ABI_ERR_CLOSED;
  if (c->state == CONNECTING || cap == 0) return 0;
  ssize_t n = recv(c->fd, dst, cap, MSG_DONTWAIT);
  if (n > 0) return (int32_t)n;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
  mark_closed(c); /* 0 = orderly end of stream, < 0 = reset */
  return ABI_ERR_CLOSED;
}

void plat_chan_close(int32_t h) {
  struct chan *c = lookup(h);
  if (!c) return;
  close(c->fd);
  *c = (struct chan){.fd = -1, .state = FREE};
}

void plat_chan_close_all(void) {
  for (int32_t h = 0; h < CHAN_MAX; h++) plat_chan_close(h);
}

/* Poll integration: chan_poll_fill lists the fds worth watching in the same order as chans[];
 * chan_poll_done maps results back by walking the same order. */
static short interest(const struct chan *c) {
  if (c->state == CONNECTING) return POLLOUT;
  if (c->state != OPEN) return 0;
  return (short)((c->want_read ? POLLIN : 0) | (c->want_write ? POLLOUT : 0));
}

int chan_poll_fill(struct pollfd *fds, int max) {
  int n = 0;
  for (int i = 0; i < CHAN_MAX && n < max; i++) {
    short ev = interest(&chans[i]);
    if (ev) fds[n++] = (struct pollfd){.fd = chans[i].fd, .events = ev};
  }
  return n;
}

void chan_poll_done(const struct pollfd *fds, int n) {
  int k = 0;
  for (int i = 0; i < CHAN_MAX && k < n; i++) {
    struct chan *c = &chans[i];
    if (!interest(c)) continue;
    short re = fds[k++].revents;
    if (!re) continue;
    if (c->state == CONNECTING) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
      c->want_write = 0;
      if (err) mark_closed(c);
      else {
        c->state = OPEN;
        ev_raise(EV_CHANNEL);
      }
      continue;
    }
    if (re & (POLLIN | POLLHUP | POLLERR)) c->want_read = 0;
    if (re & (POLLOUT | POLLHUP | POLLERR)) c->want_write = 0;
    ev_raise(EV_CHANNEL);
  }
}
