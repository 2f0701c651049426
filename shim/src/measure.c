/* Boot measurements in Intel MigTD's order (migtd.md 5.3 events 1-4). The policy and root CA are
 * hashed here, at boot, from the bytes the VMM put in the CFV: they are not in MRTD, so a digest
 * precomputed at build time would let a changed file go unnoticed in RTMR2. */
#include "measure.h"
#include "cfv.h"

int measure_boot(struct evlog *log, const uint8_t *cfv, size_t cfv_size) {
  if (evlog_separator(log, MR_RTMR0) != 0 || evlog_separator(log, MR_RTMR1) != 0) return -2;
  const uint8_t *policy, *root_ca;
  size_t policy_len, root_ca_len;
  if (cfv_find(cfv, cfv_size, CFV_POLICY_GUID, &policy, &policy_len) != 0) return -3;
  if (cfv_find(cfv, cfv_size, CFV_ROOT_CA_GUID, &root_ca, &root_ca_len) != 0) return -4;
  if (evlog_tagged(log, MR_RTMR2, TAG_POLICY, policy, policy_len) != 0) return -5;
  if (evlog_tagged(log, MR_RTMR2, TAG_SGX_ROOT_CA, root_ca, root_ca_len) != 0) return -6;
  return 0;
}
