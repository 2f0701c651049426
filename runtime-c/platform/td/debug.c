/* Platform self-tests the simulator can trigger over the link (a DEBUG frame whose command has
 * bit 31 set; lower commands go to the engine's rt_debug_command). The link exists only without
 * TDX, so none of this is reachable in a TD. They prove, under QEMU, that the IDT, the entry
 * stubs and the payload's page tables are the ones in use (test/firmware/interrupts.test.ts);
 * DEBUG_MEMORY_PEAK prints the memory high-water marks (memwatch.h) whenever the host asks. */
#include "td.h"
#include "intr.h"
#include "memwatch.h"

#define DEBUG_PLATFORM            0x80000000u
#define DEBUG_FAULT_PAGE          0x80000001u /* read above the 4 GiB identity map: #PF, fatal */
#define DEBUG_FAULT_UD            0x80000002u /* UD2: #UD, fatal */
#define DEBUG_INTERRUPT_ROUNDTRIP 0x80000003u /* INT 0x30 and back: every register must survive */
#define DEBUG_NOTIFY_VECTORS      0x80000004u /* INT 0x50-0x52 and 0x21: what the stubs latch */
#define DEBUG_MEMORY_PEAK         0x80000005u /* the heap and stack high-water marks (memwatch.h) */
#define DEBUG_STACK_PROBE         0x80000006u /* write 64 KiB of stack, so the next peak shows it */
#define DEBUG_HEAP_CAP            0x80100000u /* | pages: the Heap shrinks to that many 64 KiB pages */

/* Writes every byte of a 64 KiB frame: proves the stack measurement sees a known depth. */
__attribute__((noinline)) static void stack_probe(void) {
  volatile uint8_t buf[64 * 1024];
  for (uint32_t i = 0; i < sizeof buf; i += 8) buf[i] = (uint8_t)i;
}

bool debug_platform_command(uint32_t cmd) {
  if (!(cmd & DEBUG_PLATFORM)) return false;
  if ((cmd & 0xFFFF0000u) == DEBUG_HEAP_CAP) {
    memory_cap_heap((uint64_t)(cmd & 0xFFFFu) * 65536u);
    console_puts("runtime: debug: heap capped at ");
    console_hex(plat_linear_limit());
    console_puts("\n");
    return true;
  }
  switch (cmd) {
  case DEBUG_FAULT_PAGE:
    console_puts("runtime: debug: reading 0x100000000\n");
    (void)*(volatile uint64_t *)(uintptr_t)0x100000000ull;
    break;
  case DEBUG_FAULT_UD:
    console_puts("runtime: debug: ud2\n");
    __asm__ volatile("ud2");
    break;
  case DEBUG_INTERRUPT_ROUNDTRIP: {
    /* Known values in the GPRs the stub saves and in XMM0/XMM15, which the C dispatcher may
     * use: all must be there after IRETQ. */
    uint64_t out[6];
    static const uint64_t pat[2] __attribute__((aligned(16))) = {0x1122334455667788ull, 0x99AABBCCDDEEFF00ull};
    uint64_t x0[2] __attribute__((aligned(16))), x15[2] __attribute__((aligned(16)));
    __asm__ volatile(
        "movdqa (%[pat]), %%xmm0\n\t"
        "movdqa (%[pat]), %%xmm15\n\t"
        "mov $0x1111, %%r8\n\t"
        "mov $0x2222, %%r11\n\t"
        "mov $0x3333, %%rsi\n\t"
        "mov $0x4444, %%rdi\n\t"
        "mov $0x5555, %%rax\n\t"
        "mov $0x6666, %%rdx\n\t"
        "int $0x30\n\t"
        "mov %%r8, 0(%[out])\n\t"
        "mov %%r11, 8(%[out])\n\t"
        "mov %%rsi, 16(%[out])\n\t"
        "mov %%rdi, 24(%[out])\n\t"
        "mov %%rax, 32(%[out])\n\t"
        "mov %%rdx, 40(%[out])\n\t"
        "movdqa %%xmm0, (%[x0])\n\t"
        "movdqa %%xmm15, (%[x15])\n\t"
        :
        : [pat] "r"(pat), [out] "r"(out), [x0] "r"(x0), [x15] "r"(x15)
        : "r8", "r11", "rsi", "rdi", "rax", "rdx", "xmm0", "xmm15", "memory");
    bool ok = out[0] == 0x1111 && out[1] == 0x2222 && out[2] == 0x3333 && out[3] == 0x4444 && out[4] == 0x5555 &&
              out[5] == 0x6666 && x0[0] == pat[0] && x0[1] == pat[1] && x15[0] == pat[0] && x15[1] == pat[1];
    console_puts(ok ? "runtime: debug: interrupt round trip preserved every register\n"
                    : "runtime: debug: interrupt round trip CORRUPTED registers\n");
    break;
  }
  case DEBUG_NOTIFY_VECTORS: {
    uint32_t before = __atomic_exchange_n(&intr_pending, 0, __ATOMIC_SEQ_CST);
    __asm__ volatile("int $0x50" ::: "memory");
    uint32_t a = __atomic_exchange_n(&intr_pending, 0, __ATOMIC_SEQ_CST);
    __asm__ volatile("int $0x51; int $0x52; int $0x21" ::: "memory");
    uint32_t b = __atomic_exchange_n(&intr_pending, before, __ATOMIC_SEQ_CST); /* give back what was there */
    console_puts("runtime: debug: notify vectors latched ");
    console_hex((uint64_t)a << 32 | b);
    console_puts("\n");
    break;
  }
  case DEBUG_MEMORY_PEAK:
    memwatch_report();
    break;
  case DEBUG_STACK_PROBE:
    stack_probe();
    console_puts("runtime: debug: 64 KiB stack probe done\n");
    break;
  default:
    break;
  }
  return true;
}
