/* Under the simulator there was no TDX module when the shim measured: its digests are in the
 * CCEL only. This replays them, in log order, as TDG.MR.RTMR.EXTEND calls so the simulated
 * RTMRs match the log the core reads (formats: tdx-abi.md 6.2). */
#include "td.h"
#include "tdcall.h"

#define SPEC_ID_SIZE 72u
#define EVENT_HEADER 66u

void sim_replay_event_log(void) {
  const struct boot_info *bi = g_platform.boot;
  const uint8_t *log = (const uint8_t *)(uintptr_t)bi->event_log;
  static uint8_t digest[64] __attribute__((aligned(64)));
  for (uint64_t off = SPEC_ID_SIZE; off + EVENT_HEADER <= bi->event_log_used;) {
    const uint8_t *e = log + off;
    uint32_t mr = e[0] | e[1] << 8 | e[2] << 16 | (uint32_t)e[3] << 24;
    uint32_t size = e[62] | e[63] << 8 | e[64] << 16 | (uint32_t)e[65] << 24;
    for (int i = 0; i < 48; i++) digest[i] = e[14 + i];
    uint64_t regs[16] = {0};
    regs[0] = TDG_MR_RTMR_EXTEND;
    regs[1] = (uint64_t)(uintptr_t)digest;
    regs[2] = mr - 1;
    if (mr >= 1 && mr <= 4) plat_tdcall(0, regs);
    off += EVENT_HEADER + size;
  }
}
