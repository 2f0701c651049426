/* COM1 console of the shim (16550 UART at 0x3F8, 115200 8N1), through the UART code the payload
 * uses too (firmware/common/uart.c). */
#include "shim.h"
#include "uart.h"

void serial_init(const struct shim *s) { uart_init(s->tdx, COM1_BASE); }

void serial_puts(const struct shim *s, const char *str) { uart_puts(s->tdx, COM1_BASE, str); }

void serial_hex(const struct shim *s, uint64_t v) { uart_hex(s->tdx, COM1_BASE, v); }

void shim_fatal(const struct shim *s, const char *why, uint64_t code) {
  serial_puts(s, "shim: fatal: ");
  serial_puts(s, why);
  serial_puts(s, " ");
  serial_hex(s, code);
  serial_puts(s, "\n");
  cpu_halt_forever(s);
}
