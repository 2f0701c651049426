/* plat_wait_event. Events come from three places: notify interrupts in a TD (vectors
 * 0x50-0x52, latched in intr_pending by intr.asm), NOTIFY frames from the simulator link
 * without TDX (sim-link.c), and the virtio queues, which run without interrupts and are polled
 * here (EV_CHANNEL). Between checks a TD with a TSC-deadline timer sleeps (TDG.VP.VMCALL<HLT>
 * with interrupts on) until an interrupt or the timer; while a polled source exists the sleep
 * is at most POLL_TICK_MS. Otherwise the loop spins with PAUSE. */
#include "td.h"
#include "intr.h"
#include "channels.h"

/* How long a polled device (virtio queue, simulator link) may go unserved while the vCPU
 * sleeps: short enough for interactive latency, long enough to keep the VMM exits rare. */
#define POLL_TICK_MS 1u

volatile uint32_t intr_pending;

static uint32_t take(uint32_t mask) {
  g_platform.events |= __atomic_exchange_n(&intr_pending, 0, __ATOMIC_SEQ_CST);
  uint32_t hit = g_platform.events & mask;
  g_platform.events &= ~hit;
  return hit;
}

uint32_t plat_wait_event(uint32_t mask, uint32_t timeout_ms) {
  uint64_t t0 = plat_now_ms();
  for (;;) {
    if (g_platform.sim) sim_link_poll();
    channels_poll();
    uint32_t hit = take(mask);
    if (hit) return hit;
    uint64_t elapsed = plat_now_ms() - t0;
    if (elapsed >= timeout_ms) return 0;
    if (!apic_has_timer()) {
      __asm__ volatile("pause");
      continue;
    }
    uint64_t left = timeout_ms - elapsed;
    if ((g_platform.sim || channels_polled()) && left > POLL_TICK_MS) left = POLL_TICK_MS;
    apic_timer_at(time_tsc_in_ms((uint32_t)left));
    /* Interrupts are blocked here: one that arrived since take() is still pending in intr_pending
     * or in the APIC, and the HLT below returns at once for the latter. */
    if (__atomic_load_n(&intr_pending, __ATOMIC_SEQ_CST) & mask) continue;
    apic_idle();
  }
}
