/* Port I/O: IN/OUT on a plain machine; in a TD those raise #VE, so the shim asks the VMM
 * directly with TDG.VP.VMCALL<Instruction.IO> (tdx-abi.md 4.3). */
#include "shim.h"

void io_out8(const struct shim *s, uint16_t port, uint8_t v) {
  if (s->tdx) {
    uint64_t ignored;
    tdx_vmcall_io(1, true, port, v, &ignored);
    return;
  }
  __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

uint8_t io_in8(const struct shim *s, uint16_t port) {
  if (s->tdx) {
    uint64_t v = 0xFF;
    if (tdx_vmcall_io(1, false, port, 0, &v) != 0) return 0xFF;
    return (uint8_t)v;
  }
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
