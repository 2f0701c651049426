/* 16550 UART register access over port I/O (io.c). */
#include "td.h"
#include "uart.h"

#define THR 0u
#define IER 1u
#define FCR 2u
#define LCR 3u
#define MCR 4u
#define LSR 5u
#define SCR 7u
#define LSR_DR 0x01u
#define LSR_THRE 0x20u
#define TX_SPIN_LIMIT 100000u /* a UART that never drains must not stop the service */

bool uart_present(uint16_t base) {
  io_out8(base + SCR, 0x5A);
  if (io_in8(base + SCR) != 0x5A) return false;
  io_out8(base + SCR, 0xA5);
  return io_in8(base + SCR) == 0xA5;
}

void uart_init(uint16_t base) {
  io_out8(base + IER, 0x00);
  io_out8(base + LCR, 0x80); /* DLAB */
  io_out8(base + 0, 0x01);   /* divisor 1: 115200 */
  io_out8(base + 1, 0x00);
  io_out8(base + LCR, 0x03); /* 8N1 */
  io_out8(base + FCR, 0xC7);
  io_out8(base + MCR, 0x0B);
}

void uart_put(uint16_t base, uint8_t b) {
  for (uint32_t i = 0; i < TX_SPIN_LIMIT && !(io_in8(base + LSR) & LSR_THRE); i++) {
  }
  io_out8(base + THR, b);
}

bool uart_ready(uint16_t base) { return (io_in8(base + LSR) & LSR_DR) != 0; }

uint8_t uart_get(uint16_t base) { return io_in8(base + THR); }
