/* COM1 console (16550 UART at 0x3F8, 115200 8N1). */
#include "shim.h"

#define COM1 0x3F8u
#define UART_THR 0u
#define UART_IER 1u
#define UART_FCR 2u
#define UART_LCR 3u
#define UART_MCR 4u
#define UART_LSR 5u
#define LSR_THRE 0x20u
#define TX_SPIN_LIMIT 100000u /* give up on a UART that never drains rather than hang the boot */

void serial_init(const struct shim *s) {
  io_out8(s, COM1 + UART_IER, 0x00);
  io_out8(s, COM1 + UART_LCR, 0x80); /* DLAB */
  io_out8(s, COM1 + 0, 0x01);        /* divisor 1: 115200 baud */
  io_out8(s, COM1 + 1, 0x00);
  io_out8(s, COM1 + UART_LCR, 0x03); /* 8N1 */
  io_out8(s, COM1 + UART_FCR, 0xC7);
  io_out8(s, COM1 + UART_MCR, 0x0B);
}

static void putc_raw(const struct shim *s, char c) {
  for (uint32_t i = 0; i < TX_SPIN_LIMIT && !(io_in8(s, COM1 + UART_LSR) & LSR_THRE); i++) {
  }
  io_out8(s, COM1 + UART_THR, (uint8_t)c);
}

void serial_puts(const struct shim *s, const char *str) {
  for (; *str; str++) {
    if (*str == '\n') putc_raw(s, '\r');
    putc_raw(s, *str);
  }
}

void serial_hex(const struct shim *s, uint64_t v) {
  char buf[19];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xF];
  buf[18] = 0;
  serial_puts(s, buf);
}

void shim_fatal(const struct shim *s, const char *why, uint64_t code) {
  serial_puts(s, "shim: fatal: ");
  serial_puts(s, why);
  serial_puts(s, " ");
  serial_hex(s, code);
  serial_puts(s, "\n");
  cpu_halt_forever(s);
}
