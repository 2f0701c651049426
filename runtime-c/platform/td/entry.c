/* Payload entry, called by the shim (shim/src/payload.c) on the PayloadStack:
 *
 *   payload_entry(RDI = struct boot_info *)
 *
 * Brings up the IDT (exceptions, #VE), the console, the payload's page tables and (in a TD) the
 * shared pool, the clock, the x2APIC (in a TD) or the simulator link (without TDX), and the
 * virtio devices, then runs the core under the supervisor (runtime-c/src/supervisor.c). A payload built
 * without the engine (FW_ENGINE= in mk/shim.mk) stops after the banner. */
#include "td.h"
#include "supervisor.h"
#include "intr.h"
#include "virtio-serial.h"
#include "virtio-vsock.h"
#include "sept-check.h"
#include "memwatch.h"

#ifndef MIGTD_VERSION
#error "MIGTD_VERSION must be defined by the build (package.json version)"
#endif

#define SIM_SHARED_BIT (1ull << 47) /* docs/sim-protocol.md: GPAW 48 */

struct td_platform g_platform;

static uint64_t boot_tdcall(void *ctx, struct td_regs *r) {
  (void)ctx;
  return td_call(r);
}

__attribute__((weak)) int rt_supervise(const struct rt_supervisor_config *cfg);
__attribute__((weak)) void rt_debug_command(uint32_t cmd);

__attribute__((section(".text.entry"), noreturn, used))
void payload_entry(const struct boot_info *bi) {
  /* First: in a TD any CPUID, MSR or I/O instruction from here on may raise #VE. */
  idt_init();
  g_platform.boot = bi;
  g_platform.tdx = (bi->flags & 1u) != 0;
  g_platform.shared_bit = g_platform.tdx ? 1ull << (bi->gpaw - 1) : SIM_SHARED_BIT;
  console_init();
  /* In a TD, refuse to run unless a private-memory #VE is impossible (sept-check.h). */
  if (g_platform.tdx) {
    enum sept_check sc = sept_ve_check(boot_tdcall, 0);
    if (sc != SEPT_CHECK_OK) {
      console_puts("runtime: refusing to start: ");
      console_puts(sept_check_message(sc));
      console_puts("\n");
      cpu_idle_forever();
    }
  }
  /* Before anything deep runs on the stack or the engine reserves the heap (memwatch.h). */
  memwatch_paint();
  /* With an engine the core prints the banner itself (migtd_init); without one, this does. */
  if (!rt_supervise) console_puts("MigTD Version - " MIGTD_VERSION "\n");
  paging_init();
  time_init();
  if (g_platform.tdx) apic_init();
  if (!g_platform.tdx) {
    g_platform.sim = sim_link_init();
    console_puts(g_platform.sim ? "runtime: no TDX, TDCALL/VMCALL forwarded to the simulator on COM2\n"
                                : "runtime: no TDX and no simulator port (COM2): TDCALL/VMCALL unavailable\n");
    if (g_platform.sim) sim_replay_event_log();
  }
  /* Before the core: the port handshake then runs in the background of wait_event. */
  vserial_init();
  vsock_init();
  if (!rt_supervise) {
    console_puts("runtime: payload built without an engine\n");
    cpu_idle_forever();
  }
  struct rt_supervisor_config cfg = {.trap_limit = 5, .trap_window_ms = 10000};
  int rc = rt_supervise(&cfg);
  /* Same words as the Linux runtime, so hosts read the stop code the same way. */
  char num[12];
  int n = 0;
  unsigned v = (unsigned)rc;
  do { num[n++] = (char)('0' + v % 10); v /= 10; } while (v && n < 11);
  console_puts("runtime: core stopped with ");
  while (n > 0) console_write(&num[--n], 1);
  console_puts("\n");
  memwatch_report();
  cpu_idle_forever();
}
