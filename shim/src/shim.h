/* The shim's run-time context and the hardware-facing helpers of this directory. The context
 * lives on the stack: the shim has no writable globals (it runs in place from the image, which
 * is ROM in a legacy boot; the linker script rejects .data and .bss). */
#ifndef SHIM_H
#define SHIM_H

#include <stdbool.h>
#include <stdint.h>

/* Boot modes, as passed by the reset vector in RDI (shim/reset/defs.inc). */
#define BOOT_LEGACY 0u
#define BOOT_TDX    1u

struct shim {
  bool tdx;       /* TD entry and CPUID leaf 0x21 reports TDX: port I/O and measuring via TDCALL */
  uint32_t gpaw;  /* GPA width from the TD entry state (0 legacy) */
};

/* cpu.c */
bool cpu_has_tdx(void);
__attribute__((noreturn)) void cpu_halt_forever(const struct shim *s);

/* serial.c: COM1 console (port I/O and the UART are firmware/common's). */
void serial_init(const struct shim *s);
void serial_puts(const struct shim *s, const char *str);
void serial_hex(const struct shim *s, uint64_t v);
__attribute__((noreturn)) void shim_fatal(const struct shim *s, const char *why, uint64_t code);

/* tdx.c: the TDCALLs the shim needs (all through firmware/common/tdcall.asm). */
uint64_t tdx_accept_page(void *ctx, uint64_t gpa, uint32_t level);
int tdx_rtmr_extend(void *ctx, uint32_t rtmr, const uint8_t digest[48]);

#endif
