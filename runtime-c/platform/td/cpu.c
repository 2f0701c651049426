/* Idle loop for when the core has stopped. */
#include "td.h"
#include "tdcall.h"

void cpu_idle_forever(void) {
  for (;;) {
    if (g_platform.tdx) {
      /* TDG.VP.VMCALL<HLT> with interrupts blocked: the VMM deschedules the vCPU. */
      struct td_regs r = {0};
      r.rax = TDG_VP_VMCALL;
      r.rcx = VMCALL_EXPOSE_R10_R15;
      r.r11 = VMCALL_HLT;
      r.r12 = 1;
      td_call(&r);
    } else {
      __asm__ volatile("cli; hlt");
    }
  }
}
