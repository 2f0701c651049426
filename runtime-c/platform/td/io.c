/* Port I/O. In a TD, IN/OUT would raise #VE: the platform calls the VMM directly instead
 * (TDG.VP.VMCALL<Instruction.IO>, tdx-abi.md 4.3), so console output never depends on the #VE
 * handler. */
#include "td.h"
#include "tdcall.h"

static uint64_t vmcall_io(uint32_t size, bool write, uint16_t port, uint32_t data) {
  struct td_regs r = {0};
  r.rax = TDG_VP_VMCALL;
  r.rcx = VMCALL_EXPOSE_R10_R15;
  r.r11 = VMCALL_IO;
  r.r12 = size;
  r.r13 = write ? 1 : 0;
  r.r14 = port;
  r.r15 = data;
  if (td_call(&r) != TDX_SUCCESS || r.r10 != 0) return ~0ull;
  return r.r11;
}

void io_out8(uint16_t port, uint8_t v) {
  if (g_platform.tdx) {
    vmcall_io(1, true, port, v);
    return;
  }
  __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

uint8_t io_in8(uint16_t port) {
  if (g_platform.tdx) return (uint8_t)vmcall_io(1, false, port, 0);
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

void io_out16(uint16_t port, uint16_t v) {
  if (g_platform.tdx) {
    vmcall_io(2, true, port, v);
    return;
  }
  __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

uint16_t io_in16(uint16_t port) {
  if (g_platform.tdx) return (uint16_t)vmcall_io(2, false, port, 0);
  uint16_t v;
  __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

void io_out32(uint16_t port, uint32_t v) {
  if (g_platform.tdx) {
    vmcall_io(4, true, port, v);
    return;
  }
  __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

uint32_t io_in32(uint16_t port) {
  if (g_platform.tdx) return (uint32_t)vmcall_io(4, false, port, 0);
  uint32_t v;
  __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
