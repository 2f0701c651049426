/* Copies the flat payload image (written by scripts/image/payload.ts) to RAM and enters it. */
#include "payload.h"
#include "mem.h"

static bool inside(uint64_t base, uint64_t size, uint64_t lo, uint64_t hi) {
  return lo >= base && hi >= lo && hi <= base + size;
}

int payload_check(const struct payload_header *h) {
  if (h->magic != PAYLOAD_MAGIC || h->header_size < sizeof(*h)) return -1;
  if (h->header_size > IMG_PAYLOAD_SIZE || h->file_size > IMG_PAYLOAD_SIZE - h->header_size) return -2;
  if (h->file_size > h->mem_size || h->load_addr + h->mem_size < h->load_addr) return -3;
  if (!inside(RAM_PAYLOAD_IMAGE_BASE, RAM_PAYLOAD_IMAGE_SIZE, h->load_addr, h->load_addr + h->mem_size)) return -4;
  if (!inside(h->load_addr, h->file_size, h->entry, h->entry + 1)) return -5;
  if (!inside(RAM_PAYLOAD_STACK_BASE, RAM_PAYLOAD_STACK_SIZE, h->stack_top, h->stack_top) || (h->stack_top & 15)) return -6;
  return 0;
}

void payload_enter(const struct payload_header *h, struct boot_info *bi) {
  const uint8_t *image = (const uint8_t *)h + h->header_size;
  uint8_t *dst = (uint8_t *)(uintptr_t)h->load_addr;
  mem_copy(dst, image, h->file_size);
  mem_set(dst + h->file_size, 0, h->mem_size - h->file_size);
  /* System V entry: RDI = boot_info, RSP 16-byte aligned before the call pushes the return. */
  __asm__ volatile("mov %0, %%rsp\n\t"
                   "xor %%ebp, %%ebp\n\t"
                   "call *%1\n\t"
                   "1: pause\n\t"
                   "jmp 1b"
                   :
                   : "r"(h->stack_top), "r"(h->entry), "D"(bi)
                   : "memory");
  __builtin_unreachable();
}
