/* The simulator link over COM2 (docs/sim-protocol.md): without TDX, each TDCALL/VMCALL register
 * block goes to the simulator, which reads and writes guest memory through MEM_READ/MEM_WRITE
 * until it answers DONE. NOTIFY frames latch events at any time. Nothing here interprets a
 * register or a buffer. */
#include "td.h"
#include "migtd_abi.h"
#include "sim_link.h"
#include "uart.h"

__attribute__((weak)) void rt_debug_command(uint32_t cmd);

/* A simulated call answers within milliseconds; 10 s means nobody is listening. */
#define LINK_TIMEOUT_MS 10000u

static bool link_dead;

static void put_u32(uint32_t v) { for (int i = 0; i < 4; i++) uart_put(g_platform.tdx, COM2_BASE, (uint8_t)(v >> (8 * i))); }
static void put_bytes(const uint8_t *p, uint32_t n) { while (n--) uart_put(g_platform.tdx, COM2_BASE, *p++); }

static bool get_byte(uint8_t *b) {
  uint64_t t0 = plat_now_ms();
  while (!uart_ready(g_platform.tdx, COM2_BASE)) {
    if (plat_now_ms() - t0 > LINK_TIMEOUT_MS) return false;
  }
  *b = uart_get(g_platform.tdx, COM2_BASE);
  return true;
}

static bool get(uint8_t *p, uint32_t n) {
  while (n--) if (!get_byte(p++)) return false;
  return true;
}

static uint64_t le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/* Guest memory the simulator may touch: all RAM by private GPA, the shared pool by shared GPA. */
static uint8_t *resolve(uint64_t gpa, uint64_t len) {
  uint64_t sb = g_platform.shared_bit;
  if (gpa & sb) {
    gpa &= ~sb;
    if (gpa < RAM_SHARED_POOL_BASE || len > RAM_SHARED_POOL_SIZE || gpa - RAM_SHARED_POOL_BASE > RAM_SHARED_POOL_SIZE - len) return 0;
  } else if (gpa < RAM_LOW_MEM_SIZE || len > RAM_SIZE || gpa > RAM_SIZE - len) {
    return 0;
  }
  return (uint8_t *)(uintptr_t)gpa;
}

static void frame_head(uint32_t payload, uint8_t type) {
  put_u32(payload + 1);
  uart_put(g_platform.tdx, COM2_BASE, type);
}

/* Serves one frame; returns its type, or 0 on a broken link. DONE copies into `regs`. */
static uint8_t serve_one(uint64_t regs[16]) {
  uint8_t h[5];
  if (!get(h, 5)) return 0;
  uint32_t len = (uint32_t)le(h, 4);
  uint8_t type = h[4];
  if (len == 0) return 0;
  uint32_t body = len - 1;
  switch (type) {
  case SIM_MSG_MEM_READ: {
    uint8_t a[12];
    if (body != 12 || !get(a, 12)) return 0;
    uint64_t gpa = le(a, 8);
    uint32_t n = (uint32_t)le(a + 8, 4);
    uint8_t *p = resolve(gpa, n);
    frame_head(4 + (p ? n : 0), SIM_MSG_MEM_DATA);
    put_u32(p ? 0 : 1);
    if (p) put_bytes(p, n);
    return type;
  }
  case SIM_MSG_MEM_WRITE: {
    uint8_t a[8];
    if (body < 8 || !get(a, 8)) return 0;
    uint32_t n = body - 8;
    uint8_t *p = resolve(le(a, 8), n);
    for (uint32_t i = 0; i < n; i++) {
      uint8_t b;
      if (!get_byte(&b)) return 0;
      if (p) p[i] = b;
    }
    frame_head(4, SIM_MSG_MEM_ACK);
    put_u32(p ? 0 : 1);
    return type;
  }
  case SIM_MSG_DONE: {
    uint8_t r[128];
    if (body != 128 || !get(r, 128)) return 0;
    if (regs) for (int i = 0; i < 16; i++) regs[i] = le(r + 8 * i, 8);
    return type;
  }
  case SIM_MSG_NOTIFY: {
    uint8_t v;
    if (body != 1 || !get_byte(&v)) return 0;
    if (v >= 0x50 && v <= 0x52) g_platform.events |= 1u << (v - 0x50);
    return type;
  }
  case SIM_MSG_DEBUG: {
    uint8_t c[4];
    if (body != 4 || !get(c, 4)) return 0;
    if (!debug_platform_command((uint32_t)le(c, 4)) && rt_debug_command) rt_debug_command((uint32_t)le(c, 4));
    return type;
  }
  default:
    for (uint32_t i = 0; i < body; i++) {
      uint8_t b;
      if (!get_byte(&b)) return 0;
    }
    return type;
  }
}

bool sim_link_init(void) {
  if (!uart_present(g_platform.tdx, COM2_BASE)) return false;
  uart_init(g_platform.tdx, COM2_BASE);
  static const char name[] = "migtd-td";
  frame_head(4 + sizeof name - 1, SIM_MSG_HELLO);
  put_u32(SIM_LINK_VERSION);
  put_bytes((const uint8_t *)name, sizeof name - 1);
  return true;
}

int32_t sim_link_call(uint8_t type, uint64_t regs[16]) {
  if (link_dead) return ABI_ERR_UNAVAILABLE;
  frame_head(128, type);
  for (int i = 0; i < 16; i++)
    for (int j = 0; j < 8; j++) uart_put(g_platform.tdx, COM2_BASE, (uint8_t)(regs[i] >> (8 * j)));
  for (;;) {
    uint8_t t = serve_one(regs);
    if (t == 0) {
      link_dead = true;
      return ABI_ERR_UNAVAILABLE;
    }
    if (t == SIM_MSG_DONE) return ABI_OK;
  }
}

void sim_link_poll(void) {
  while (!link_dead && uart_ready(g_platform.tdx, COM2_BASE)) {
    if (serve_one(0) == 0) link_dead = true;
  }
}
