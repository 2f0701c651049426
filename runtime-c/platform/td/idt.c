/* The IDT: 256 interrupt gates (type 0xE: IF cleared on entry, SDM vol. 3 6.14.1) in the code
 * segment the payload runs in. Exceptions 0..31 go to their own stubs (the vector is known to
 * the dispatcher), the notify vectors and the timer to tiny stubs, the rest to intr_unexpected. */
#include "td.h"
#include "intr.h"

struct idt_gate {
  uint16_t off_lo, sel;
  uint8_t ist, type;
  uint16_t off_mid;
  uint32_t off_hi, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");

#define GATE_INTERRUPT 0x8Eu /* present, DPL 0, 64-bit interrupt gate */

extern void intr_unexpected(void), intr_timer(void), intr_spurious(void);
extern void intr_notify_50(void), intr_notify_51(void), intr_notify_52(void);
#define X(n) extern void intr_exc_##n(void);
#define EXC_LIST X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
  X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)
EXC_LIST
#undef X

static struct idt_gate idt[256] __attribute__((aligned(16)));

static void set_gate(uint32_t v, void (*fn)(void), uint16_t cs) {
  uint64_t a = (uint64_t)(uintptr_t)fn;
  idt[v] = (struct idt_gate){.off_lo = (uint16_t)a, .sel = cs, .ist = 0, .type = GATE_INTERRUPT,
                             .off_mid = (uint16_t)(a >> 16), .off_hi = (uint32_t)(a >> 32)};
}

void idt_init(void) {
  uint16_t cs;
  __asm__ volatile("mov %%cs, %0" : "=r"(cs));
  static void (*const exc[32])(void) = {
#define X(n) intr_exc_##n,
      EXC_LIST
#undef X
  };
  for (uint32_t v = 0; v < 256; v++) set_gate(v, v < 32 ? exc[v] : intr_unexpected, cs);
  set_gate(VEC_TIMER, intr_timer, cs);
  set_gate(VEC_SERVICE, intr_notify_50, cs);
  set_gate(VEC_QUOTE, intr_notify_51, cs);
  set_gate(VEC_CHANNEL, intr_notify_52, cs);
  set_gate(VEC_SPURIOUS, intr_spurious, cs);
  struct __attribute__((packed)) { uint16_t limit; uint64_t base; } idtr = {sizeof idt - 1, (uint64_t)(uintptr_t)idt};
  __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}
