// The peer-certificate check of a V2 rebinding (migtd.md §2.9), run inside the TLS handshake
// after the pre-session exchange gave us the peer's signed policy and issuer chain. As the V2
// migration check (session/peer_verifier_v2.ts) with the TD report in place of the quote:
//   1. policy-hash extension = SHA-384(peer's pre-session blob)                              -> 9
//   2. TD report: TDG.MR.VERIFYREPORT, tee_tcb_info_hash / tee_info_hash, key in REPORTDATA   -> 7
//   3. event log replays to the report's RTMRs                                                -> 8
//      peer policy signed by our PKI; its measured policy is the one it sent                  -> 9
//   4. MigTD identity of the peer under our policy (evaluateV2Rebind)                          -> 8
//   5. new MigTD judging the old one: SERVTD_EXT and init TDINFO (binding_check.ts)           -> 8 (6)
// On acceptance `handedExt` (new MigTD) holds the SERVTD_EXT the accept step writes from.
import { PeerVerifier, VerifyOutcome } from "../tls/config";
import { parseRaTlsCert } from "../ratls/parse";
import { reportDataForKey } from "../ratls/report_data";
import { parseCcelResult } from "../eventlog/ccel";
import { rtmrsMatch } from "../eventlog/compare";
import { SignedPolicyV2 } from "../policy_v2/parse";
import { checkPeerPolicy, checkPolicyEvent, checkPolicyHash } from "../policy_v2/peer";
import { evalInfoOfTdInfo } from "../policy_v2/info";
import { evaluateV2Rebind } from "../policy_v2/evaluate";
import { policyV2ErrorName } from "../result/policy_v2";
import { resultFor } from "../result/map";
import { resultName } from "../result/codes";
import { TDINFO_OFFSET, TDINFO_SIZE, TI_RTMR0, MEASUREMENT_SIZE } from "../tdx/report";
import { checkPeerReport, ReportMacCheck } from "./report_check";
import { checkHandedBinding } from "./binding_check";

export class RebindPeerVerifier implements PeerVerifier {
  detail: string = "";
  // The stage that decided: "certificate", "policy-hash", "report", "event-log", "peer-policy",
  // "policy-event", "policy", "binding", "accepted".
  stage: string = "";
  handedExt: Uint8Array | null = null;

  constructor(
    private local: SignedPolicyV2,
    private isOld: bool,
    private ownTdInfo: Uint8Array,
    private peerPolicy: Uint8Array,
    private peerChain: Uint8Array,
    private peerBlob: Uint8Array,
    private mac: ReportMacCheck,
  ) {}

  private reject(stage: string, code: u8, message: string): VerifyOutcome {
    this.stage = stage;
    this.detail = resultName(code) + ": " + message;
    return VerifyOutcome.reject(code, this.detail);
  }

  verify(certDer: Uint8Array): VerifyOutcome {
    const parsed = parseRaTlsCert(certDer, true);
    if (parsed.cert === null) return this.reject("certificate", resultFor(parsed.error), "peer certificate: " + parsed.message);
    const cert = parsed.cert!;
    const hf = checkPolicyHash(cert.policyHash, this.peerBlob);
    if (hf !== null) return this.reject("policy-hash", resultFor(hf.code), hf.reason);
    const report = cert.quote;
    const rf = checkPeerReport(report, reportDataForKey(cert.publicKey).subarray(0, 48), this.mac);
    if (rf !== null) return this.reject("report", resultFor(rf.code), rf.reason);
    const tdInfo = report.slice(TDINFO_OFFSET, TDINFO_OFFSET + TDINFO_SIZE);
    const log = parseCcelResult(cert.eventLog);
    if (log.log === null) return this.reject("event-log", 8, "peer event log: " + log.error);
    const rtmrs = new Array<Uint8Array>();
    for (let i = 0; i < 4; i++) rtmrs.push(tdInfo.slice(TI_RTMR0 + i * MEASUREMENT_SIZE, TI_RTMR0 + (i + 1) * MEASUREMENT_SIZE));
    if (!rtmrsMatch(log.log!, rtmrs)) return this.reject("event-log", 8, "peer event log does not replay to its TD report's RTMRs");
    const pp = checkPeerPolicy(this.local, this.peerPolicy, this.peerChain);
    if (!pp.ok) return this.reject("peer-policy", resultFor(pp.failure!.code), pp.failure!.reason);
    const ef = checkPolicyEvent(log.log!, this.peerPolicy);
    if (ef !== null) return this.reject("policy-event", resultFor(ef.code), ef.reason);
    const self = evalInfoOfTdInfo(this.local, this.ownTdInfo);
    const peer = evalInfoOfTdInfo(this.local, tdInfo);
    const v = evaluateV2Rebind(this.local, self, peer, <i64>pp.policy!.policySvn, this.isOld);
    if (!v.accepted) {
      const rule = v.failedRule.length > 0 ? " (rule " + v.failedRule + ")" : "";
      return this.reject("policy", resultFor(<i32>v.error), policyV2ErrorName(v.error) + ": " + v.message + rule);
    }
    if (!this.isOld) {
      const bf = checkHandedBinding(this.local, tdInfo, cert.servtdExt, cert.initTdInfo);
      if (bf !== null) return this.reject("binding", resultFor(bf.code), bf.reason);
      this.handedExt = cert.servtdExt!.slice();
    }
    this.stage = "accepted";
    this.detail = "rebinding peer accepted by the signed policy " + this.local.id;
    return VerifyOutcome.accept();
  }
}
