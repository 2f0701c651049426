/* memwatch.h. Heap, PayloadStack and Spare are painted with one 64-bit pattern at boot, before
 * anything uses them; a report scans for the pattern's edge. Painting costs one pass over the
 * three regions at boot, a report one partial pass, so it is always on.
 *
 * Heap (RAM_HEAP): the engine reserves the core's linear memory at the bottom of the region
 * (memory.c, one bump arena) and zeroes each page it grows the memory by (wasm-rt), or carves it
 * and its own state from one malloc arena there (wasm3). The highest byte that is no longer the
 * pattern is the most the engine ever claimed: under wasm2c, the linear memory's high-water
 * size. (Looking for written, non-zero data instead would tell nothing more: the core's
 * allocator keeps a block header at the very end of its memory.)
 *
 * Stack (RAM_PAYLOAD_STACK): grows down from its top; the lowest qword that is not the pattern
 * marks the deepest the stack has been, interrupt frames included (the IDT has no IST stacks).
 * The Spare region just below is painted and scanned too, so a stack that overflowed reports
 * more than its size instead of a plausible figure. A frame that reserves a buffer it never
 * writes can hide below the mark; the reservation's margin covers it. */
#include "td.h"
#include "memwatch.h"

#define PATTERN 0x5AC3A55A3CA5C35Aull
#define STACK_TOP (RAM_PAYLOAD_STACK_BASE + RAM_PAYLOAD_STACK_SIZE)

_Static_assert(RAM_SPARE_BASE + RAM_SPARE_SIZE == RAM_PAYLOAD_STACK_BASE, "Spare lies just below PayloadStack");

/* rep stosq: no call, no stack use, so it can paint right up to the caller's frame. */
static inline __attribute__((always_inline)) void fill(uint64_t base, uint64_t bytes) {
  uint64_t n = bytes / 8;
  uint64_t v = PATTERN;
  __asm__ volatile("rep stosq" : "+D"(base), "+c"(n) : "a"(v) : "memory");
}

void memwatch_paint(void) {
  fill(RAM_HEAP_BASE, RAM_HEAP_SIZE);
  /* Up to 256 bytes below the current frame: this function's frame and its caller's stay intact. */
  uint64_t rsp;
  __asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
  uint64_t end = (rsp - 256) & ~7ull;
  if (end > RAM_PAYLOAD_STACK_BASE && end <= STACK_TOP) fill(RAM_SPARE_BASE, end - RAM_SPARE_BASE);
}

void memwatch_measure(struct memwatch *out) {
  const volatile uint64_t *heap = (const volatile uint64_t *)(uintptr_t)RAM_HEAP_BASE;
  uint64_t i = RAM_HEAP_SIZE / 8;
  while (i > 0 && heap[i - 1] == PATTERN) i--;
  out->heap_used = i * 8;
  out->heap_size = RAM_HEAP_SIZE;
  const volatile uint64_t *low = (const volatile uint64_t *)(uintptr_t)RAM_SPARE_BASE;
  uint64_t s = 0, m = (STACK_TOP - RAM_SPARE_BASE) / 8;
  while (s < m && low[s] == PATTERN) s++;
  out->stack_used = (m - s) * 8;
  out->stack_size = RAM_PAYLOAD_STACK_SIZE;
}

static char *put_dec(char *p, uint64_t v) {
  char tmp[20];
  int n = 0;
  do tmp[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (n) *p++ = tmp[--n];
  return p;
}

static char *put_str(char *p, const char *s) {
  while (*s) *p++ = *s++;
  return p;
}

/* One line, bytes in decimal, read by test/firmware/memory-peak.test.ts. */
void memwatch_report(void) {
  struct memwatch m;
  memwatch_measure(&m);
  char line[160], *p = line;
  p = put_str(p, "runtime: memory peak: heap ");
  p = put_dec(p, m.heap_used);
  p = put_str(p, " of ");
  p = put_dec(p, m.heap_size);
  p = put_str(p, ", stack ");
  p = put_dec(p, m.stack_used);
  p = put_str(p, " of ");
  p = put_dec(p, m.stack_size);
  p = put_str(p, " bytes\n");
  console_write(line, (size_t)(p - line));
}
