/* The import ABI (docs/abi.md), engine- and platform-neutral. Each function is called by an
 * engine shim (generated: abi_w2c.c / abi_m3.c) with a view of the caller's linear memory, and:
 *   1. range-checks every pointer/length against that memory, in 64-bit arithmetic so
 *      ptr + len cannot wrap, and traps (rt_trap) on a bad range: it is a bug in the core;
 *   2. returns ABI_ERR_* for expected failures;
 *   3. hands plain buffers to the platform (platform.h).
 * Pointers into linear memory stay valid across platform calls: memories never move
 * (wasm_rt_memory.c reserves the maximum up front), even if a nested call grows one. */
#include <string.h>

#include "abi_impl.h"
#include "bounce.h"
#include "migtd_abi.h"
#include "platform.h"
#include "rt.h"
#include "shared_pool.h"

#define CHAN_ADDR_MAX 256u /* longest channel address (a Unix socket path is <= 108) */

_Static_assert(sizeof(((struct plat_persist *)0)->data) == PERSIST_MAX, "persist area size");

/* [ptr, ptr + len) inside linear memory, or trap. */
static uint8_t *span(const struct abi_mem *m, uint32_t ptr, uint32_t len) {
  if ((uint64_t)ptr + len > m->size) rt_trap(RT_TRAP_OOB);
  return m->base + ptr;
}

/* ---- TDX ----------------------------------------------------------------------------------- */

/* The register block: 16 x u64 little-endian (x86-64 is little-endian, so a plain copy). */
static uint8_t *regs_block(const struct abi_mem *m, uint32_t regs, uint64_t r[REG_COUNT]) {
  uint8_t *p = span(m, regs, ABI_REGS_BYTES);
  if (regs & 7u) rt_trap(RT_TRAP_MISALIGNED);
  memcpy(r, p, ABI_REGS_BYTES);
  return p;
}

/* RSP and RBP are never inputs and come back unchanged (docs/abi.md). Bounce buffers handed out
 * by gpa_of since the last call come back into linear memory when the call ran. */
static uint32_t finish_call(const struct abi_mem *m, uint8_t *p, uint64_t r[REG_COUNT],
                            uint64_t rsp, uint64_t rbp, int32_t status) {
  bounce_leave(m, status == ABI_OK);
  if (status != ABI_OK) return (uint32_t)status;
  r[REG_RSP] = rsp;
  r[REG_RBP] = rbp;
  memcpy(p, r, ABI_REGS_BYTES);
  return ABI_OK;
}

uint32_t abi_tdcall(const struct abi_mem *m, uint32_t regs) {
  uint64_t r[REG_COUNT];
  uint8_t *p = regs_block(m, regs, r);
  if (r[REG_RAX] == 0) { /* TDG.VP.VMCALL: use vmcall */
    bounce_leave(m, false);
    return (uint32_t)ABI_ERR_UNSUPPORTED;
  }
  uint64_t rsp = r[REG_RSP], rbp = r[REG_RBP];
  bounce_enter(m);
  return finish_call(m, p, r, rsp, rbp, plat_tdcall(m, r));
}

/* Expose bitmap bits that must stay clear: RAX (0), RCX (1), RSP (4), RBP (5); tdx-abi.md §4.2. */
#define VMCALL_FORBIDDEN_EXPOSE 0x33u

uint32_t abi_vmcall(const struct abi_mem *m, uint32_t regs) {
  uint64_t r[REG_COUNT];
  uint8_t *p = regs_block(m, regs, r);
  if (r[REG_RCX] & VMCALL_FORBIDDEN_EXPOSE) {
    bounce_leave(m, false);
    return (uint32_t)ABI_ERR_UNSUPPORTED;
  }
  r[REG_RAX] = 0;
  uint64_t rsp = r[REG_RSP], rbp = r[REG_RBP];
  bounce_enter(m);
  return finish_call(m, p, r, rsp, rbp, plat_vmcall(m, r));
}

/* The range's own GPA when it has the alignment; otherwise an aligned bounce buffer's, valid for
 * the next tdcall/vmcall (bounce.h): where the engine put linear memory never shows. */
uint64_t abi_gpa_of(const struct abi_mem *m, uint32_t ptr, uint32_t len, uint32_t align) {
  span(m, ptr, len);
  if (align == 0 || (align & (align - 1)) != 0) return (uint64_t)(int64_t)ABI_ERR_ALIGN;
  uint64_t gpa = plat_private_gpa(m, ptr);
  if (gpa & (align - 1)) return bounce_map(ptr, len, align);
  return gpa;
}

/* ---- Shared memory ------------------------------------------------------------------------- */

uint32_t abi_shared_alloc(const struct abi_mem *m, uint32_t pages) {
  (void)m;
  return (uint32_t)pool_alloc(pages);
}

uint64_t abi_shared_gpa(const struct abi_mem *m, uint32_t h) {
  (void)m;
  uint32_t bytes;
  if (!pool_buffer((int32_t)h, &bytes)) return (uint64_t)(int64_t)ABI_ERR_BAD_HANDLE;
  return pool_gpa((int32_t)h);
}

/* The buffer range [off, off + len) of handle h, or a status in *status. */
static uint8_t *shared_range(uint32_t h, uint32_t off, uint32_t len, int32_t *status) {
  uint32_t bytes;
  uint8_t *buf = pool_buffer((int32_t)h, &bytes);
  *status = ABI_OK;
  if (!buf) *status = ABI_ERR_BAD_HANDLE;
  else if ((uint64_t)off + len > bytes) *status = ABI_ERR_RANGE;
  return *status == ABI_OK ? buf + off : 0;
}

uint32_t abi_shared_write(const struct abi_mem *m, uint32_t h, uint32_t off, uint32_t src,
                          uint32_t len) {
  const uint8_t *from = span(m, src, len);
  int32_t status;
  uint8_t *to = shared_range(h, off, len, &status);
  if (to) memcpy(to, from, len);
  return (uint32_t)status;
}

uint32_t abi_shared_read(const struct abi_mem *m, uint32_t h, uint32_t off, uint32_t dst,
                         uint32_t len) {
  uint8_t *to = span(m, dst, len);
  int32_t status;
  const uint8_t *from = shared_range(h, off, len, &status);
  if (from) memcpy(to, from, len);
  return (uint32_t)status;
}

void abi_shared_free(const struct abi_mem *m, uint32_t h) {
  (void)m;
  pool_free((int32_t)h);
}

/* ---- Events, time, entropy, log ------------------------------------------------------------ */

uint32_t abi_wait_event(const struct abi_mem *m, uint32_t mask, uint32_t timeout_ms) {
  (void)m;
  return plat_wait_event(mask & (EV_SERVICE | EV_QUOTE | EV_CHANNEL), timeout_ms);
}

uint64_t abi_now_ms(const struct abi_mem *m) {
  (void)m;
  return plat_now_ms();
}

uint32_t abi_random(const struct abi_mem *m, uint32_t dst, uint32_t len) {
  return (uint32_t)plat_random(span(m, dst, len), len);
}

void abi_log(const struct abi_mem *m, uint32_t level, uint32_t ptr, uint32_t len) {
  plat_log(level, (const char *)span(m, ptr, len), len);
}

/* ---- Channels ------------------------------------------------------------------------------ */

uint32_t abi_chan_open(const struct abi_mem *m, uint32_t kind, uint32_t addr, uint32_t addr_len) {
  const uint8_t *a = span(m, addr, addr_len);
  uint8_t copy[CHAN_ADDR_MAX];
  if (addr_len > CHAN_ADDR_MAX) return (uint32_t)ABI_ERR_RANGE;
  memcpy(copy, a, addr_len);
  return (uint32_t)plat_chan_open(kind, copy, addr_len);
}

uint32_t abi_chan_send(const struct abi_mem *m, uint32_t h, uint32_t src, uint32_t len) {
  return (uint32_t)plat_chan_send((int32_t)h, span(m, src, len), len);
}

uint32_t abi_chan_recv(const struct abi_mem *m, uint32_t h, uint32_t dst, uint32_t cap) {
  return (uint32_t)plat_chan_recv((int32_t)h, span(m, dst, cap), cap);
}

void abi_chan_close(const struct abi_mem *m, uint32_t h) {
  (void)m;
  plat_chan_close((int32_t)h);
}

/* ---- Persist area -------------------------------------------------------------------------- */

uint32_t abi_persist_write(const struct abi_mem *m, uint32_t src, uint32_t len) {
  const uint8_t *from = span(m, src, len);
  struct plat_persist *p = plat_persist_area();
  if (len > PERSIST_MAX) return (uint32_t)ABI_ERR_RANGE;
  memcpy(p->data, from, len);
  p->len = len;
  return ABI_OK;
}

/* Copies min(cap, stored) bytes and returns the stored length, so a caller with too small a
 * buffer can tell (result > cap). */
uint32_t abi_persist_read(const struct abi_mem *m, uint32_t dst, uint32_t cap) {
  uint8_t *to = span(m, dst, cap);
  const struct plat_persist *p = plat_persist_area();
  uint32_t n = p->len < cap ? p->len : cap;
  memcpy(to, p->data, n);
  return p->len;
}

/* ---- Enrolled configuration ---------------------------------------------------------------- */

/* Copies min(cap, length) bytes of the item and returns its full length, so a caller with too
 * small a buffer can ask again; ABI_ERR_UNAVAILABLE when the platform has no such item. */
uint32_t abi_config_read(const struct abi_mem *m, uint32_t kind, uint32_t dst, uint32_t cap) {
  uint8_t *to = span(m, dst, cap);
  uint32_t len = 0;
  const uint8_t *item = plat_config_item(kind, &len);
  if (!item) return (uint32_t)ABI_ERR_UNAVAILABLE;
  memcpy(to, item, len < cap ? len : cap);
  return len;
}
