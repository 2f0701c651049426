// Intel's TCB level matching for TDX (Intel QVL / go-tdx-guest; PROVENANCE.md "Independent TCB
// evaluation"): tcbLevels are ordered newest first and the first level the platform meets decides.
//
// Platform level: every PCK SGX component SVN >= the level's, PCK PCESVN >= the level's, and
// TEE_TCB_SVN[i] >= tdxtcbcomponents[i] for i = 0..15 — except that when TEE_TCB_SVN[1] > 0,
// bytes 0 and 1 are NOT compared. Why: TEE_TCB_SVN[0] is the TDX module's SVN and [1] its major
// version. A module that reports a major version (> 0) has its own identity entry "TDX_<major>"
// in tdxModuleIdentities, whose levels judge byte 0; the platform's tdxtcbcomponents[0..1] describe
// one particular module and would wrongly fail a platform that runs another, valid one. The Azure
// quote trustee_azure_tdx_v4_00806f05 (TEE_TCB_SVN 02 01 06 ...) shows the difference: compared on
// all 16 bytes (dcap-qvl's rule) no level matches; with this rule production collateral gives
// OutOfDate and Azure THIM collateral UpToDate (EXPECTED.json tcb_evaluations).
import { TcbLevel } from "./tcbinfo";
import { PckInfo } from "../pckext";

export function skipsModuleBytes(teeTcbSvn: Uint8Array): bool {
  return teeTcbSvn.length == 16 && teeTcbSvn[1] > 0;
}

export function matchPlatformLevel(levels: TcbLevel[], pck: PckInfo, teeTcbSvn: Uint8Array): TcbLevel | null {
  const from = skipsModuleBytes(teeTcbSvn) ? 2 : 0;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    let ok = pck.pceSvn >= l.pceSvn;
    for (let k = 0; ok && k < 16; k++) if (pck.sgxComponents[k] < l.sgx[k]) ok = false;
    for (let k = from; ok && k < 16; k++) if (<i32>teeTcbSvn[k] < l.tdx[k]) ok = false;
    if (ok) return l;
  }
  return null;
}

// Module and QE identities: first level with isvsvn <= the reported SVN.
export function matchSvnLevel(levels: TcbLevel[], svn: i32): TcbLevel | null {
  for (let i = 0; i < levels.length; i++) if (svn >= levels[i].isvSvn) return levels[i];
  return null;
}
