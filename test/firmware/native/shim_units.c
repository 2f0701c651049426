/* Host-side driver for the shim's pure modules (built by shim-units.test.ts with -DSHIM_HOSTED).
 *
 *   shim_units sha384 <file>                 -> hex digest
 *   shim_units measure <cfv> <log-out>       -> RTMR0..3 (hex), one per line; writes the log
 *   shim_units policy-version <file>         -> policyData.version of a signed policy, or "none"
 *   shim_units accept <start> <end> <script> -> one line per TDCALL: "<level> <gpa>"
 *   shim_units hob <file> <gpa>              -> "<base> <size>" per range, or "invalid"
 *   shim_units ccel <base> <size>            -> table hex
 *
 * accept scripts: "ok" (every call succeeds), "4k" (2 MiB accepts report PAGE_SIZE_MISMATCH),
 * "busy" (every first try is OPERAND_BUSY), "already" (all already accepted), "fail" (the third
 * call fails with OPERAND_INVALID). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "accept.h"
#include "ccel.h"
#include "event-log.h"
#include "hob.h"
#include "measure.h"
#include "policy-version.h"
#include "sha384.h"
#include "tdcall.h"

static void hex(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
  printf("\n");
}

static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc(*len ? *len : 1);
  if (fread(b, 1, *len, f) != *len) exit(2);
  fclose(f);
  return b;
}

static uint8_t rtmr[4][48];
static int extend(void *ctx, uint32_t i, const uint8_t d[48]) {
  (void)ctx;
  uint8_t buf[96];
  memcpy(buf, rtmr[i], 48);
  memcpy(buf + 48, d, 48);
  sha384(buf, 96, rtmr[i]);
  return 0;
}

static const char *script;
static unsigned calls;
static uint64_t fake_accept(void *ctx, uint64_t gpa, uint32_t level) {
  (void)ctx;
  static uint64_t last = ~0ull;
  printf("%u %llx\n", level, (unsigned long long)gpa);
  calls++;
  if (!strcmp(script, "4k") && level == ACCEPT_LEVEL_2M) return TDX_PAGE_SIZE_MISMATCH;
  if (!strcmp(script, "busy")) {
    uint64_t key = gpa | level;
    if (key != last) { last = key; return 0x8000020000000000ull; }
    return TDX_SUCCESS;
  }
  if (!strcmp(script, "already")) return TDX_PAGE_ALREADY_ACCEPTED;
  if (!strcmp(script, "fail") && calls == 3) return 0xC000010000000000ull;
  return TDX_SUCCESS;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (!strcmp(argv[1], "sha384") && argc == 3) {
    size_t n;
    uint8_t *b = slurp(argv[2], &n), d[48];
    sha384(b, n, d);
    hex(d, 48);
    return 0;
  }
  if (!strcmp(argv[1], "measure") && argc == 4) {
    size_t n;
    uint8_t *cfv = slurp(argv[2], &n);
    static uint8_t area[0x2F000];
    struct evlog log;
    if (evlog_init(&log, area, sizeof area, extend, 0) != 0) return 1;
    int r = measure_boot(&log, cfv, n);
    if (r != 0) { fprintf(stderr, "error %d\n", r); return 1; }
    for (int i = 0; i < 4; i++) hex(rtmr[i], 48);
    FILE *f = fopen(argv[3], "wb");
    fwrite(area, 1, sizeof area, f);
    fclose(f);
    return 0;
  }
  if (!strcmp(argv[1], "policy-version") && argc == 3) {
    size_t n, len;
    uint8_t *p = slurp(argv[2], &n);
    const uint8_t *ver;
    if (policy_v2_version(p, n, &ver, &len) != 0) printf("none\n");
    else printf("[%.*s]\n", (int)len, (const char *)ver);
    free(p);
    return 0;
  }
  if (!strcmp(argv[1], "accept") && argc == 5) {
    script = argv[4];
    uint64_t st = accept_range(strtoull(argv[2], 0, 0), strtoull(argv[3], 0, 0), fake_accept, 0);
    printf("status %llx\n", (unsigned long long)st);
    return 0;
  }
  if (!strcmp(argv[1], "hob") && argc == 4) {
    size_t n;
    uint8_t *b = slurp(argv[2], &n);
    struct mem_range out[HOB_MAX_RANGES];
    int k = hob_unaccepted(b, strtoull(argv[3], 0, 0), n, out);
    if (k < 0) printf("invalid\n");
    for (int i = 0; i < k; i++) printf("%llx %llx\n", (unsigned long long)out[i].base, (unsigned long long)out[i].size);
    return 0;
  }
  if (!strcmp(argv[1], "ccel") && argc == 4) {
    uint8_t t[CCEL_SIZE];
    ccel_build(t, strtoull(argv[2], 0, 0), strtoull(argv[3], 0, 0));
    hex(t, CCEL_SIZE);
    return 0;
  }
  return 2;
}
