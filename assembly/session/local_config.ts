// What this MigTD was enrolled with, read once at boot through config_read (docs/abi.md): the
// migration policy, the root CA its peers' quotes must chain to, and its own event log (the
// firmware's CCEL, which the peer replays against our quote; migtd.md §2.4, §5.3).
import { config_read, CONFIG_POLICY, CONFIG_ROOT_CA, CONFIG_EVENT_LOG } from "../abi";
import { Certificate, parseCertificate } from "../x509/cert";
import { parseCcelResult } from "../eventlog/ccel";
import { logInfo, logWarn } from "../util/log";
import { parseSignedPolicy, SignedPolicyV2 } from "../policy_v2/parse";
import { checkOwner } from "../policy_v2/owner";
import { mrReport } from "../tdx/tdcall";
import { TDX_SUCCESS } from "../tdx/leaves";
import { u64Hex } from "../util/hex";

// TDREPORT_STRUCT: TDINFO_STRUCT at 512; MROWNER at 112 and MROWNERCONFIG at 160 in it (§2.7).
const TDINFO_OFFSET: i32 = 512;
const TDINFO_MROWNER: i32 = 112;
const TDINFO_MROWNERCONFIG: i32 = 160;

// Enrolled items larger than this are refused (the config volume is 128 KiB in Intel's layout,
// the event log region 1 MiB).
const MAX_ITEM: i32 = 1 << 20;

function readItem(kind: u32): Uint8Array | null {
  let buf = new Uint8Array(4096);
  let n = config_read(kind, buf.dataStart, <u32>buf.length);
  if (n < 0) return null;
  if (n > buf.length) {
    if (n > MAX_ITEM) return null;
    buf = new Uint8Array(n);
    n = config_read(kind, buf.dataStart, <u32>buf.length);
    if (n != buf.length) return null;
  }
  return buf.slice(0, n);
}

// Which policy version a MigTD runs follows from what is enrolled, as in Intel's MigTD: the
// config volume holds either the SGX root CA (DER, V1) or a policy issuer chain (PEM, V2) as its
// trust anchor, and the runtime hands over whichever is enrolled as the CONFIG_ROOT_CA item. PEM
// text there means V2: the policy must then be a signed v2 policy that verifies against it.
function isPem(b: Uint8Array): bool {
  return b.length > 11 && b[0] == 0x2d && b[1] == 0x2d && b[2] == 0x2d && b[3] == 0x2d && b[4] == 0x2d;
}

export class LocalConfig {
  policy: Uint8Array | null = null;
  rootCa: Certificate | null = null;
  // V2: the verified signed policy and the enrolled issuer chain (PEM).
  policyV2: SignedPolicyV2 | null = null;
  issuerChain: Uint8Array | null = null;
  // The enrolled policy did not verify (V2): a start-up failure reported as code 9.
  invalidPolicy: bool = false;
  // Our CCEL cut right after its last event (the exported copy adds MigTD's trailing byte).
  eventLog: Uint8Array | null = null;
  problem: string = "";

  static load(): LocalConfig {
    const c = new LocalConfig();
    c.policy = readItem(CONFIG_POLICY);
    const root = readItem(CONFIG_ROOT_CA);
    if (root !== null && isPem(root)) {
      c.issuerChain = root;
      if (c.policy !== null) {
        const p = parseSignedPolicy(c.policy!, root);
        if (p.ok) {
          c.policyV2 = p.policy;
          c.checkOwner();
        } else {
          c.invalidPolicy = true;
          c.problem = "enrolled v2 policy does not verify: " + p.failure!.reason;
        }
      }
    } else if (root !== null) {
      const parsed = parseCertificate(root);
      c.rootCa = parsed.cert;
      if (parsed.cert === null) c.problem = "enrolled root CA does not parse: " + parsed.error;
    }
    const log = readItem(CONFIG_EVENT_LOG);
    if (log !== null) {
      const parsed = parseCcelResult(log);
      if (parsed.log !== null) c.eventLog = log.slice(0, parsed.log!.endOffset);
      else c.problem = "own event log does not parse: " + parsed.error;
    }
    if (c.problem.length > 0) {
      // already explained
    } else if (c.policy === null) c.problem = "no migration policy enrolled";
    else if (root === null) c.problem = "no root CA enrolled";
    else if (log === null) c.problem = "no event log available";
    if (c.problem.length > 0) logWarn("config: " + c.problem + "; pre-migrations will fail");
    else if (c.policyV2 !== null) logInfo("config: signed policy v2 " + c.policyV2!.id + " (policySvn " + c.policyV2!.policySvn.toString() + "), issuer chain, event log " + c.eventLog!.length.toString() + " bytes");
    else logInfo("config: policy " + c.policy!.length.toString() + " bytes, root CA, event log " + c.eventLog!.length.toString() + " bytes");
    return c;
  }

  get ready(): bool { return this.problem.length == 0; }

  // §3.5 end: a V2 MigTD must have been created with MROWNER = SHA-384(policy signer key) and
  // MROWNERCONFIG = policySvn; otherwise it refuses to start (invalidPolicy, code 9). Read from
  // our own TDINFO (TDG.MR.REPORT).
  private checkOwner(): void {
    const r = mrReport(new Uint8Array(64));
    if (r.status != TDX_SUCCESS) {
      this.invalidPolicy = true;
      this.problem = "cannot read our TDINFO for the MROWNER check (TDG.MR.REPORT status " + u64Hex(r.status) + ")";
      return;
    }
    const mrOwner = r.bytes.slice(TDINFO_OFFSET + TDINFO_MROWNER, TDINFO_OFFSET + TDINFO_MROWNER + 48);
    const mrOwnerConfig = r.bytes.slice(TDINFO_OFFSET + TDINFO_MROWNERCONFIG, TDINFO_OFFSET + TDINFO_MROWNERCONFIG + 48);
    const f = checkOwner(this.policyV2!, mrOwner, mrOwnerConfig);
    if (f !== null) {
      this.invalidPolicy = true;
      this.problem = f.reason;
    }
  }
  get isV2(): bool { return this.issuerChain !== null; }
}
