/* Host-side driver for the TD platform's pure modules (built by td-units.test.ts): #VE emulation
 * (ve.c), MapGPA with RETRY (mapgpa.c) and the page-table builder with shared-bit edits
 * (paging.c). The TDCALL is a fake VMM that logs each call and answers from a script.
 *
 *   td_units ve <reason> <qual> <len> <rflags> <rax> <rcx> <rdx> <script>
 *       -> "vmcall <r11> <r12> <r13> <r14> <r15>" per call, then
 *          "<status> rax <rax> rbx <rbx> rcx <rcx> rdx <rdx>"
 *       script: ok | ghci-fail (R10 = INVALID_OPERAND) | tdcall-fail (RAX != 0)
 *   td_units veinfo <rcx> <rdx> <r8> <r9> <r10>  -> the decoded struct ve_info
 *   td_units mapgpa <gpa> <len> <shared-bit> <to_shared> <answer,answer,...>
 *       -> "call <r12> <r13>" per call, then "status <n> done <bytes>"
 *       answers: ok | retry:<resume-gpa> | refuse | tdcall (the last one repeats)
 *   td_units paging <shared-bit> <va> <len> <arena-pages> <probe-va>...
 *       -> "set <n>", each probe "<va> <page-size> <shared 0/1>", "check <ok|first mismatch>",
 *          then the same after clearing ("clear <n>", probes, check), then "tables <used>" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../../runtime-c/platform/td/ve.h"
#include "../../../runtime-c/platform/td/mapgpa.h"
#include "../../../runtime-c/platform/td/paging.h"

static uint64_t num(const char *s) { return strtoull(s, 0, 0); }

/* ---- #VE -------------------------------------------------------------------------------- */

static const char *ve_script;

/* Answers with garbage in the upper halves, so the tests see the emulation keep 32-bit results. */
static uint64_t fake_vmm(void *ctx, struct td_regs *r) {
  (void)ctx;
  printf("vmcall %llx %llx %llx %llx %llx\n", (unsigned long long)r->r11, (unsigned long long)r->r12,
         (unsigned long long)r->r13, (unsigned long long)r->r14, (unsigned long long)r->r15);
  if (r->rax != TDG_VP_VMCALL || r->rcx != VMCALL_EXPOSE_R10_R15) return 0xC000010000000000ull;
  if (!strcmp(ve_script, "tdcall-fail")) return 0xC000010000000000ull;
  if (!strcmp(ve_script, "ghci-fail")) {
    r->r10 = 0x8000000000000000ull;
    return 0;
  }
  r->r10 = 0;
  switch (r->r11) {
  case VMCALL_CPUID:
    r->r12 = 0xDEAD000000000000ull | (0xA0000000u + r->r12);
    r->r13 = 0xDEAD000000000000ull | 0xB0000000u;
    r->r14 = 0xDEAD000000000000ull | 0xC0000000u;
    r->r15 = 0xDEAD000000000000ull | 0xD0000000u;
    break;
  case VMCALL_IO:
    if (r->r13 == 0) r->r11 = 0xFFFFFFFF87654321ull; /* IN: more bits than asked for */
    break;
  case VMCALL_RDMSR:
    r->r11 = 0x1122334455667788ull;
    break;
  default:
    break;
  }
  return 0;
}

static int cmd_ve(char **a) {
  struct ve_info vi = {.exit_reason = (uint32_t)num(a[0]), .qual = num(a[1]), .insn_len = (uint32_t)num(a[2])};
  struct td_regs g = {.rax = num(a[4]), .rbx = 0xBBBBBBBBBBBBBBBBull, .rcx = num(a[5]), .rdx = num(a[6])};
  ve_script = a[7];
  enum ve_status s = ve_emulate(&g, num(a[3]), &vi, fake_vmm, 0);
  printf("%s rax %llx rbx %llx rcx %llx rdx %llx\n", ve_status_name(s), (unsigned long long)g.rax,
         (unsigned long long)g.rbx, (unsigned long long)g.rcx, (unsigned long long)g.rdx);
  return 0;
}

static int cmd_veinfo(char **a) {
  struct td_regs out = {.rcx = num(a[0]), .rdx = num(a[1]), .r8 = num(a[2]), .r9 = num(a[3]), .r10 = num(a[4])};
  struct ve_info vi;
  ve_info_from_regs(&out, &vi);
  printf("reason %x qual %llx gla %llx gpa %llx len %u info %x\n", vi.exit_reason, (unsigned long long)vi.qual,
         (unsigned long long)vi.gla, (unsigned long long)vi.gpa, vi.insn_len, vi.insn_info);
  return 0;
}

/* ---- MapGPA ----------------------------------------------------------------------------- */

static char *answers[64];
static int n_answers, next_answer;

static uint64_t fake_mapgpa(void *ctx, struct td_regs *r) {
  (void)ctx;
  printf("call %llx %llx\n", (unsigned long long)r->r12, (unsigned long long)r->r13);
  if (r->rax != TDG_VP_VMCALL || r->r11 != VMCALL_MAPGPA || r->rcx != VMCALL_EXPOSE_R10_R15) return 0xC000010000000000ull;
  const char *ans = answers[next_answer < n_answers ? next_answer++ : n_answers - 1];
  if (!strcmp(ans, "tdcall")) return 0xC000010000000000ull;
  if (!strcmp(ans, "refuse")) {
    r->r10 = 0x8000000000000000ull;
    return 0;
  }
  if (!strncmp(ans, "retry:", 6)) {
    r->r10 = 1;
    r->r11 = num(ans + 6);
    return 0;
  }
  r->r10 = 0;
  return 0;
}

static int cmd_mapgpa(char **a) {
  static char buf[1024];
  snprintf(buf, sizeof buf, "%s", a[4]);
  for (char *t = strtok(buf, ","); t && n_answers < 64; t = strtok(0, ",")) answers[n_answers++] = t;
  uint64_t done = 0;
  enum mapgpa_status s = map_gpa(num(a[0]), num(a[1]), num(a[2]), num(a[3]) != 0, fake_mapgpa, 0, &done);
  printf("status %d done %llx\n", (int)s, (unsigned long long)done);
  return 0;
}

/* ---- Page tables ------------------------------------------------------------------------ */

#define ARENA_PHYS 0x140000ull

static void probe(struct pt_arena *ar, uint64_t cr3, uint64_t bit, const char *s) {
  uint64_t va = num(s), pte, size;
  if (!pt_lookup(ar, cr3, va, &pte, &size)) {
    printf("%llx unmapped\n", (unsigned long long)va);
    return;
  }
  printf("%llx %llx %d\n", (unsigned long long)va, (unsigned long long)size, (pte & bit) != 0);
}

/* Every 4 KiB page of the first 64 MiB and every 2 MiB page up to 4 GiB maps its own address,
 * present, writable; the shared bit is set exactly on [lo, hi). */
static void check(struct pt_arena *ar, uint64_t cr3, uint64_t bit, uint64_t lo, uint64_t hi) {
  for (uint64_t va = 0; va < PT_MAP_LIMIT; va += va < (64ull << 20) ? 4096 : (2ull << 20)) {
    uint64_t pte, size;
    if (!pt_lookup(ar, cr3, va, &pte, &size)) {
      printf("check unmapped %llx\n", (unsigned long long)va);
      return;
    }
    uint64_t addr = (pte & PTE_ADDR_MASK & ~bit) + (va & (size - 1));
    bool shared = (pte & bit) != 0, want = va >= lo && va < hi;
    if (addr != va || shared != want || (pte & (PTE_P | PTE_RW)) != (PTE_P | PTE_RW)) {
      printf("check mismatch %llx pte %llx\n", (unsigned long long)va, (unsigned long long)pte);
      return;
    }
  }
  printf("check ok\n");
}

static int cmd_paging(int argc, char **a) {
  uint64_t bit = num(a[0]), va = num(a[1]), len = num(a[2]);
  uint32_t pages = (uint32_t)num(a[3]);
  uint64_t *mem = aligned_alloc(4096, (size_t)pages * 4096 + 4096);
  struct pt_arena ar = {.base = mem, .phys = ARENA_PHYS, .pages = pages};
  uint64_t cr3 = pt_build_identity(&ar);
  if (!cr3) {
    printf("build failed\n");
    return 0;
  }
  printf("cr3 %llx\n", (unsigned long long)cr3);
  int32_t n = pt_set_shared(&ar, cr3, va, len, bit, true);
  printf("set %d\n", n);
  for (int i = 4; i < argc; i++) probe(&ar, cr3, bit, a[i]);
  check(&ar, cr3, bit, n < 0 ? 0 : va, n < 0 ? 0 : va + len);
  printf("clear %d\n", pt_set_shared(&ar, cr3, va, len, bit, false));
  for (int i = 4; i < argc; i++) probe(&ar, cr3, bit, a[i]);
  check(&ar, cr3, bit, 0, 0);
  printf("tables %u\n", ar.used);
  free(mem);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 10 && !strcmp(argv[1], "ve")) return cmd_ve(argv + 2);
  if (argc == 7 && !strcmp(argv[1], "veinfo")) return cmd_veinfo(argv + 2);
  if (argc == 7 && !strcmp(argv[1], "mapgpa")) return cmd_mapgpa(argv + 2);
  if (argc >= 6 && !strcmp(argv[1], "paging")) return cmd_paging(argc - 2, argv + 2);
  fprintf(stderr, "usage: see the comment at the top of td_units.c\n");
  return 2;
}
