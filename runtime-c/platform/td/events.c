/* plat_wait_event. Under the simulator, notify "interrupts" arrive as NOTIFY frames on COM2 and
 * are latched by sim-link.c. In a TD, notify vectors need an IDT and the local APIC, which this
 * platform does not set up yet: the wait then only times out. Channel readiness (EV_CHANNEL) is
 * found by polling the virtio-serial queues here; the devices run without interrupts. */
#include "td.h"
#include "virtio-serial.h"

uint32_t plat_wait_event(uint32_t mask, uint32_t timeout_ms) {
  uint64_t t0 = plat_now_ms();
  for (;;) {
    if (g_platform.sim) sim_link_poll();
    vserial_poll();
    uint32_t hit = g_platform.events & mask;
    if (hit) {
      g_platform.events &= ~hit;
      return hit;
    }
    if (plat_now_ms() - t0 >= timeout_ms) return 0;
    __asm__ volatile("pause");
  }
}
