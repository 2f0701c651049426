/* COM1 console (16550 UART at 0x3F8, 115200 8N1): the MigTD log. */
#include "platform.h"

#define COM1 0x3F8u
#define UART_LSR 5u
#define LSR_THRE 0x20u
#define TX_SPIN_LIMIT 100000u /* a UART that never drains must not stop the service */

void console_init(void) {
  io_out8(COM1 + 1, 0x00); /* no interrupts */
  io_out8(COM1 + 3, 0x80); /* DLAB */
  io_out8(COM1 + 0, 0x01); /* 115200 */
  io_out8(COM1 + 1, 0x00);
  io_out8(COM1 + 3, 0x03); /* 8N1 */
  io_out8(COM1 + 2, 0xC7); /* FIFO on, cleared */
  io_out8(COM1 + 4, 0x0B);
}

static void put(char c) {
  for (uint32_t i = 0; i < TX_SPIN_LIMIT && !(io_in8(COM1 + UART_LSR) & LSR_THRE); i++) {
  }
  io_out8(COM1, (uint8_t)c);
}

void console_write(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\n') put('\r');
    put(s[i]);
  }
}

void console_puts(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  console_write(s, n);
}
