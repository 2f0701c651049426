/* mapgpa.h */
#include "mapgpa.h"

#define GHCI_SUCCESS 0u
#define GHCI_RETRY   1u

enum mapgpa_status map_gpa(uint64_t gpa, uint64_t len, uint64_t bit, bool to_shared, ve_tdcall_fn call, void *ctx,
                           uint64_t *done) {
  if (done) *done = 0;
  if (len == 0 || (gpa | len) & 0xFFFu || gpa & bit || gpa + len < gpa) return MAPGPA_ERR_ARGS;
  uint64_t end = gpa + len, cur = gpa, sense = to_shared ? bit : 0;
  uint32_t tries = 0;
  for (;;) {
    struct td_regs r = {.rax = TDG_VP_VMCALL, .rcx = VMCALL_EXPOSE_R10_R15, .r11 = VMCALL_MAPGPA,
                        .r12 = cur | sense, .r13 = end - cur};
    if (call(ctx, &r) != TDX_SUCCESS) return MAPGPA_ERR_TDCALL;
    if (r.r10 == GHCI_SUCCESS) {
      if (done) *done = len;
      return MAPGPA_OK;
    }
    if (r.r10 != GHCI_RETRY) return MAPGPA_ERR_VMM;
    uint64_t resume = r.r11;
    if ((resume & bit) != sense) return MAPGPA_ERR_RESUME;
    resume &= ~bit;
    if (resume & 0xFFFu || resume < cur || resume >= end) return MAPGPA_ERR_RESUME;
    tries = resume == cur ? tries + 1 : 0;
    if (tries > MAPGPA_RETRY_LIMIT) return MAPGPA_ERR_STUCK;
    cur = resume;
    if (done) *done = cur - gpa;
  }
}
