/* Under the simulator there was no TDX module when the shim measured: its digests are in the
 * CCEL only. This replays them, in log order, as TDG.MR.RTMR.EXTEND calls so the simulated
 * RTMRs match the log the core reads (layout: firmware/common/cc-event.h, the shim's own). */
#include "td.h"
#include "tdcall.h"
#include "cc-event.h"
#include "mem.h"

void sim_replay_event_log(void) {
  const struct boot_info *bi = g_platform.boot;
  const uint8_t *log = (const uint8_t *)(uintptr_t)bi->event_log;
  /* TDG.MR.RTMR.EXTEND takes a 64-byte aligned private buffer (tdx-abi.md 4.1). */
  static uint8_t digest[64] __attribute__((aligned(64)));
  for (uint64_t off = SPEC_ID_RECORD_SIZE; off + CC_EVENT_HEADER_SIZE <= bi->event_log_used;) {
    const uint8_t *e = log + off;
    uint32_t mr = rd32(e + CC_EVENT_MR_INDEX);
    uint32_t size = rd32(e + CC_EVENT_DATA_SIZE);
    mem_copy(digest, e + CC_EVENT_DIGEST, CC_EVENT_DIGEST_BYTES);
    uint64_t regs[16] = {0};
    regs[0] = TDG_MR_RTMR_EXTEND;
    regs[1] = (uint64_t)(uintptr_t)digest;
    regs[2] = mr - 1;
    if (mr >= 1 && mr <= 4) plat_tdcall(0, regs);
    off += CC_EVENT_HEADER_SIZE + size;
  }
}
