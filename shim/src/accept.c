/* Range walk for TDG.MEM.PAGE.ACCEPT (tdx-abi.md 3.2). */
#include "accept.h"
#include "tdcall.h"

#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull

static uint64_t accept_one(uint64_t gpa, uint32_t level, accept_fn accept, void *ctx) {
  for (uint32_t tries = 0;; tries++) {
    uint64_t st = accept(ctx, gpa, level);
    if (st == TDX_SUCCESS || st == TDX_PAGE_ALREADY_ACCEPTED) return TDX_SUCCESS;
    if ((st >> 32) == TDX_OPERAND_BUSY_CLASS && tries < ACCEPT_BUSY_RETRIES) continue;
    return st;
  }
}

uint64_t accept_range(uint64_t start, uint64_t end, accept_fn accept, void *ctx) {
  if ((start | end) & (SZ_4K - 1) || end < start) return ~0ull;
  uint64_t gpa = start;
  while (gpa < end) {
    if ((gpa & (SZ_2M - 1)) == 0 && end - gpa >= SZ_2M) {
      uint64_t st = accept_one(gpa, ACCEPT_LEVEL_2M, accept, ctx);
      if (st == TDX_SUCCESS) { gpa += SZ_2M; continue; }
      if (st != TDX_PAGE_SIZE_MISMATCH) return st;
      for (uint64_t p = gpa; p < gpa + SZ_2M; p += SZ_4K) {
        st = accept_one(p, ACCEPT_LEVEL_4K, accept, ctx);
        if (st != TDX_SUCCESS) return st;
      }
      gpa += SZ_2M;
      continue;
    }
    uint64_t stop = (gpa + SZ_2M) & ~(SZ_2M - 1);
    if (stop > end) stop = end;
    for (; gpa < stop; gpa += SZ_4K) {
      uint64_t st = accept_one(gpa, ACCEPT_LEVEL_4K, accept, ctx);
      if (st != TDX_SUCCESS) return st;
    }
  }
  return TDX_SUCCESS;
}
