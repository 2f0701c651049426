/* 16550 UART by I/O base: COM1 (0x3F8) is the console, COM2 (0x2F8) the simulator link. */
#ifndef UART_H
#define UART_H

#include <stdbool.h>
#include <stdint.h>

#define COM1_BASE 0x3F8u
#define COM2_BASE 0x2F8u

bool uart_present(uint16_t base);           /* scratch-register probe */
void uart_init(uint16_t base);              /* 115200 8N1, FIFOs on, no interrupts */
void uart_put(uint16_t base, uint8_t b);    /* bounded wait for room */
bool uart_ready(uint16_t base);             /* a received byte is waiting */
uint8_t uart_get(uint16_t base);            /* call only when uart_ready() */

#endif
