/* Interrupts and exceptions of the payload: the IDT (idt.c), the entry stubs (intr.asm), the
 * dispatcher for exceptions and #VE (traps.c), latched notify vectors and the local APIC
 * (apic.c). Vectors: migtd.md 1.2 (0x50 service, 0x51 quote, 0x52 channel data, 0x21 timer). */
#ifndef INTR_H
#define INTR_H

#include <stdbool.h>
#include <stdint.h>
#include "tdcall.h"

#define VEC_VE          20u
#define VEC_TIMER       0x21u
#define VEC_SERVICE     0x50u
#define VEC_QUOTE       0x51u
#define VEC_CHANNEL     0x52u
#define VEC_SPURIOUS    0xFFu
#define VEC_UNEXPECTED  0x100u /* what intr_unexpected reports: the real vector is not known */

/* What intr.asm builds on the stack for intr_dispatch. The GPRs come back from it on return,
 * so a handler emulating an instruction writes its results here and moves `rip` past it. */
struct intr_frame {
  struct td_regs gpr; /* the `rsp` slot is unused: see `rsp` below */
  uint64_t vector, error;
  uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
_Static_assert(sizeof(struct intr_frame) == 128 + 7 * 8, "intr_frame matches intr.asm");

/* EV_* bits set by the notify stubs; plat_wait_event takes them with an atomic exchange. */
extern volatile uint32_t intr_pending;

/* idt.c: builds the 256-gate IDT and loads it. Safe with or without TDX; interrupts stay off. */
void idt_init(void);

/* traps.c, called by intr.asm with interrupts blocked. */
void intr_dispatch(struct intr_frame *f);

/* apic.c: x2APIC in a TD (SVR via TDG.VP.VMCALL<WRMSR>), TSC-deadline timer on VEC_TIMER. False
 * when there is no usable APIC (always without TDX: notifications come over the simulator link). */
bool apic_init(void);
bool apic_ready(void);
bool apic_has_timer(void);
/* Arms the one-shot timer for TSC value `tsc` (0 disarms). */
void apic_timer_at(uint64_t tsc);
/* Sleeps with interrupts enabled until the next interrupt (TDG.VP.VMCALL<HLT> right after STI),
 * then blocks interrupts again. */
void apic_idle(void);

#endif
