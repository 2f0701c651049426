/* 16550 UART by I/O base over port I/O (port-io.h): COM1 (0x3F8) is the console of the shim and
 * of the payload, COM2 (0x2F8) the payload's simulator link. `tdx` as in port-io.h. */
#ifndef UART_H
#define UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COM1_BASE 0x3F8u
#define COM2_BASE 0x2F8u

bool uart_present(bool tdx, uint16_t base);         /* scratch-register probe */
void uart_init(bool tdx, uint16_t base);            /* 115200 8N1, FIFOs on, no interrupts */
void uart_put(bool tdx, uint16_t base, uint8_t b);  /* bounded wait for room */
bool uart_ready(bool tdx, uint16_t base);           /* a received byte is waiting */
uint8_t uart_get(bool tdx, uint16_t base);          /* call only when uart_ready() */

/* Console text: "\n" goes out as "\r\n". */
void uart_write(bool tdx, uint16_t base, const char *s, size_t len);
void uart_puts(bool tdx, uint16_t base, const char *s);
void uart_hex(bool tdx, uint16_t base, uint64_t v); /* 0x + 16 hex digits */

#endif
