/* plat_config_item: the enrolled policy and trust anchor, straight from the config volume the
 * shim measured (with the shim's own CFV reader, firmware/common/cfv.c), and the CCEL event log
 * as written so far (boot_info.event_log_used bytes). CONFIG_ROOT_CA is the anchor the shim
 * measured, whichever it is (cfv_trust_anchor): the SGX root CA of a V1 MigTD or the policy
 * issuer chain of a V2 one; the core tells them apart (DER vs PEM). */
#include "td.h"
#include "migtd_abi.h"
#include "cfv.h"

const uint8_t *plat_config_item(uint32_t kind, uint32_t *len) {
  const struct boot_info *bi = g_platform.boot;
  const uint8_t *cfv = (const uint8_t *)(uintptr_t)bi->cfv_base;
  const uint8_t *data = 0;
  size_t n = 0;
  switch (kind) {
  case CONFIG_POLICY:
    if (cfv_find(cfv, bi->cfv_size, CFV_POLICY_GUID, &data, &n) != 0) return 0;
    break;
  case CONFIG_ROOT_CA:
    if (cfv_trust_anchor(cfv, bi->cfv_size, &data, &n) < 0) return 0;
    break;
  case CONFIG_EVENT_LOG:
    data = (const uint8_t *)(uintptr_t)bi->event_log;
    n = bi->event_log_used;
    break;
  default:
    return 0;
  }
  *len = (uint32_t)n;
  return data;
}
