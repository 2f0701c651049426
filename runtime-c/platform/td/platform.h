/* The TD platform of the C runtime: what runs after the shim, inside a TD or, without TDX,
 * under plain QEMU. Pointers equal GPAs (identity mapping from the reset vector's tables). */
#ifndef PLATFORM_TD_H
#define PLATFORM_TD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "layout.h"

struct platform {
  bool tdx;                     /* boot_info.flags bit 0 */
  const struct boot_info *boot;
};

extern struct platform g_platform;

/* io.c: port I/O; TDG.VP.VMCALL<Instruction.IO> in a TD, IN/OUT otherwise. */
void io_out8(uint16_t port, uint8_t v);
uint8_t io_in8(uint16_t port);

/* console.c: COM1 log. */
void console_init(void);
void console_write(const char *s, size_t len);
void console_puts(const char *s);

/* cpu.c */
__attribute__((noreturn)) void cpu_idle_forever(void);

#endif
