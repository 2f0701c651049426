/* CCEL event log writer in td-shim's format (tdx-abi.md 6.2, migtd.md 5.3) over a caller-owned
 * buffer. Measuring is a callback, so the writer is pure and runs in unit tests unchanged. */
#ifndef EVENT_LOG_H
#define EVENT_LOG_H

#include <stddef.h>
#include <stdint.h>
#include "cc-event.h"
#include "sha384.h"

#define EV_NO_ACTION      0x3u
#define EV_SEPARATOR      0x4u
#define EV_EVENT_TAG      0x6u

/* CC MR index (tdx-abi.md 6.3): 1..4 = RTMR0..3. */
#define MR_RTMR0 1u
#define MR_RTMR1 2u
#define MR_RTMR2 3u

/* MigTD's tagged events (migtd.md 5.3). */
#define TAG_POLICY      0x1u
#define TAG_SGX_ROOT_CA 0x2u
#define TAG_POLICY_ISSUER_CHAIN 0x3u

/* Record layouts: firmware/common/cc-event.h (the payload reads what this writes). */

/* Extends RTMR[rtmr] (0..3) with a digest; returns 0 on success. */
typedef int (*evlog_extend_fn)(void *ctx, uint32_t rtmr, const uint8_t digest[SHA384_DIGEST]);

struct evlog {
  uint8_t *base;
  size_t size;
  size_t used;
  evlog_extend_fn extend;
  void *ctx;
};

/* Fills the area with 0xFF and writes the Spec ID record. Returns 0, or -1 if it does not fit. */
int evlog_init(struct evlog *log, void *base, size_t size, evlog_extend_fn extend, void *ctx);

/* Appends one CC_EVENT whose digest is SHA-384(measured) and extends its RTMR first. The event
 * data is `head` followed by `data`. Returns 0, -1 when the log is full (one trailing byte is
 * always left, migtd.md 5.3), -2 when the extend fails (nothing is logged then). */
int evlog_append(struct evlog *log, uint32_t mr_index, uint32_t type, const void *measured,
                 size_t measured_len, const void *head, size_t head_len, const void *data,
                 size_t data_len);

/* td-shim's separator: 4 zero bytes measured into mr_index (tdx-abi.md 6.4 step 5). */
int evlog_separator(struct evlog *log, uint32_t mr_index);

/* MigTD's EV_EVENT_TAG record: data = u32 tag | u32 len | bytes, digest = SHA-384(bytes). */
int evlog_tagged(struct evlog *log, uint32_t mr_index, uint32_t tag, const void *bytes, size_t len);

/* The same record whose data differs from what is measured: digest = SHA-384(measured), data =
 * u32 tag | u32 data_len | data (V2's policy event records the policy version, migtd.md 5.3). */
int evlog_tagged_data(struct evlog *log, uint32_t mr_index, uint32_t tag, const void *measured,
                      size_t measured_len, const void *data, size_t data_len);

#endif
