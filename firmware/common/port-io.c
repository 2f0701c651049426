/* Port I/O: TDG.VP.VMCALL<Instruction.IO> in a TD, IN/OUT otherwise (port-io.h). */
#include "port-io.h"
#include "tdcall.h"

static uint32_t vmcall_io(uint32_t size, bool write, uint16_t port, uint32_t data) {
  return (uint32_t)td_vmcall_access(VMCALL_IO, size, write, port, data);
}

uint32_t pio_in(bool tdx, uint16_t port, uint32_t size) {
  if (tdx) return vmcall_io(size, false, port, 0);
  if (size == 1) {
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
  }
  if (size == 2) {
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
  }
  uint32_t v;
  __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

void pio_out(bool tdx, uint16_t port, uint32_t size, uint32_t value) {
  if (tdx) {
    vmcall_io(size, true, port, value);
  } else if (size == 1) {
    __asm__ volatile("outb %0, %1" : : "a"((uint8_t)value), "Nd"(port));
  } else if (size == 2) {
    __asm__ volatile("outw %0, %1" : : "a"((uint16_t)value), "Nd"(port));
  } else {
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
  }
}
