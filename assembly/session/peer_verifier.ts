// MigTD's V1 peer-certificate check, run inside the TLS handshake (migtd.md §2.5): verify our own
// quote and the peer's with the collateral the host gave this session, at the session's judgement
// time (time_floor.ts; 7 on failure, a Revoked TCB included), bind the certificate key to the
// peer's REPORTDATA, replay the peer's event log against its quote's RTMRs and evaluate the
// migration policy with both verified reports (9 for an invalid policy, 8 otherwise). A peer on
// another FMSPC is checked the same way right after the handshake (completeDeferred).
import { PeerVerifier, VerifyOutcome } from "../tls/config";
import { parseRaTlsCert, RaTlsCert } from "../ratls/parse";
import { resultFor } from "../result/map";
import { reportDataForKey } from "../ratls/report_data";
import { verifiedReportOf } from "../attest/verified_report";
import { parseCcelResult } from "../eventlog/ccel";
import { rtmrsMatch } from "../eventlog/compare";
import { evaluatePolicyBytes } from "../policy/evaluate";
import { EvalInput } from "../policy/input";
import { policyResultCode } from "../policy/errors";
import { bytesEqual } from "../util/reader";
import {
  RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_POLICY_UNSATISFIED, resultName,
} from "../result/codes";
import { LocalConfig } from "./local_config";
import { SessionCollateral, verifySessionQuote, coversFmspc } from "./session_attest";
import { CollateralFetch, collateralPlanFor } from "./collateral_fetch";
import { toUpperHex } from "../util/hex";

export class MigtdPeerVerifier implements PeerVerifier {
  // What the policy said, for the session's log.
  detail: string = "";

  // The TCB statuses both quotes verified with, for the session's log ("" until known).
  localTcb: string = "";
  peerTcb: string = "";

  // Set when the peer's quote names an FMSPC this session's collateral does not cover. The
  // handshake then completes, and the session fetches that FMSPC's collateral and calls
  // completeDeferred before it sends anything (its ExchangeInformation included).
  deferredFetch: CollateralFetch | null = null;
  private deferredPeer: RaTlsCert | null = null;

  constructor(private local: LocalConfig, private isSource: bool, private ownQuote: Uint8Array, private coll: SessionCollateral) {}

  private reject(code: u8, message: string): VerifyOutcome {
    this.detail = message;
    return VerifyOutcome.reject(code, message);
  }

  verify(certDer: Uint8Array): VerifyOutcome {
    const root = this.local.rootCa;
    const policy = this.local.policy;
    const ownLog = this.local.eventLog;
    if (root === null || policy === null || ownLog === null) return this.reject(RESULT_MUTUAL_ATTESTATION_ERROR, "MutualAttestationError: " + this.local.problem);
    const parsed = parseRaTlsCert(certDer);
    // A certificate that does not parse is a session error; one whose self-signature fails breaks
    // the key binding, an attestation failure (ratls/errors.ts).
    if (parsed.cert === null) return this.reject(resultFor(parsed.error), "peer certificate: " + parsed.message);
    const peer = parsed.cert!;
    const plan = collateralPlanFor(peer.quote);
    const fetch = plan.fetch;
    if (fetch !== null && !coversFmspc(this.coll.collateral, toUpperHex(fetch.fmspc))) {
      this.deferredFetch = fetch;
      this.deferredPeer = peer;
      this.detail = "peer on FMSPC " + toUpperHex(fetch.fmspc) + ": judged once its collateral is fetched";
      return VerifyOutcome.accept();
    }
    return this.check(peer, this.coll);
  }

  // The deferred check, with the collateral fetched for the peer's FMSPC.
  completeDeferred(peerColl: SessionCollateral): VerifyOutcome {
    const peer = this.deferredPeer;
    this.deferredFetch = null;
    this.deferredPeer = null;
    if (peer === null) return this.reject(RESULT_MUTUAL_ATTESTATION_ERROR, "MutualAttestationError: no deferred peer");
    return this.check(peer, peerColl);
  }

  private check(peer: RaTlsCert, peerColl: SessionCollateral): VerifyOutcome {
    const root = this.local.rootCa!;
    const policy = this.local.policy!;
    const ownLog = this.local.eventLog!;
    // §2.5 V1 step 1-2: both quotes verify to the enrolled root.
    const own = verifySessionQuote(this.ownQuote, root, this.coll);
    if (own.verified === null) return this.reject(RESULT_MUTUAL_ATTESTATION_ERROR, "MutualAttestationError: own quote: " + own.failure!.reason);
    this.localTcb = own.verified!.tcb!.status;
    const theirs = verifySessionQuote(peer.quote, root, peerColl);
    if (theirs.verified === null) return this.reject(RESULT_MUTUAL_ATTESTATION_ERROR, "MutualAttestationError: peer quote: " + theirs.failure!.reason);
    this.peerTcb = theirs.verified!.tcb!.status;
    const localReport = verifiedReportOf(own.verified!);
    const peerReport = verifiedReportOf(theirs.verified!);
    // Step 3: the certificate's key is the one the peer's TD report vouches for.
    if (!bytesEqual(peerReport.subarray(520, 584), reportDataForKey(peer.publicKey))) {
      return this.reject(RESULT_MUTUAL_ATTESTATION_ERROR, "MutualAttestationError: certificate key is not bound to the quote's REPORTDATA");
    }
    // Step 4: the peer's event log replays to the RTMRs its quote carries. The carried log has
    // MigTD's trailing byte, which the parser ignores past the last event.
    const log = parseCcelResult(peer.eventLog);
    if (log.log === null) return this.reject(RESULT_POLICY_UNSATISFIED, "PolicyUnsatisfiedError: peer event log: " + log.error);
    if (!rtmrsMatch(log.log!, theirs.verified!.quote.body.rtmr)) {
      return this.reject(RESULT_POLICY_UNSATISFIED, "PolicyUnsatisfiedError: peer event log does not replay to its quote's RTMRs");
    }
    // Step 5: the policy, with both sides' verified reports and event logs.
    const input = new EvalInput();
    input.isSrc = this.isSource;
    input.local = localReport;
    input.peer = peerReport;
    input.localLog = ownLog;
    input.peerLog = peer.eventLog.slice(0, log.log!.endOffset);
    const verdict = evaluatePolicyBytes(policy, input);
    if (!verdict.accepted) {
      const code = policyResultCode(verdict.error);
      const name = resultName(code);
      const rule = verdict.failedRule.length > 0 ? " (rule " + verdict.failedRule + ")" : "";
      return this.reject(code, name + ": " + verdict.message + rule);
    }
    this.detail = "peer accepted by the migration policy; TCB local " + this.localTcb + ", peer " + this.peerTcb;
    return VerifyOutcome.accept();
  }
}
