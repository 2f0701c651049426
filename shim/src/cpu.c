/* CPU identification and the last-resort halt. */
#include "shim.h"

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

/* TDX is present when CPUID leaf 0x21 returns "IntelTDX    " in EBX, EDX, ECX (tdx-abi.md 2.4).
 * In a TD this leaf is answered by the TDX module itself, without #VE. */
bool cpu_has_tdx(void) {
  uint32_t r[4];
  cpuid(0, 0, r);
  if (r[0] < 0x21) return false;
  cpuid(0x21, 0, r);
  return r[1] == 0x65746E49u /* "Inte" */ && r[3] == 0x5844546Cu /* "lTDX" */ && r[2] == 0x20202020u;
}

void cpu_halt_forever(const struct shim *s) {
  for (;;) {
    if (s->tdx) __asm__ volatile("pause"); /* HLT would #VE and there is no IDT yet */
    else __asm__ volatile("cli; hlt");
  }
}
