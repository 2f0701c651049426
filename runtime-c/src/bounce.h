/* Aligned private bounce buffers for gpa_of (docs/abi.md "Alignment and bounce buffers").
 *
 * The TDX module wants some buffers aligned on their GPA (TDREPORT 1024 bytes, REPORTDATA and the
 * RTMR digest 64). Where a buffer's GPA follows from where the engine put linear memory: wasm3
 * puts it 24 bytes into a malloc block, so an aligned linear offset is not an aligned GPA. When
 * the range's own GPA lacks the alignment, gpa_of hands out the GPA of a slot in the platform's
 * bounce area instead; the next tdcall/vmcall copies the range into its slot before the
 * instruction and back after it, then frees every slot. The copies are byte-for-byte: nothing
 * here knows what the buffer holds. */
#ifndef BOUNCE_H
#define BOUNCE_H

#include <stdbool.h>
#include <stdint.h>
#include "platform.h"

/* One slot per buffer of a call, each a page (so any alignment up to 4096 holds); a call takes
 * at most two aligned buffers today (TDG.MR.REPORT). */
#define BOUNCE_SLOT_BYTES 4096u
#define BOUNCE_SLOTS_MAX 4u

/* The GPA of an aligned copy of [ptr, ptr + len) (already range-checked), or ABI_ERR_ALIGN when
 * len or align exceed a slot, ABI_ERR_NO_RESOURCE when every slot is taken. */
uint64_t bounce_map(uint32_t ptr, uint32_t len, uint32_t align);
/* Around a tdcall/vmcall: copy every mapped range in; then back (when the call ran) and release
 * every slot, wiping it. */
void bounce_enter(const struct abi_mem *m);
void bounce_leave(const struct abi_mem *m, bool copy_back);
/* A new core instance: drop mappings the old one left behind. */
void bounce_reset(void);

#endif
