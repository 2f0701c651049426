/* Monotonic milliseconds from the TSC. Its rate comes from CPUID leaf 0x15 in a TD (the TDX
 * module virtualizes it from TD_PARAMS), else from 10 ms of PIT channel 2. */
#include "td.h"

#define PIT_HZ 1193182u
#define CALIBRATE_MS 10u

static uint64_t tsc_per_ms;
static uint64_t tsc_start;

static uint64_t rdtsc(void) {
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (uint64_t)hi << 32 | lo;
}

static uint64_t from_cpuid_15h(void) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x15u), "c"(0u));
  (void)d;
  if (a == 0 || b == 0 || c == 0) return 0;
  return (uint64_t)c * b / a / 1000u;
}

static uint64_t from_pit(void) {
  uint16_t count = (uint16_t)(PIT_HZ / 1000u * CALIBRATE_MS);
  io_out8(0x61, (uint8_t)((io_in8(0x61) & ~0x02u) | 0x01u)); /* gate on, speaker off */
  io_out8(0x43, 0xB0);                                         /* channel 2, mode 0, lo/hi */
  io_out8(0x42, (uint8_t)count);
  io_out8(0x42, (uint8_t)(count >> 8));
  uint64_t t0 = rdtsc();
  for (uint32_t spins = 0; !(io_in8(0x61) & 0x20u) && spins < 100000000u; spins++) {
  }
  uint64_t per_ms = (rdtsc() - t0) / CALIBRATE_MS;
  return per_ms ? per_ms : 1000000u; /* a PIT that never fires: assume 1 GHz rather than divide by 0 */
}

void time_init(void) {
  tsc_per_ms = g_platform.tdx ? from_cpuid_15h() : 0;
  if (!tsc_per_ms) tsc_per_ms = g_platform.tdx ? 1000000u : from_pit();
  tsc_start = rdtsc();
}

uint64_t plat_now_ms(void) { return (rdtsc() - tsc_start) / tsc_per_ms; }

uint64_t time_tsc_in_ms(uint32_t ms) { return rdtsc() + (uint64_t)ms * tsc_per_ms; }
