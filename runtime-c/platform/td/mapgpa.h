/* TDG.VP.VMCALL<MapGPA> over a range, with the RETRY protocol (tdx-abi.md 4.3, 4.5; migtd.md
 * 1.2): the VMM may convert part of the range and answer RETRY with the GPA to resume from in R11
 * (QEMU converts at most 64 MiB per call). Pure: the TDCALL is a parameter (ve.h's type). */
#ifndef MAPGPA_H
#define MAPGPA_H

#include <stdbool.h>
#include <stdint.h>
#include "ve.h"

/* Retries allowed at one resume address before giving up (td-shim's limit, tdx-abi.md 4.5). */
#define MAPGPA_RETRY_LIMIT 3u

enum mapgpa_status {
  MAPGPA_OK = 0,
  MAPGPA_ERR_ARGS = -1,     /* unaligned or empty range, or a GPA with the shared bit */
  MAPGPA_ERR_TDCALL = -2,   /* the TDCALL itself failed (RAX != 0) */
  MAPGPA_ERR_VMM = -3,      /* the VMM refused (R10 not SUCCESS or RETRY) */
  MAPGPA_ERR_RESUME = -4,   /* RETRY with a resume GPA outside what is left, unaligned, or with
                               the wrong shared-bit sense */
  MAPGPA_ERR_STUCK = -5,    /* MAPGPA_RETRY_LIMIT retries at the same GPA */
};

/* Converts [gpa, gpa + len) (private GPAs, 4 KiB multiples) to shared when `to_shared`, else to
 * private. `*done` (may be NULL) receives how many bytes from `gpa` are known converted. */
enum mapgpa_status map_gpa(uint64_t gpa, uint64_t len, uint64_t shared_bit, bool to_shared, ve_tdcall_fn call,
                           void *ctx, uint64_t *done);

#endif
