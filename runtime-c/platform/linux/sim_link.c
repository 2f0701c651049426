/* The simulator link (docs/sim-protocol.md): TDCALL/VMCALL go to the simulated TDX module and
 * VMM over a Unix stream socket; while a call is open we serve its memory accesses; NOTIFY and
 * DEBUG may arrive at any time. Nothing here interprets a register or a buffer.
 * Frame and message types: sim_link.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "linux.h"
#include "migtd_abi.h"
#include "sim_link.h"

#define SIM_MAX_FRAME (16u << 20) /* larger than any buffer the simulator moves */

static int fd = -1;
static uint8_t *frame;                  /* receive buffer, SIM_MAX_FRAME bytes */
static const struct abi_mem *call_mem;  /* linear memory while a call is open, else NULL */
static uint32_t debug_pending[8];
static uint32_t debug_count;

int sim_fd(void) { return fd; }

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void drop(const char *why) {
  if (fd < 0) return;
  linux_log(1, "sim link: %s; TDCALL/VMCALL are unavailable from now on", why);
  close(fd);
  fd = -1;
}

static int write_all(const void *buf, size_t len) {
  const uint8_t *p = buf;
  while (len) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int read_all(void *buf, size_t len) {
  uint8_t *p = buf;
  while (len) {
    ssize_t n = recv(fd, p, len, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Sends type + two payload parts (header fields, then bulk bytes). */
static int send_msg(uint8_t type, const void *a, uint32_t alen, const void *b, uint32_t blen) {
  uint8_t head[5];
  put32(head, 1 + alen + blen);
  head[4] = type;
  if (fd < 0 || write_all(head, 5) || (alen && write_all(a, alen)) || (blen && write_all(b, blen))) {
    drop("send failed");
    return -1;
  }
  return 0;
}

/* Reads one frame into `frame`; returns its type and sets *len to the payload length. */
static int recv_msg(uint32_t *len) {
  uint8_t head[5];
  if (fd < 0 || read_all(head, 5)) {
    drop("simulator closed the connection");
    return -1;
  }
  uint32_t total = get32(head);
  if (total < 1 || total - 1 > SIM_MAX_FRAME) {
    drop("malformed frame length");
    return -1;
  }
  *len = total - 1;
  if (*len && read_all(frame, *len)) {
    drop("truncated frame");
    return -1;
  }
  return head[4];
}

/* A GPA range -> host bytes: private (linear memory of the open call, or the import layer's
 * bounce area) or the shared pool. */
static uint8_t *resolve(uint64_t gpa, uint64_t len) {
  if (gpa & LINUX_SHARED_BIT) {
    uint64_t a = gpa & ~LINUX_SHARED_BIT;
    if (a < LINUX_POOL_GPA_BASE || a - LINUX_POOL_GPA_BASE > LINUX_POOL_BYTES ||
        len > LINUX_POOL_BYTES - (a - LINUX_POOL_GPA_BASE))
      return 0;
    return linux_pool_base() + (a - LINUX_POOL_GPA_BASE);
  }
  if (gpa >= LINUX_BOUNCE_GPA_BASE && gpa - LINUX_BOUNCE_GPA_BASE <= LINUX_BOUNCE_BYTES &&
      len <= LINUX_BOUNCE_BYTES - (gpa - LINUX_BOUNCE_GPA_BASE)) {
    struct plat_bounce_area a;
    plat_bounce_area(&a);
    return a.base + (gpa - LINUX_BOUNCE_GPA_BASE);
  }
  if (!call_mem || gpa < linux_private_gpa_base(call_mem)) return 0;
  uint64_t off = gpa - linux_private_gpa_base(call_mem);
  if (off > call_mem->size || len > call_mem->size - off) return 0;
  return call_mem->base + off;
}

static void serve_read(uint32_t len) {
  uint8_t status[4];
  if (len != 12) {
    drop("malformed MEM_READ");
    return;
  }
  uint64_t gpa = get64(frame);
  uint32_t n = get32(frame + 8);
  uint8_t *p = n <= SIM_MAX_FRAME ? resolve(gpa, n) : 0;
  put32(status, p ? 0 : 1);
  send_msg(SIM_MSG_MEM_DATA, status, 4, p, p ? n : 0);
}

static void serve_write(uint32_t len) {
  uint8_t status[4];
  if (len < 8) {
    drop("malformed MEM_WRITE");
    return;
  }
  uint8_t *p = resolve(get64(frame), len - 8);
  if (p) memcpy(p, frame + 8, len - 8);
  put32(status, p ? 0 : 1);
  send_msg(SIM_MSG_MEM_ACK, status, 4, 0, 0);
}

static void on_notify(uint32_t len) {
  if (len < 1) return;
  switch (frame[0]) {
    case 0x50: ev_raise(EV_SERVICE); break;
    case 0x51: ev_raise(EV_QUOTE); break;
    case 0x52: ev_raise(EV_CHANNEL); break;
    default: linux_log(2, "sim link: unknown notify vector 0x%02x ignored", frame[0]);
  }
}

/* DEBUG commands re-enter the core, so they run only when no call is open (the protocol would
 * otherwise see a nested TDCALL): latched here, run by sim_run_debug_commands. */
static void on_debug(uint32_t len) {
  if (len < 4) return;
  if (debug_count < sizeof debug_pending / sizeof debug_pending[0])
    debug_pending[debug_count++] = get32(frame);
}

void sim_run_debug_commands(void) {
  while (debug_count) {
    uint32_t cmd = debug_pending[0];
    memmove(debug_pending, debug_pending + 1, --debug_count * sizeof debug_pending[0]);
    rt_debug_command(cmd);
  }
}

/* Messages valid at any time. Returns 1 when handled. */
static int on_async(int type, uint32_t len) {
  switch (type) {
    case SIM_MSG_NOTIFY: on_notify(len); return 1;
    case SIM_MSG_DEBUG: on_debug(len); return 1;
    case SIM_MSG_MEM_READ: serve_read(len); return 1;
    case SIM_MSG_MEM_WRITE: serve_write(len); return 1;
  }
  return 0;
}

void sim_on_readable(void) {
  uint32_t len;
  int type = recv_msg(&len);
  if (type < 0) return;
  if (!on_async(type, len)) linux_log(2, "sim link: unexpected message 0x%02x outside a call", type);
}

int sim_connect(const char *path) {
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof sa.sun_path) {
    linux_log(1, "sim link: socket path too long: %s", path);
    return -1;
  }
  strcpy(sa.sun_path, path);
  frame = malloc(SIM_MAX_FRAME);
  fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (!frame || fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    linux_log(1, "sim link: cannot connect to %s: %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    fd = -1;
    return -1;
  }
  uint8_t version[4];
  static const char name[] = "migtd-linux";
  put32(version, SIM_LINK_VERSION);
  if (send_msg(SIM_MSG_HELLO, version, 4, name, sizeof name - 1)) return -1;
  linux_log(4, "sim link: connected to %s", path);
  return 0;
}

/* One call: send the registers, serve memory until DONE, take the output registers. */
static int32_t call(uint8_t type, const struct abi_mem *mem, uint64_t regs[16]) {
  if (fd < 0) return ABI_ERR_UNAVAILABLE;
  if (send_msg(type, regs, ABI_REGS_BYTES, 0, 0)) return ABI_ERR_UNAVAILABLE;
  call_mem = mem;
  int32_t status = ABI_ERR_UNAVAILABLE;
  for (;;) {
    uint32_t len;
    int t = recv_msg(&len);
    if (t < 0) break;
    if (t == SIM_MSG_DONE) {
      if (len != ABI_REGS_BYTES) {
        drop("malformed DONE");
        break;
      }
      memcpy(regs, frame, ABI_REGS_BYTES);
      status = ABI_OK;
      break;
    }
    if (!on_async(t, len)) {
      drop("unexpected message during a call");
      break;
    }
  }
  call_mem = 0;
  sim_run_debug_commands();
  return status;
}

int32_t plat_tdcall(const struct abi_mem *mem, uint64_t regs[16]) { return call(SIM_MSG_TDCALL, mem, regs); }
int32_t plat_vmcall(const struct abi_mem *mem, uint64_t regs[16]) { return call(SIM_MSG_VMCALL, mem, regs); }
