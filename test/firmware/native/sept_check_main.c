/* Host driver for runtime-c/platform/td/sept-check.c: a fake TDG.VP.INFO answering
 *   sept_check <status hex> <rdx hex>
 * prints "<leaf> <result>" (the leaf the check asked for, then its verdict). */
#include <stdio.h>
#include <stdlib.h>
#include "sept-check.h"

struct fake { uint64_t status, rdx, leaf; };

static uint64_t fake_tdcall(void *ctx, struct td_regs *r) {
  struct fake *f = ctx;
  f->leaf = r->rax;
  r->rcx = 48;
  r->rdx = f->rdx;
  return f->status;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  struct fake f = {.status = strtoull(argv[1], 0, 16), .rdx = strtoull(argv[2], 0, 16), .leaf = ~0ull};
  enum sept_check c = sept_ve_check(fake_tdcall, &f);
  printf("%llu %s\n", (unsigned long long)f.leaf, sept_check_message(c));
  return 0;
}
