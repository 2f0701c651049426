/* The local APIC in a TD: always in x2APIC mode (tdx-abi.md 3.4 step 7, 4.4). The SVR and the
 * timer MSRs are not virtualized by the TDX module, so they go to the VMM as
 * TDG.VP.VMCALL<RDMSR/WRMSR> (tdx-abi.md 4.3); EOI (0x80B) is virtualized and is a plain WRMSR in
 * intr.asm. The timer is the TSC-deadline timer on VEC_TIMER (migtd.md 1.2 uses 0x21 too); a CPU
 * without it leaves wait_event polling. Without TDX nothing here runs: QEMU's emulated APIC in
 * this configuration has no x2APIC mode, and notifications come over the simulator link. */
#include "td.h"
#include "intr.h"

#define MSR_TSC_DEADLINE 0x6E0u
#define MSR_X2APIC_SVR   0x80Fu
#define MSR_X2APIC_LVTT  0x832u
#define SVR_ENABLE       (1u << 8)
#define LVTT_TSC_DEADLINE (2u << 17) /* timer mode bits 18:17 (SDM vol. 3 10.5.1) */
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

static bool up, has_timer;
volatile uint8_t intr_x2apic_eoi; /* read by intr.asm before it writes the EOI MSR */

static bool vmcall_msr(uint32_t fn, uint32_t msr, uint64_t in, uint64_t *out) {
  struct td_regs r = {.rax = TDG_VP_VMCALL, .rcx = VMCALL_EXPOSE_R10_R15, .r11 = fn, .r12 = msr, .r13 = in};
  if (td_call(&r) != TDX_SUCCESS || r.r10 != 0) return false;
  if (out) *out = r.r11;
  return true;
}

bool apic_init(void) {
  if (!g_platform.tdx) return false;
  uint64_t svr;
  if (!vmcall_msr(VMCALL_RDMSR, MSR_X2APIC_SVR, 0, &svr) ||
      !vmcall_msr(VMCALL_WRMSR, MSR_X2APIC_SVR, (svr & ~0xFFull) | SVR_ENABLE | VEC_SPURIOUS, 0)) {
    console_puts("runtime: x2APIC SVR not writable: notify vectors off, wait_event polls\n");
    return false;
  }
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1u), "c"(0u));
  (void)a, (void)b, (void)d;
  has_timer = (c & CPUID1_ECX_TSC_DEADLINE) && vmcall_msr(VMCALL_WRMSR, MSR_X2APIC_LVTT, LVTT_TSC_DEADLINE | VEC_TIMER, 0);
  up = true;
  intr_x2apic_eoi = 1;
  console_puts(has_timer ? "runtime: x2APIC up, TSC-deadline timer on vector 0x21\n"
                         : "runtime: x2APIC up, no TSC-deadline timer: wait_event polls\n");
  return true;
}

bool apic_ready(void) { return up; }
bool apic_has_timer(void) { return up && has_timer; }

void apic_timer_at(uint64_t tsc) {
  if (apic_has_timer()) vmcall_msr(VMCALL_WRMSR, MSR_TSC_DEADLINE, tsc, 0);
}

void apic_idle(void) {
  /* R12 = 0: interrupts are not blocked; the STI shadow covers the TDCALL (tdx-abi.md 4.2). */
  struct td_regs r = {.rax = TDG_VP_VMCALL, .rcx = VMCALL_EXPOSE_R10_R15, .r11 = VMCALL_HLT, .r12 = 0};
  td_call_sti(&r);
  __asm__ volatile("cli" ::: "memory");
}
