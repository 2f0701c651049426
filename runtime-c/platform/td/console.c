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

void console_hex(uint64_t v) {
  char s[18] = {'0', 'x'};
  for (int i = 0; i < 16; i++) s[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xFu];
  console_write(s, sizeof s);
}
