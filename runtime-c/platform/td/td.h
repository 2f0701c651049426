/* The TD platform of the C runtime: what runs after the shim, inside a TD or, without TDX,
 * under plain QEMU with TDCALL/VMCALLs forwarded to the simulator over COM2. It implements
 * runtime-c/include/platform.h. Pointers equal GPAs (identity map from the reset vector). */
#ifndef TD_PLATFORM_H
#define TD_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "layout.h"
#include "platform.h"
#include "port-io.h"

struct td_platform {
  bool tdx;                     /* boot_info.flags bit 0 */
  bool sim;                     /* no TDX, and the simulator answered on COM2 */
  uint64_t shared_bit;          /* 1 << (GPAW - 1); bit 47 for the simulator */
  const struct boot_info *boot;
  bool shared_ready;            /* SharedPool is host-visible (shared.c); always without TDX */
  volatile uint32_t events;     /* latched EV_* bits (interrupts latch theirs in intr_pending) */
};

extern struct td_platform g_platform;

/* Port I/O (firmware/common/port-io.c): TDG.VP.VMCALL<Instruction.IO> in a TD, IN/OUT otherwise. */
static inline void io_out8(uint16_t port, uint8_t v) { pio_out(g_platform.tdx, port, 1, v); }
static inline uint8_t io_in8(uint16_t port) { return (uint8_t)pio_in(g_platform.tdx, port, 1); }
static inline void io_out16(uint16_t port, uint16_t v) { pio_out(g_platform.tdx, port, 2, v); }
static inline uint16_t io_in16(uint16_t port) { return (uint16_t)pio_in(g_platform.tdx, port, 2); }
static inline void io_out32(uint16_t port, uint32_t v) { pio_out(g_platform.tdx, port, 4, v); }
static inline uint32_t io_in32(uint16_t port) { return pio_in(g_platform.tdx, port, 4); }

/* console.c: COM1 log (firmware/common/uart.c). */
void console_init(void);
void console_write(const char *s, size_t len);
void console_puts(const char *s);
void console_hex(uint64_t v); /* 0x + 16 hex digits */

/* time.c */
void time_init(void);
uint64_t time_tsc_in_ms(uint32_t ms); /* the TSC value `ms` from now (timer deadlines) */

/* sim-link.c: docs/sim-protocol.md over COM2. */
bool sim_link_init(void);                          /* HELLO; false when no simulator answers */
int32_t sim_link_call(uint8_t type, uint64_t regs[16]); /* ABI_OK or ABI_ERR_UNAVAILABLE */
void sim_link_poll(void);                          /* handle NOTIFY/DEBUG frames already waiting */
void sim_replay_event_log(void);                   /* the CCEL's digests -> simulated RTMRs */
/* debug.c: platform self-tests for DEBUG commands with bit 31 set; false for other commands. */
bool debug_platform_command(uint32_t cmd);

/* shared.c: the payload's page tables; in a TD, SharedPool converted to shared. */
void paging_init(void);

/* memory.c: from now on the engine may claim at most `bytes` of the Heap region (linear memory
 * growth past it fails as past the region's end); for out-of-memory tests (debug.c). */
void memory_cap_heap(uint64_t bytes);

/* cpu.c */
__attribute__((noreturn)) void cpu_idle_forever(void);

#endif
