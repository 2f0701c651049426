/* The platform interface: everything the engine layer (wasm-rt, import shims, supervisor) needs
 * from the machine it runs on. Implemented by runtime-c/platform/linux (a process talking to the
 * simulator) and runtime-c/platform/td (the firmware). Only plain C types cross it, so it is
 * usable from both freestanding and hosted code.
 *
 * The platform moves bytes and registers; it never interprets a TDX structure or a message
 * (docs/abi.md explains each import; this header only states what the platform must provide). */
#ifndef MIGTD_PLATFORM_H
#define MIGTD_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* A view of the core's linear memory at the moment of an import call (it may move or grow
 * between calls, never during one). */
struct abi_mem {
  uint8_t *base;
  uint64_t size;
};

/* ---- Linear memory --------------------------------------------------------------------------
 * One region per Wasm memory. `plat_linear_alloc` returns `bytes` of addressable memory (content
 * undefined: wasm-rt zeroes what it hands out) or NULL; `plat_linear_limit` caps every memory
 * (a static arena in firmware), so memory.grow past it fails like growing past the maximum. */
void *plat_linear_alloc(uint64_t bytes);
void plat_linear_free(void *base, uint64_t bytes);
uint64_t plat_linear_limit(void);

/* ---- TDX ------------------------------------------------------------------------------------
 * Execute TDCALL / TDG.VP.VMCALL on a register block (16 x u64, enum abi_reg order). The import
 * layer has already validated the leaf and the VMCALL expose bitmap. Returns ABI_OK or
 * ABI_ERR_UNAVAILABLE. `mem` lets a simulated TDX module reach private memory. */
int32_t plat_tdcall(const struct abi_mem *mem, uint64_t regs[16]);
int32_t plat_vmcall(const struct abi_mem *mem, uint64_t regs[16]);
/* Private GPA of linear-memory offset `off` (the whole linear memory is GPA-contiguous). */
uint64_t plat_private_gpa(const struct abi_mem *mem, uint64_t off);

/* ---- Bounce area ----------------------------------------------------------------------------
 * Private memory owned by the platform, page-aligned, `bytes` a multiple of 4096, where the import
 * layer puts aligned copies of buffers for the TDX module whose own GPA lacks the alignment
 * (src/bounce.h). `gpa` is the private GPA of `base`; the simulator link must resolve it. */
struct plat_bounce_area {
  uint8_t *base;
  uint32_t bytes;
  uint64_t gpa;
};
void plat_bounce_area(struct plat_bounce_area *out);

/* ---- Shared memory pool ---------------------------------------------------------------------
 * A page-aligned, host-visible region owned by the platform; src/shared_pool.c manages it.
 * `gpa` is the GPA of page 0 with the shared bit already set. */
struct plat_shared_pool {
  uint8_t *base;
  uint32_t pages;
  uint64_t gpa;
};
void plat_shared_pool(struct plat_shared_pool *out);

/* ---- Events, time, entropy, log -------------------------------------------------------------
 * Events are latched bits (EV_* in migtd_abi.h); the platform sets them from interrupts or I/O
 * readiness. plat_wait_event sleeps until one in `mask` is pending or the timeout passes, then
 * returns and clears the pending ones in `mask`. */
uint32_t plat_wait_event(uint32_t mask, uint32_t timeout_ms);
uint64_t plat_now_ms(void);
int32_t plat_random(uint8_t *dst, uint32_t len); /* ABI_OK or ABI_ERR_UNAVAILABLE */
/* One log line (no newline); level 1 error .. 5 trace. */
void plat_log(uint32_t level, const char *msg, uint32_t len);

/* ---- Channels -------------------------------------------------------------------------------
 * Non-blocking byte streams; handles are small integers >= 0; statuses are ABI_ERR_*. The address
 * bytes are a private copy. Readiness (data, connected, closed) raises EV_CHANNEL. */
int32_t plat_chan_open(uint32_t kind, const uint8_t *addr, uint32_t addr_len);
int32_t plat_chan_send(int32_t h, const uint8_t *src, uint32_t len);
int32_t plat_chan_recv(int32_t h, uint8_t *dst, uint32_t cap);
void plat_chan_close(int32_t h); /* unknown handles are ignored */
void plat_chan_close_all(void);   /* the core instance is gone: release all its channels */

/* ---- Persist area ---------------------------------------------------------------------------
 * PERSIST_MAX bytes plus a length that survive re-instantiation of the core (not a reboot). */
struct plat_persist {
  uint32_t len;
  uint8_t data[4096];
};
struct plat_persist *plat_persist_area(void);

/* ---- Enrolled configuration -----------------------------------------------------------------
 * The item `kind` (CONFIG_POLICY, CONFIG_ROOT_CA, CONFIG_EVENT_LOG in migtd_abi.h): its bytes
 * and length, or NULL when the platform has none. The bytes stay valid for the process's life. */
const uint8_t *plat_config_item(uint32_t kind, uint32_t *len);

/* ---- Fatal errors ---------------------------------------------------------------------------
 * A bug in the runtime itself (never the core's: those are traps). Does not return. */
__attribute__((noreturn)) void plat_panic(const char *what, const char *file, unsigned line);

/* ---- Calls from the platform into the engine layer ------------------------------------------
 * A debug command from the simulator (1 = arm the core's debug trap). Safe to call from inside an
 * import; does nothing when the module has no such export. */
void rt_debug_command(uint32_t cmd);

#endif
