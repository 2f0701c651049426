/* Bounce buffers for gpa_of (bounce.h). */
#include <string.h>

#include "bounce.h"
#include "migtd_abi.h"

struct slot {
  bool used;
  uint32_t ptr, len;
};

static struct slot slots[BOUNCE_SLOTS_MAX];

static uint32_t slot_count(struct plat_bounce_area *a) {
  plat_bounce_area(a);
  uint32_t n = a->bytes / BOUNCE_SLOT_BYTES;
  return n < BOUNCE_SLOTS_MAX ? n : BOUNCE_SLOTS_MAX;
}

uint64_t bounce_map(uint32_t ptr, uint32_t len, uint32_t align) {
  struct plat_bounce_area a;
  uint32_t n = slot_count(&a);
  if (len > BOUNCE_SLOT_BYTES || align > BOUNCE_SLOT_BYTES || (a.gpa & (BOUNCE_SLOT_BYTES - 1)))
    return (uint64_t)(int64_t)ABI_ERR_ALIGN;
  for (uint32_t i = 0; i < n; i++) {
    if (slots[i].used) continue;
    slots[i] = (struct slot){true, ptr, len};
    return a.gpa + (uint64_t)i * BOUNCE_SLOT_BYTES;
  }
  return (uint64_t)(int64_t)ABI_ERR_NO_RESOURCE;
}

/* Linear memory only grows (it never moves or shrinks), so a range checked by gpa_of is still
 * inside it; checked again all the same, as the import layer never trusts an old answer. */
static bool in_memory(const struct abi_mem *m, const struct slot *s) {
  return (uint64_t)s->ptr + s->len <= m->size;
}

void bounce_enter(const struct abi_mem *m) {
  struct plat_bounce_area a;
  uint32_t n = slot_count(&a);
  for (uint32_t i = 0; i < n; i++)
    if (slots[i].used && in_memory(m, &slots[i]))
      memcpy(a.base + i * BOUNCE_SLOT_BYTES, m->base + slots[i].ptr, slots[i].len);
}

void bounce_leave(const struct abi_mem *m, bool copy_back) {
  struct plat_bounce_area a;
  uint32_t n = slot_count(&a);
  for (uint32_t i = 0; i < n; i++) {
    if (!slots[i].used) continue;
    uint8_t *p = a.base + i * BOUNCE_SLOT_BYTES;
    if (copy_back && in_memory(m, &slots[i])) memcpy(m->base + slots[i].ptr, p, slots[i].len);
    memset(p, 0, slots[i].len);
    slots[i].used = false;
  }
}

void bounce_reset(void) {
  struct plat_bounce_area a;
  slot_count(&a);
  memset(a.base, 0, a.bytes);
  memset(slots, 0, sizeof slots);
}
