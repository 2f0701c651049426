// Checks on the peer's signed policy received in the pre-session exchange (spec migtd.md §2.5 V2
// steps 1 and 3): the blob's hash against the peer certificate's policy-hash extension, the peer
// policy's own signature with its own chain, and that chain — and the chains of its ServTD
// identity and TCB mapping — issued by OUR policy PKI (same root CA, same signer subject, CAs
// above the leaf). The peer's quote is verified with OUR collaterals, elsewhere.
import { sha384 } from "../crypto/sha512";
import { bytesEqual } from "../util/bytes";
import { Failure } from "../result/failure";
import { CcelLog } from "../eventlog/ccel";
import { eventMapOf, EVENT_MIGTD_POLICY, NamedEvent } from "../policy/events";
import { PolicyV2Error } from "./errors";
import { sameIssuer } from "./issuer_chain";
import { PolicyV2Parse, SignedPolicyV2, parseSignedPolicy } from "./parse";

// `extension`: the peer certificate's policy-hash extension, null when it has none.
export function checkPolicyHash(extension: Uint8Array | null, peerDataBlob: Uint8Array): Failure | null {
  if (extension === null) return new Failure(PolicyV2Error.PolicyHashMismatch, "the peer certificate has no policy-hash extension");
  if (bytesEqual(extension, sha384(peerDataBlob))) return null;
  return new Failure(PolicyV2Error.PolicyHashMismatch, "the peer certificate's policy-hash extension is not SHA-384 of the pre-session data it sent");
}

// The peer's Digest.MigTdPolicy event (tag 1, §5.3) must exist and be SHA-384 of the policy it
// sent (its log already replayed to the RTMRs its quote or TD report vouches for).
export function checkPolicyEvent(log: CcelLog, peerPolicy: Uint8Array): Failure | null {
  const events = eventMapOf(log);
  const pe: NamedEvent | null = events === null ? null : events.get(EVENT_MIGTD_POLICY);
  if (pe === null) return new Failure(PolicyV2Error.PolicyHashMismatch, "the peer's event log has no policy event");
  if (bytesEqual(pe.digest, sha384(peerPolicy))) return null;
  return new Failure(PolicyV2Error.PolicyHashMismatch, "the peer's measured policy (event log Digest.MigTdPolicy) is not the policy it sent");
}

export function checkPeerPolicy(local: SignedPolicyV2, peerPolicy: Uint8Array, peerChain: Uint8Array): PolicyV2Parse {
  if (peerChain.length == 0) {
    const out = new PolicyV2Parse();
    out.failure = new Failure(PolicyV2Error.ChainInvalid, "the peer sent no policy issuer chain");
    return out;
  }
  const r = parseSignedPolicy(peerPolicy, peerChain);
  if (r.failure !== null) {
    r.failure = new Failure(r.failure!.code, "peer policy: " + r.failure!.reason);
    return r;
  }
  const p = r.policy!;
  let f = sameIssuer(local.issuer, p.issuer, "peer policy issuer chain");
  if (f === null) f = sameIssuer(local.issuer, p.servtd.identityChain, "peer servtdIdentity issuer chain");
  if (f === null) f = sameIssuer(local.issuer, p.servtd.mappingChain, "peer servtdTcbMapping issuer chain");
  if (f !== null) {
    r.failure = f;
    r.policy = null;
  }
  return r;
}
