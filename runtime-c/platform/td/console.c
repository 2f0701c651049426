/* COM1 console: the MigTD log, through the UART code the shim uses too (firmware/common). */
#include "td.h"
#include "uart.h"

void console_init(void) { uart_init(g_platform.tdx, COM1_BASE); }

void console_write(const char *s, size_t len) { uart_write(g_platform.tdx, COM1_BASE, s, len); }

void console_puts(const char *s) { uart_puts(g_platform.tdx, COM1_BASE, s); }

void console_hex(uint64_t v) { uart_hex(g_platform.tdx, COM1_BASE, v); }
