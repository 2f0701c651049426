/* The import ABI between the core (build/migtd-core.wasm, import module "migtd") and a runtime:
 * the one place it is written down (docs/abi.md explains it). Every constant below and the
 * import list are rendered into AssemblyScript (assembly/abi.ts) and TypeScript
 * (scripts/host/gen/abi.ts) by scripts/gen/abi.ts; `make` re-renders them when this file
 * changes and test/abi.test.ts fails when a committed rendering is stale.
 *
 * Constants: `#define NAME value` with a plain integer value; a `u` suffix makes it u32 on the
 * AssemblyScript side, none makes it i32. */
#ifndef MIGTD_ABI_H
#define MIGTD_ABI_H

#include <stdint.h>

/* Status values of imports for expected failures. */
#define ABI_OK               0
#define ABI_ERR_UNAVAILABLE (-1)
#define ABI_ERR_NO_RESOURCE (-2)
#define ABI_ERR_CLOSED      (-3)
#define ABI_ERR_BAD_HANDLE  (-4)
#define ABI_ERR_UNSUPPORTED (-5)
#define ABI_ERR_ALIGN       (-6)
#define ABI_ERR_RANGE       (-7)

/* Events for wait_event / migtd_poll. */
#define EV_SERVICE (1u << 0) /* notify vector 0x50 */
#define EV_QUOTE   (1u << 1) /* notify vector 0x51 */
#define EV_CHANNEL (1u << 2) /* notify vector 0x52 */

/* Channel kinds for chan_open. */
#define CHAN_VSOCK  1u
#define CHAN_SERIAL 2u
#define CHAN_STREAM 3u

/* Log levels (migtd.md 1.6). */
#define LOG_ERROR 1u
#define LOG_WARN  2u
#define LOG_INFO  3u
#define LOG_DEBUG 4u
#define LOG_TRACE 5u

/* Bytes of the persist area (persist_write / persist_read). */
#define PERSIST_MAX 4096u

/* Items for config_read. */
#define CONFIG_POLICY    1u
#define CONFIG_ROOT_CA   2u
#define CONFIG_EVENT_LOG 3u

/* Register block layout: 16 x u64 in GPR encoding order. */
enum abi_reg {
  REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
  REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_COUNT
};
#define ABI_REGS_BYTES 128u
_Static_assert(ABI_REGS_BYTES == REG_COUNT * 8u, "16 x u64 register block");

/* One entry per import, in the order of docs/abi.md: X(name, "signature"). This list is the
 * single source of the ABI: scripts/native/gen.ts generates the runtime's import shims from it (a
 * missing implementation fails to compile), scripts/gen/abi.ts renders assembly/abi.ts and
 * scripts/host/gen/abi.ts from it, and the tests take their tables from it.
 *
 * Parameter types (all are i32 in Wasm except i64):
 *   regs  offset of a 128-byte register block (ABI_REGS_BYTES, 8-byte aligned)
 *   ptr   offset into linear memory; the next parameter is the u32 byte length of the range
 *   u32   unsigned 32-bit value;  i32  signed 32-bit value (handles);  i64  64-bit value
 * Result types: i32, u32, i64 or void. */
#define MIGTD_ABI_IMPORTS(X)                                            \
  X(tdcall,        "(regs regs) -> i32")                                \
  X(vmcall,        "(regs regs) -> i32")                                \
  X(gpa_of,        "(ptr ptr, u32 len, u32 align) -> i64")              \
  X(shared_alloc,  "(u32 pages) -> i32")                                \
  X(shared_gpa,    "(i32 h) -> i64")                                    \
  X(shared_write,  "(i32 h, u32 off, ptr src, u32 len) -> i32")         \
  X(shared_read,   "(i32 h, u32 off, ptr dst, u32 len) -> i32")         \
  X(shared_free,   "(i32 h) -> void")                                   \
  X(wait_event,    "(u32 mask, u32 timeout_ms) -> u32")                 \
  X(now_ms,        "() -> i64")                                         \
  X(random,        "(ptr dst, u32 len) -> i32")                         \
  X(log,           "(u32 level, ptr ptr, u32 len) -> void")             \
  X(chan_open,     "(u32 kind, ptr addr, u32 addr_len) -> i32")         \
  X(chan_send,     "(i32 h, ptr src, u32 len) -> i32")                  \
  X(chan_recv,     "(i32 h, ptr dst, u32 cap) -> i32")                  \
  X(chan_close,    "(i32 h) -> void")                                   \
  X(persist_write, "(ptr src, u32 len) -> i32")                         \
  X(persist_read,  "(ptr dst, u32 cap) -> i32")                         \
  X(config_read,   "(u32 kind, ptr dst, u32 cap) -> i32")

#endif
