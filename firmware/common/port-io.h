/* Port I/O for firmware code that may run in a TD or on a plain machine. In a TD, IN/OUT raise
 * #VE, so these ask the VMM directly (TDG.VP.VMCALL<Instruction.IO>, tdx-abi.md 4.3) and never
 * depend on a #VE handler; elsewhere they are plain IN/OUT. `tdx` says which: the shim keeps it
 * in its stack context, the payload in g_platform. No state, no writable globals (the shim runs
 * in place). */
#ifndef PORT_IO_H
#define PORT_IO_H

#include <stdbool.h>
#include <stdint.h>

/* size is 1, 2 or 4 bytes. A failed VMCALL reads as all ones (like a missing device). */
uint32_t pio_in(bool tdx, uint16_t port, uint32_t size);
void pio_out(bool tdx, uint16_t port, uint32_t size, uint32_t value);

#endif
