// Library exports for signed policies v2 (CLI, tests): check a policy file against its issuer
// chain, and evaluate a peer as this MigTD would (spec migtd.md §3.4-3.5). Inputs are (ptr, len)
// blocks, results JSON documents (api/memory.ts). None of these traps on bad input.
import { JsonWriter } from "../json/writer";
import { resultFor } from "../result/map";
import { PolicyV2Error, policyV2ErrorName } from "../result/policy_v2";
import { parseSignedPolicy } from "../policy_v2/parse";
import { checkPeerPolicy } from "../policy_v2/peer";
import { evalInfoOf } from "../policy_v2/info";
import { evaluateV2 } from "../policy_v2/evaluate";
import { VerdictV2 } from "../policy_v2/verdict";
import { writePolicyV2 } from "../policy_v2/describe";
import { PartKind, checkPart } from "../policy_v2/parts";
import { checkInitOwner, checkOwner } from "../policy_v2/owner";
import { bytesIn, returnString } from "./memory";

// {"valid": true, "code": 0, "policy": {...}} or {"valid": false, "code": 9, "error", "path",
// "message"}. An empty chain parses without checking the policyData signature (the result says
// signatureChecked false); the ServTD collateral signatures are always checked (their chains
// are inside the file).
export function policy_v2_check(ptr: usize, len: u32, chainPtr: usize, chainLen: u32): usize {
  const r = parseSignedPolicy(bytesIn(ptr, len), bytesIn(chainPtr, chainLen));
  const w = new JsonWriter().beginObject().bool("valid", r.ok);
  if (r.ok) {
    w.int("code", 0);
    writePolicyV2(w, "policy", r.policy!);
  } else {
    const f = r.failure!;
    w.int("code", <i64>resultFor(f.code)).str("error", policyV2ErrorName(<PolicyV2Error>f.code)).str("path", r.path).str("message", f.reason);
  }
  return returnString(w.endObject().toString());
}

function rejected(kind: PolicyV2Error, msg: string, input: bool): usize {
  const v = new VerdictV2();
  v.decide(kind, msg, null);
  v.inputError = input;
  return returnString(v.toJson());
}

// Evaluates the peer (its 822-byte verified report, its signed policy and issuer chain) against
// the local signed policy as this MigTD (source when isSrc != 0). The local report stands for the
// fresh local quote `self` values come from.
export function policy_v2_evaluate(
  policyPtr: usize, policyLen: u32, chainPtr: usize, chainLen: u32,
  localPtr: usize, localLen: u32, peerPtr: usize, peerLen: u32,
  peerPolicyPtr: usize, peerPolicyLen: u32, peerChainPtr: usize, peerChainLen: u32,
  isSrc: i32,
): usize {
  const chain = bytesIn(chainPtr, chainLen);
  if (chain.length == 0) return rejected(PolicyV2Error.ChainInvalid, "no policy issuer chain: a v2 policy is only used with its signature verified", true);
  const lp = parseSignedPolicy(bytesIn(policyPtr, policyLen), chain);
  if (!lp.ok) return rejected(<PolicyV2Error>lp.failure!.code, lp.failure!.reason, true);
  const local = lp.policy!;
  const pp = checkPeerPolicy(local, bytesIn(peerPolicyPtr, peerPolicyLen), bytesIn(peerChainPtr, peerChainLen));
  if (!pp.ok) return rejected(<PolicyV2Error>pp.failure!.code, pp.failure!.reason, false);
  const self = evalInfoOf(local, bytesIn(localPtr, localLen));
  const peer = evalInfoOf(local, bytesIn(peerPtr, peerLen));
  if (self === null || peer === null) return rejected(PolicyV2Error.InvalidParameter, "verified reports must be 822 bytes", true);
  const v = evaluateV2(local, self, peer, <i64>pp.policy!.policySvn, isSrc != 0);
  return returnString(v.toJson());
}

// One piece of a v2 policy (policy_v2/parts.ts; kind = PartKind): {"ok", "signed", "summary",
// "error"}.
export function policy_v2_part_check(ptr: usize, len: u32, kind: i32, chainPtr: usize, chainLen: u32): usize {
  const r = checkPart(bytesIn(ptr, len), <PartKind>kind, bytesIn(chainPtr, chainLen));
  const w = new JsonWriter().beginObject().bool("ok", r.error.length == 0).bool("signed", r.signed).str("summary", r.summary).str("error", r.error);
  return returnString(w.endObject().toString());
}

// The owner checks (spec §3.5 end: this MigTD's own TDINFO at startup; §3.6 with init != 0: the
// init TDINFO the VMM supplies): {"code", "error"}, 0 when the fields fit the policy.
export function policy_v2_owner_check(ptr: usize, len: u32, chainPtr: usize, chainLen: u32,
  ownerPtr: usize, ownerLen: u32, configPtr: usize, configLen: u32, init: i32): usize {
  const w = new JsonWriter().beginObject();
  const r = parseSignedPolicy(bytesIn(ptr, len), bytesIn(chainPtr, chainLen));
  if (!r.ok || !r.policy!.signatureChecked) {
    const why = r.ok ? "the policy signature was not checked (no issuer chain)" : r.failure!.reason;
    return returnString(w.int("code", 9).str("error", why).endObject().toString());
  }
  const owner = bytesIn(ownerPtr, ownerLen);
  const config = bytesIn(configPtr, configLen);
  const f = init != 0 ? checkInitOwner(r.policy!, owner, config) : checkOwner(r.policy!, owner, config);
  if (f === null) return returnString(w.int("code", 0).str("error", "").endObject().toString());
  return returnString(w.int("code", <i64>resultFor(f.code)).str("error", f.reason).endObject().toString());
}
