/* 16550 UART register access over port I/O (uart.h). */
#include "uart.h"
#include "port-io.h"

#define THR 0u
#define IER 1u
#define FCR 2u
#define LCR 3u
#define MCR 4u
#define LSR 5u
#define SCR 7u
#define LSR_DR 0x01u
#define LSR_THRE 0x20u
/* A UART that never drains must not stop the boot or the service: give up on a byte instead. */
#define TX_SPIN_LIMIT 100000u

static void out8(bool tdx, uint16_t port, uint8_t v) { pio_out(tdx, port, 1, v); }
static uint8_t in8(bool tdx, uint16_t port) { return (uint8_t)pio_in(tdx, port, 1); }

bool uart_present(bool tdx, uint16_t base) {
  out8(tdx, base + SCR, 0x5A);
  if (in8(tdx, base + SCR) != 0x5A) return false;
  out8(tdx, base + SCR, 0xA5);
  return in8(tdx, base + SCR) == 0xA5;
}

void uart_init(bool tdx, uint16_t base) {
  out8(tdx, base + IER, 0x00);
  out8(tdx, base + LCR, 0x80); /* DLAB */
  out8(tdx, base + 0, 0x01);   /* divisor 1: 115200 */
  out8(tdx, base + 1, 0x00);
  out8(tdx, base + LCR, 0x03); /* 8N1 */
  out8(tdx, base + FCR, 0xC7);
  out8(tdx, base + MCR, 0x0B);
}

void uart_put(bool tdx, uint16_t base, uint8_t b) {
  for (uint32_t i = 0; i < TX_SPIN_LIMIT && !(in8(tdx, base + LSR) & LSR_THRE); i++) {
  }
  out8(tdx, base + THR, b);
}

bool uart_ready(bool tdx, uint16_t base) { return (in8(tdx, base + LSR) & LSR_DR) != 0; }

uint8_t uart_get(bool tdx, uint16_t base) { return in8(tdx, base + THR); }

void uart_write(bool tdx, uint16_t base, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\n') uart_put(tdx, base, '\r');
    uart_put(tdx, base, (uint8_t)s[i]);
  }
}

void uart_puts(bool tdx, uint16_t base, const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  uart_write(tdx, base, s, n);
}

void uart_hex(bool tdx, uint16_t base, uint64_t v) {
  char s[18] = {'0', 'x'};
  for (int i = 0; i < 16; i++) s[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xFu];
  uart_write(tdx, base, s, sizeof s);
}
