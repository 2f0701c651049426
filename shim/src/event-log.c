/* CCEL event log writer (formats: tdx-abi.md 6.2, migtd.md 5.3). */
#include "event-log.h"
#include "mem.h"

int evlog_init(struct evlog *log, void *base, size_t size, evlog_extend_fn extend, void *ctx) {
  log->base = base;
  log->size = size;
  log->used = 0;
  log->extend = extend;
  log->ctx = ctx;
  if (size <= SPEC_ID_RECORD_SIZE) return -1;
  mem_set(base, 0xFF, size);
  uint8_t *p = log->base;
  mem_set(p, 0, SPEC_ID_RECORD_SIZE);
  wr32(p + SPEC_ID_MR_INDEX, 0);
  wr32(p + SPEC_ID_EVENT_TYPE, EV_NO_ACTION); /* digest[20] stays zero */
  wr32(p + SPEC_ID_EVENT_SIZE, SPEC_ID_RECORD_SIZE - SPEC_ID_EVENT);
  mem_copy(p + SPEC_ID_EVENT, "Spec ID Event03", 16);
  wr32(p + 48, 0);            /* platformClass */
  p[52] = 0;                  /* specVersionMinor */
  p[53] = 2;                  /* specVersionMajor */
  p[54] = 105;                /* specErrata */
  p[55] = 2;                  /* uintnSize: 8-byte UINTN */
  wr32(p + 56, 1);            /* numberOfAlgorithms */
  wr16(p + 60, TPM_ALG_SHA384);
  wr16(p + 62, SHA384_DIGEST);
  p[64] = 7;                  /* vendorInfoSize */
  mem_copy(p + 65, "td-shim", 7);
  log->used = SPEC_ID_RECORD_SIZE;
  return 0;
}

int evlog_append(struct evlog *log, uint32_t mr_index, uint32_t type, const void *measured,
                 size_t measured_len, const void *head, size_t head_len, const void *data,
                 size_t data_len) {
  size_t event_size = head_len + data_len;
  if (mr_index < MR_RTMR0 || mr_index > MR_RTMR0 + 3) return -1;
  if (event_size > 0xFFFFFFFFu || log->size - log->used <= CC_EVENT_HEADER_SIZE + event_size) return -1;
  uint8_t digest[SHA384_DIGEST];
  sha384(measured, measured_len, digest);
  if (log->extend && log->extend(log->ctx, mr_index - 1, digest) != 0) return -2;
  uint8_t *p = log->base + log->used;
  wr32(p + CC_EVENT_MR_INDEX, mr_index);
  wr32(p + CC_EVENT_TYPE, type);
  wr32(p + CC_EVENT_DIGEST_COUNT, 1);
  wr16(p + CC_EVENT_ALG_ID, TPM_ALG_SHA384);
  mem_copy(p + CC_EVENT_DIGEST, digest, SHA384_DIGEST);
  wr32(p + CC_EVENT_DATA_SIZE, (uint32_t)event_size);
  if (head_len) mem_copy(p + CC_EVENT_HEADER_SIZE, head, head_len);
  if (data_len) mem_copy(p + CC_EVENT_HEADER_SIZE + head_len, data, data_len);
  log->used += CC_EVENT_HEADER_SIZE + event_size;
  return 0;
}

int evlog_separator(struct evlog *log, uint32_t mr_index) {
  static const uint8_t zero[4] = {0, 0, 0, 0};
  return evlog_append(log, mr_index, EV_SEPARATOR, zero, 4, zero, 4, 0, 0);
}

int evlog_tagged(struct evlog *log, uint32_t mr_index, uint32_t tag, const void *bytes, size_t len) {
  return evlog_tagged_data(log, mr_index, tag, bytes, len, bytes, len);
}

int evlog_tagged_data(struct evlog *log, uint32_t mr_index, uint32_t tag, const void *measured,
                      size_t measured_len, const void *data, size_t data_len) {
  uint8_t head[8];
  if (data_len > 0xFFFFFFFFu) return -1;
  wr32(head, tag);
  wr32(head + 4, (uint32_t)data_len);
  return evlog_append(log, mr_index, EV_EVENT_TAG, measured, measured_len, head, 8, data, data_len);
}
