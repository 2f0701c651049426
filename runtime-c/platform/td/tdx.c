/* plat_tdcall / plat_vmcall: the real instruction in a TD (tdcall.asm), the simulator link
 * otherwise. The import layer has validated the leaf and the expose bitmap (RBP never exposed). */
#include "td.h"
#include "migtd_abi.h"
#include "sim_link.h"
#include "tdcall.h"

static int32_t call(uint8_t type, uint64_t regs[16]) {
  if (g_platform.tdx) {
    td_call((struct td_regs *)regs);
    return ABI_OK;
  }
  if (g_platform.sim) return sim_link_call(type, regs);
  return ABI_ERR_UNAVAILABLE;
}

int32_t plat_tdcall(const struct abi_mem *mem, uint64_t regs[16]) { (void)mem; return call(SIM_MSG_TDCALL, regs); }
int32_t plat_vmcall(const struct abi_mem *mem, uint64_t regs[16]) { (void)mem; return call(SIM_MSG_VMCALL, regs); }
