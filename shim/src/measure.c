/* Boot measurements in Intel MigTD's order (migtd.md 5.3). The policy and its trust anchor are
 * hashed here, at boot, from the bytes the VMM put in the CFV: they are not in MRTD, so a digest
 * precomputed at build time would let a changed file go unnoticed in the RTMRs. */
#include "measure.h"
#include "cfv.h"
#include "policy-version.h"

/* V1: policy (tag 1, data = the file) then SGX root CA (tag 2), both into RTMR2. */
static int measure_v1(struct evlog *log, const uint8_t *policy, size_t policy_len, const uint8_t *ca, size_t ca_len) {
  if (evlog_tagged(log, MR_RTMR2, TAG_POLICY, policy, policy_len) != 0) return -5;
  if (evlog_tagged(log, MR_RTMR2, TAG_SGX_ROOT_CA, ca, ca_len) != 0) return -6;
  return 0;
}

/* V2: the issuer chain first (tag 3, into RTMR1, so it is part of the identity a TCB mapping
 * names), then the policy (tag 1, into RTMR2) whose data is its version string, not the file. */
static int measure_v2(struct evlog *log, const uint8_t *policy, size_t policy_len, const uint8_t *chain, size_t chain_len) {
  if (evlog_tagged(log, MR_RTMR1, TAG_POLICY_ISSUER_CHAIN, chain, chain_len) != 0) return -6;
  const uint8_t *ver = 0;
  size_t ver_len = 0;
  if (policy_v2_version(policy, policy_len, &ver, &ver_len) != 0) ver_len = 0; /* the core rejects it */
  if (evlog_tagged_data(log, MR_RTMR2, TAG_POLICY, policy, policy_len, ver, ver_len) != 0) return -5;
  return 0;
}

int measure_boot(struct evlog *log, const uint8_t *cfv, size_t cfv_size) {
  if (evlog_separator(log, MR_RTMR0) != 0 || evlog_separator(log, MR_RTMR1) != 0) return -2;
  const uint8_t *policy, *anchor;
  size_t policy_len, anchor_len;
  if (cfv_find(cfv, cfv_size, CFV_POLICY_GUID, &policy, &policy_len) != 0) return -3;
  int kind = cfv_trust_anchor(cfv, cfv_size, &anchor, &anchor_len);
  if (kind == -2) return -7;
  if (kind < 0) return -4;
  if (kind == CFV_ANCHOR_ISSUER_CHAIN) return measure_v2(log, policy, policy_len, anchor, anchor_len);
  return measure_v1(log, policy, policy_len, anchor, anchor_len);
}
