// V2 evaluation (spec migtd.md §3.5), in this order, every rule explained, the first failure
// decisive:
//   1. always: the peer platform TCB status must not be Revoked (TcbRevoked);
//   2. always: the peer MigTD's measurements must be in the TCB mapping and its identity level
//      known and not Revoked (UnqualifiedMigTdInfo);
//   3. `policy` blocks, then `forwardPolicy` (this MigTD is the source, authenticating the
//      destination) or `backwardPolicy` (destination authenticating the source); a failing
//      global rule is UnqualifiedPlatformInfo, a failing servtd rule UnqualifiedMigTdInfo;
//   4. source only: peer policySvn >= ours (PolicySvnTooLow) — a destination never accepts
//      keys for a policy older than the source's, so migration cannot roll a policy back.
import { RuleResult, RuleStatus } from "../policy/verdict";
import { PolicyV2Error } from "./errors";
import { EvalInfo, UNKNOWN } from "./info";
import { PolicyItem, Property, ValueType } from "./model";
import { integerRule, servtdStatusRule, tcbStatusRule, textRule } from "./ops";
import { SignedPolicyV2 } from "./parse";
import { VerdictV2 } from "./verdict";
import { ST_REVOKED } from "../attest/collateral/status";

function intOf(e: EvalInfo, p: Property): i64 {
  if (p.name == "tcbEvaluationDataNumber") return e.tcbEvaluationNumber;
  if (p.name == "pckCrlNum") return e.pckCrlNum;
  if (p.name == "rootCaCrlNum") return e.rootCaCrlNum;
  return e.migtdIsvsvn; // servtd.migtdIdentity.isvsvn
}

function textOf(e: EvalInfo, p: Property): string {
  if (p.section == "global.tcb") return p.name == "tcbDate" ? e.tcbDate : e.tcbStatus;
  if (p.section == "global.platform") return e.fmspc;
  return p.name == "tcbDate" ? e.migtdTcbDate : e.migtdTcbStatus;
}

function show(v: i64): string {
  return v == UNKNOWN ? "" : v.toString();
}

function evalProperty(p: Property, self: EvalInfo, peer: EvalInfo, r: RuleResult): string {
  switch (p.type) {
    case ValueType.Integer: {
      const pv = intOf(peer, p);
      const lv = intOf(self, p);
      r.peer = show(pv);
      r.local = show(lv);
      return integerRule(p, pv, lv);
    }
    case ValueType.Text: {
      const pv = textOf(peer, p);
      const lv = textOf(self, p);
      r.peer = pv;
      r.local = lv;
      return textRule(p, pv, lv, p.name == "fmspc");
    }
    case ValueType.TcbStatus:
      r.peer = peer.tcbStatus;
      r.local = self.tcbStatus;
      return tcbStatusRule(p, peer.tcbStatus, self.tcbStatus);
  }
  r.peer = peer.migtdTcbStatus;
  r.local = self.migtdTcbStatus;
  return servtdStatusRule(peer.migtdTcbStatus);
}

function evalItems(v: VerdictV2, items: PolicyItem[], self: EvalInfo, peer: EvalInfo, servtdOnly: bool = false): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (servtdOnly && it.kind == "global") continue;
    for (let k = 0; k < it.properties.length; k++) {
      const p = it.properties[k];
      const r = new RuleResult("policyData." + p.path, p.section, p.name, p.operation, p.ref.source);
      const why = evalProperty(p, self, peer, r);
      if (why.length == 0) {
        r.status = RuleStatus.Pass;
      } else {
        r.status = RuleStatus.Fail;
        r.note = why;
        const kind = it.kind == "global" ? PolicyV2Error.UnqualifiedPlatformInfo : PolicyV2Error.UnqualifiedMigTdInfo;
        v.decide(kind, p.section + "." + p.name + ": " + why, r);
      }
      v.rules.push(r);
    }
  }
}

function fixedRule(v: VerdictV2, path: string, name: string, local: string, peer: string, why: string, kind: PolicyV2Error): void {
  const r = new RuleResult(path, "always", name, "", "");
  r.local = local;
  r.peer = peer;
  if (why.length == 0) r.status = RuleStatus.Pass;
  else {
    r.status = RuleStatus.Fail;
    r.note = why;
    v.decide(kind, why, r);
  }
  v.rules.push(r);
}

function newVerdict(policy: SignedPolicyV2, self: EvalInfo, peer: EvalInfo, peerPolicySvn: i64, isSrc: bool): VerdictV2 {
  const v = new VerdictV2();
  v.policyId = policy.id;
  v.policySvn = <i64>policy.policySvn;
  v.peerPolicySvn = peerPolicySvn;
  v.isSrc = isSrc;
  v.self = self;
  v.peer = peer;
  return v;
}

// Always (§3.5): the peer MigTD's measurements are in the TCB mapping and its identity level is
// known and not Revoked.
function migtdIdentityRule(v: VerdictV2, self: EvalInfo, peer: EvalInfo): void {
  let migtd = "";
  if (peer.migtdIsvsvn == UNKNOWN) migtd = "the peer MigTD's MRTD/RTMRs are not in the policy's TCB mapping (unknown MigTD build)";
  else if (peer.migtdTcbStatus.length == 0) migtd = "the peer MigTD's ISVSVN " + peer.migtdIsvsvn.toString() + " has no TCB level in the MigTD identity";
  else if (peer.migtdTcbStatus == ST_REVOKED) migtd = "the peer MigTD's identity TCB level (ISVSVN " + peer.migtdIsvsvn.toString() + ") is Revoked";
  fixedRule(v, "§3.5 peer MigTD identity", "migtdIdentity", show(self.migtdIsvsvn), show(peer.migtdIsvsvn), migtd, PolicyV2Error.UnqualifiedMigTdInfo);
}

// Source side only (§3.5): a peer whose policy is older than ours could roll the policy back.
function policySvnRule(v: VerdictV2, policy: SignedPolicyV2, peerPolicySvn: i64): void {
  fixedRule(v, "§3.5 policySvn", "policySvn", (<i64>policy.policySvn).toString(), peerPolicySvn.toString(),
    peerPolicySvn >= <i64>policy.policySvn ? "" : "the peer's policySvn " + peerPolicySvn.toString() + " is lower than ours (" + policy.policySvn.toString() + ")",
    PolicyV2Error.PolicySvnTooLow);
}

// `peerPolicySvn` = the peer's verified policySvn (its signed policy received in the pre-session
// exchange).
export function evaluateV2(policy: SignedPolicyV2, self: EvalInfo, peer: EvalInfo, peerPolicySvn: i64, isSrc: bool): VerdictV2 {
  const v = newVerdict(policy, self, peer, peerPolicySvn, isSrc);
  fixedRule(v, "§3.5 peer TCB status", "tcbStatus", self.tcbStatus, peer.tcbStatus,
    peer.tcbStatus == ST_REVOKED ? "the peer platform TCB status is Revoked (always denied)" : "", PolicyV2Error.TcbRevoked);
  migtdIdentityRule(v, self, peer);
  evalItems(v, policy.policy, self, peer);
  evalItems(v, isSrc ? policy.forwardPolicy : policy.backwardPolicy, self, peer);
  if (policy.policy.length == 0 && (isSrc ? policy.forwardPolicy : policy.backwardPolicy).length == 0) {
    v.warnings.push("no policy blocks apply to this role: only the always-checks (§3.5) are made");
  }
  if (isSrc) policySvnRule(v, policy, peerPolicySvn);
  return v;
}

// A V2 rebinding (§2.9): both MigTDs on one platform (the TDX module verified the peer's report),
// so only the MigTD identity is judged: the always-rule on the peer's MigTD identity, the servtd
// rules of `policy` and of `forwardPolicy` (the old MigTD judging the new one, as a source judges
// its destination) or `backwardPolicy` (the new judging the old), and on the old MigTD's side
// the peer policySvn >= ours. Global rules (platform TCB, FMSPC, CRLs) have no peer platform to
// apply to and are skipped, which the verdict's warnings say.
export function evaluateV2Rebind(policy: SignedPolicyV2, self: EvalInfo, peer: EvalInfo, peerPolicySvn: i64, isOld: bool): VerdictV2 {
  const v = newVerdict(policy, self, peer, peerPolicySvn, isOld);
  migtdIdentityRule(v, self, peer);
  evalItems(v, policy.policy, self, peer, true);
  evalItems(v, isOld ? policy.forwardPolicy : policy.backwardPolicy, self, peer, true);
  v.warnings.push("rebinding on one platform: global (platform) rules are not applied");
  if (isOld) policySvnRule(v, policy, peerPolicySvn);
  return v;
}
