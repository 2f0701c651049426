/* The import ABI between the core (build/migtd-core.wasm, import module "migtd") and a runtime.
 * Documented once in docs/abi.md; declared in AssemblyScript in assembly/abi.ts.
 * test/abi.test.ts checks this header, abi.ts and the Node host agree. */
#ifndef MIGTD_ABI_H
#define MIGTD_ABI_H

#include <stdint.h>

#define ABI_OK               0
#define ABI_ERR_UNAVAILABLE (-1)
#define ABI_ERR_NO_RESOURCE (-2)
#define ABI_ERR_CLOSED      (-3)
#define ABI_ERR_BAD_HANDLE  (-4)
#define ABI_ERR_UNSUPPORTED (-5)
#define ABI_ERR_ALIGN       (-6)
#define ABI_ERR_RANGE       (-7)

#define EV_SERVICE (1u << 0) /* notify vector 0x50 */
#define EV_QUOTE   (1u << 1) /* notify vector 0x51 */
#define EV_CHANNEL (1u << 2) /* notify vector 0x52 */

#define CHAN_VSOCK  1u
#define CHAN_SERIAL 2u
#define CHAN_STREAM 3u

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
#define ABI_REGS_BYTES (REG_COUNT * 8u)

/* One entry per import, in the order of docs/abi.md: X(name, wasm2c-signature-comment). The
 * runtime's import shims are generated from this list so a missing one fails to compile. */
#define MIGTD_ABI_IMPORTS(X)                                            \
  X(tdcall,        "(i32 regs) -> i32")                                 \
  X(vmcall,        "(i32 regs) -> i32")                                 \
  X(gpa_of,        "(i32 ptr, i32 len, i32 align) -> i64")              \
  X(shared_alloc,  "(i32 pages) -> i32")                                \
  X(shared_gpa,    "(i32 h) -> i64")                                    \
  X(shared_write,  "(i32 h, i32 off, i32 src, i32 len) -> i32")         \
  X(shared_read,   "(i32 h, i32 off, i32 dst, i32 len) -> i32")         \
  X(shared_free,   "(i32 h) -> void")                                   \
  X(wait_event,    "(i32 mask, i32 timeout_ms) -> i32")                 \
  X(now_ms,        "() -> i64")                                         \
  X(random,        "(i32 dst, i32 len) -> i32")                         \
  X(log,           "(i32 level, i32 ptr, i32 len) -> void")             \
  X(chan_open,     "(i32 kind, i32 addr, i32 addr_len) -> i32")         \
  X(chan_send,     "(i32 h, i32 src, i32 len) -> i32")                  \
  X(chan_recv,     "(i32 h, i32 dst, i32 cap) -> i32")                  \
  X(chan_close,    "(i32 h) -> void")                                   \
  X(persist_write, "(i32 src, i32 len) -> i32")                         \
  X(persist_read,  "(i32 dst, i32 cap) -> i32")                        \
  X(config_read,   "(i32 kind, i32 dst, i32 cap) -> i32")

#endif
