/* COM1 console: the MigTD log. */
#include "td.h"
#include "uart.h"

void console_init(void) { uart_init(COM1_BASE); }

void console_write(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\n') uart_put(COM1_BASE, '\r');
    uart_put(COM1_BASE, (uint8_t)s[i]);
  }
}

void console_puts(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  console_write(s, n);
}
