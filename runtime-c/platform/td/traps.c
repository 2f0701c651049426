/* intr_dispatch: #VE in a TD is emulated (ve.c) and execution resumes after the instruction;
 * any other exception is a bug in the runtime or the engine: it is reported on the console with
 * where it happened (vector, error code, RIP, RSP, RFLAGS, CR2, CR3) and the vCPU halts for good
 * (interrupts stay blocked). The console is host-visible, and at a fault the general registers
 * may hold key material (an MSK element, an AES round key), so they are printed only by a build
 * with -DMIGTD_FATAL_GPRS (a developer's knob, off in every image the Makefile builds). Unused vectors
 * >= 32 are reported once and acknowledged. Runs with interrupts blocked, on the interrupted
 * stack (no IST: a stack overflow that faults again ends in a triple fault). */
#include "td.h"
#include "intr.h"
#include "ve.h"

static const char *const exc_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualization exception", "#CP control protection", "reserved 22",
    "reserved 23", "reserved 24", "reserved 25", "reserved 26", "reserved 27",
    "#HV hypervisor injection", "#VC VMM communication", "#SX security", "reserved 31"};

static uint64_t real_tdcall(void *ctx, struct td_regs *r) {
  (void)ctx;
  return td_call(r);
}

static void field(const char *name, uint64_t v) {
  console_puts(name);
  console_hex(v);
}

__attribute__((noreturn)) static void fatal(const struct intr_frame *f, const char *what, const char *detail) {
  uint64_t cr2, cr3;
  __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
  __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
  console_puts("\nruntime: fatal exception: ");
  console_puts(what);
  if (detail) {
    console_puts(": ");
    console_puts(detail);
  }
  field("\n  vector ", f->vector);
  field(" error ", f->error);
  field(" rip ", f->rip);
  field(" rsp ", f->rsp);
  field(" rflags ", f->rflags);
  field(" cr2 ", cr2);
  field(" cr3 ", cr3);
#ifdef MIGTD_FATAL_GPRS
  field("\n  rax ", f->gpr.rax);
  field(" rbx ", f->gpr.rbx);
  field(" rcx ", f->gpr.rcx);
  field(" rdx ", f->gpr.rdx);
  field("\n  rsi ", f->gpr.rsi);
  field(" rdi ", f->gpr.rdi);
  field(" rbp ", f->gpr.rbp);
#endif
  console_puts("\nruntime: halted\n");
  cpu_idle_forever();
}

static void handle_ve(struct intr_frame *f) {
  /* VEINFO.GET first: the info is single-shot, a second #VE before it is read is a #DF. */
  struct td_regs r = {.rax = TDG_VP_VEINFO_GET};
  if (td_call(&r) != TDX_SUCCESS) fatal(f, exc_names[VEC_VE], "TDG.VP.VEINFO.GET failed");
  struct ve_info vi;
  ve_info_from_regs(&r, &vi);
  enum ve_status s = ve_emulate(&f->gpr, f->rflags, &vi, real_tdcall, 0);
  if (s != VE_DONE) {
    console_puts("\nruntime: #VE");
    field(" exit reason ", vi.exit_reason);
    field(" qualification ", vi.qual);
    field(" gpa ", vi.gpa);
    fatal(f, exc_names[VEC_VE], ve_status_name(s));
  }
  f->rip += vi.insn_len;
}

void intr_dispatch(struct intr_frame *f) {
  if (f->vector == VEC_VE && g_platform.tdx) {
    handle_ve(f);
    return;
  }
  if (f->vector < 32) fatal(f, exc_names[f->vector], 0);
  static bool reported;
  if (!reported) {
    reported = true;
    console_puts("runtime: unexpected interrupt ignored\n");
  }
  if (apic_ready()) __asm__ volatile("wrmsr" : : "c"(0x80Bu), "a"(0u), "d"(0u)); /* x2APIC EOI */
}
