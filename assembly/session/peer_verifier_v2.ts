// MigTD's V2 peer-certificate check (spec migtd.md §2.5 V2), run inside the TLS handshake after
// the pre-session exchange gave us the peer's signed policy and issuer chain:
//   1. the certificate's policy-hash extension = SHA-384(peer's pre-session blob)         -> 9
//   2. the peer quote verifies with the collateral of OUR signed policy (its root CA, TCB
//      info, QE identity, CRLs; FMSPC from the quote's PCK certificate)                   -> 7
//   3. the peer event log replays to the quote's RTMRs                                      -> 8
//      the peer policy's signature verifies with the peer chain, and that chain, its ServTD
//      identity chain and TCB mapping chain come from our policy PKI                       -> 9
//      the peer's measured policy (Digest.MigTdPolicy) is the policy it sent                -> 9
//   4. evaluation info for the peer and for us (a fresh local quote verified against our
//      collateral) and the §3.5 evaluation                                                  -> 8 (9)
//   5. key binding as V1: SHA-384(certificate key) = the peer quote's REPORTDATA[0..48]      -> 7
// The V1 verifier (peer_verifier.ts) is untouched; which one a session uses follows from what is
// enrolled (docs/policy.md).
import { PeerVerifier, VerifyOutcome } from "../tls/config";
import { parseRaTlsCert } from "../ratls/parse";
import { reportDataForKey } from "../ratls/report_data";
import { verifyQuote } from "../attest/verify";
import { verifiedReportOf } from "../attest/verified_report";
import { parseCcelResult } from "../eventlog/ccel";
import { rtmrsMatch } from "../eventlog/compare";
import { SignedPolicyV2 } from "../policy_v2/parse";
import { checkPeerPolicy, checkPolicyEvent, checkPolicyHash } from "../policy_v2/peer";
import { evalInfoOf } from "../policy_v2/info";
import { evaluateV2 } from "../policy_v2/evaluate";
import { policyV2ErrorName } from "../result/policy_v2";
import { resultFor } from "../result/map";
import { bytesEqual } from "../util/bytes";
import { RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_POLICY_UNSATISFIED, resultName } from "../result/codes";
import { PeerData } from "./presession";

export class MigtdPeerVerifierV2 implements PeerVerifier {
  detail: string = "";
  // The stage that decided (for tests and logs): "policy-hash", "quote", "event-log",
  // "peer-policy", "policy-event", "self-quote", "policy", "key-binding", "accepted".
  stage: string = "";

  constructor(
    private local: SignedPolicyV2,
    private isSource: bool,
    private ownQuote: Uint8Array, // fresh local quote (REPORTDATA all-zero in Intel's MigTD)
    private peer: PeerData,
    private peerBlob: Uint8Array,
    private nowS: i64, // certificate and collateral validity instant (a TD has no trusted clock)
  ) {}

  private reject(stage: string, code: u8, message: string): VerifyOutcome {
    this.stage = stage;
    this.detail = resultName(code) + ": " + message;
    return VerifyOutcome.reject(code, this.detail);
  }

  verify(certDer: Uint8Array): VerifyOutcome {
    const parsed = parseRaTlsCert(certDer);
    if (parsed.cert === null) return this.reject("certificate", resultFor(parsed.error), "peer certificate: " + parsed.message);
    const cert = parsed.cert!;
    // Step 1.
    const hf = checkPolicyHash(cert.policyHash, this.peerBlob);
    if (hf !== null) return this.reject("policy-hash", resultFor(hf.code), hf.reason);
    // Step 2: the peer quote against OUR policy's collateral.
    const theirs = verifyQuote(cert.quote, this.local.rootCa, this.local.collateral, this.nowS);
    if (theirs.verified === null) return this.reject("quote", RESULT_MUTUAL_ATTESTATION_ERROR, "peer quote: " + theirs.failure!.reason);
    // Step 3.
    const log = parseCcelResult(cert.eventLog);
    if (log.log === null) return this.reject("event-log", RESULT_POLICY_UNSATISFIED, "peer event log: " + log.error);
    if (!rtmrsMatch(log.log!, theirs.verified!.quote.body.rtmr)) return this.reject("event-log", RESULT_POLICY_UNSATISFIED, "peer event log does not replay to its quote's RTMRs");
    const pp = checkPeerPolicy(this.local, this.peer.policy, this.peer.chain);
    if (!pp.ok) return this.reject("peer-policy", resultFor(pp.failure!.code), pp.failure!.reason);
    const ef = checkPolicyEvent(log.log!, this.peer.policy);
    if (ef !== null) return this.reject("policy-event", resultFor(ef.code), ef.reason);
    // Step 4.
    const own = verifyQuote(this.ownQuote, this.local.rootCa, this.local.collateral, this.nowS);
    if (own.verified === null) return this.reject("self-quote", RESULT_MUTUAL_ATTESTATION_ERROR, "own quote: " + own.failure!.reason);
    const peerReport = verifiedReportOf(theirs.verified!);
    const self = evalInfoOf(this.local, verifiedReportOf(own.verified!));
    const peerInfo = evalInfoOf(this.local, peerReport);
    const v = evaluateV2(this.local, self!, peerInfo!, <i64>pp.policy!.policySvn, this.isSource);
    if (!v.accepted) {
      const rule = v.failedRule.length > 0 ? " (rule " + v.failedRule + ")" : "";
      return this.reject("policy", resultFor(<i32>v.error), policyV2ErrorName(v.error) + ": " + v.message + rule);
    }
    // Step 5.
    if (!bytesEqual(peerReport.subarray(520, 568), reportDataForKey(cert.publicKey).subarray(0, 48))) {
      return this.reject("key-binding", RESULT_MUTUAL_ATTESTATION_ERROR, "certificate key is not bound to the quote's REPORTDATA");
    }
    this.stage = "accepted";
    this.detail = "peer accepted by the signed policy " + this.local.id;
    return VerifyOutcome.accept();
  }
}
