/* The shim's C entry, called by shim/reset/long64.asm; linked first in the Ipl region.
 *
 *   shim_main(mode, td_hob, gpaw, vcpu_index)  RDI..RCX as long64.asm documents.
 *
 * Steps: identify the platform, (TD) accept RAM, write the event log and measure (separators,
 * policy and its trust anchor), fill boot_info with the CCEL table, load and enter the payload. */
#include "shim.h"
#include "accept.h"
#include "ccel.h"
#include "event-log.h"
#include "measure.h"
#include "mem.h"
#include "payload.h"

/* The RAM the shim accepts: the PermMem section of the metadata (memory-map.json). MigTD's
 * layout has no TD_HOB section, and a TD HOB address in RCX alone is not trusted (td-shim reads
 * the HOB only from a metadata TD_HOB section), so hob.c is not consulted for this layout. */
static void accept_ram(const struct shim *s) {
  uint64_t st = accept_range(0, RAM_SIZE, tdx_accept_page, 0);
  if (st != 0) shim_fatal(s, "TDG.MEM.PAGE.ACCEPT failed", st);
}

__attribute__((section(".text.entry"), noreturn, used))
void shim_main(uint64_t mode, uint64_t td_hob, uint64_t gpaw, uint64_t vcpu_index) {
  struct shim s = {.tdx = false, .gpaw = 0};
  if (mode == BOOT_TDX) {
    s.tdx = true; /* port I/O must go through TDG.VP.VMCALL from here on */
    s.gpaw = (uint32_t)gpaw;
    if (!cpu_has_tdx()) {
      s.tdx = false;
      shim_fatal(&s, "TD entry without CPUID leaf 0x21", 0);
    }
  }
  serial_init(&s);
  if (s.tdx) accept_ram(&s);

  struct boot_info *bi = (struct boot_info *)(uintptr_t)RAM_BOOT_INFO_BASE;
  mem_set(bi, 0, sizeof(*bi));
  bi->magic = BOOT_INFO_MAGIC;
  bi->flags = s.tdx ? BOOT_INFO_FLAG_TDX : 0;
  bi->gpaw = s.gpaw;
  bi->vcpu_index = (uint32_t)vcpu_index;
  bi->td_hob = td_hob;
  bi->ram_base = 0;
  bi->ram_size = RAM_SIZE;
  bi->accepted = s.tdx ? RAM_SIZE : 0;
  bi->cfv_base = IMG_CONFIG_BASE;
  bi->cfv_size = IMG_CONFIG_SIZE;

  /* Outside a TD there is no TDX module to extend: the log is written all the same, and the
   * payload replays its digests into the simulator's RTMRs once it reaches it. */
  struct evlog log;
  if (evlog_init(&log, (void *)(uintptr_t)RAM_EVENT_LOG_BASE, RAM_EVENT_LOG_SIZE,
                 s.tdx ? tdx_rtmr_extend : 0, 0) != 0)
    shim_fatal(&s, "event log", 0);
  int m = measure_boot(&log, (const uint8_t *)(uintptr_t)IMG_CONFIG_BASE, IMG_CONFIG_SIZE);
  if (m != 0) shim_fatal(&s, "measuring the config volume (see measure.h)", (uint64_t)-m);
  bi->event_log = RAM_EVENT_LOG_BASE;
  bi->event_log_size = RAM_EVENT_LOG_SIZE;
  bi->event_log_used = log.used;
  ccel_build(bi->ccel, RAM_EVENT_LOG_BASE, RAM_EVENT_LOG_SIZE);

  const struct payload_header *h = (const struct payload_header *)(uintptr_t)IMG_PAYLOAD_BASE;
  int p = payload_check(h);
  if (p != 0) shim_fatal(&s, "payload header", (uint64_t)-p);
  payload_enter(h, bi);
}
