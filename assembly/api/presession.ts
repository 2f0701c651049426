// The pre-session engine (session/presession_exchange.ts) exposed for tests and the simulator's
// two-party harness: engines live in a table and are driven by handle, bytes in and out.
import { JsonWriter } from "../json/writer";
import { resultFor } from "../result/map";
import { PreSessionExchange, preSessionStateName } from "../session/presession_exchange";
import { encodePeerData } from "../session/presession";
import { bytesIn, returnBytes, returnString } from "./memory";
import { p384Keygen, P384KeyPair } from "../crypto/ecdsa";
import { parseSignedPolicy } from "../policy_v2/parse";
import { MigtdPeerVerifierV2 } from "../session/peer_verifier_v2";
import { buildRaTlsCert } from "../ratls/build";
import { parseRaTlsCert } from "../ratls/parse";
import { checkPolicyHash } from "../policy_v2/peer";

const engines = new Map<i32, PreSessionExchange>();
let nextHandle: i32 = 1;

// Every export answers with a result block (api/memory.ts), so the host has one calling
// convention: {"handle": n} here.
export function presession_new(policyPtr: usize, policyLen: u32, chainPtr: usize, chainLen: u32, nowMs: i64): usize {
  const h = nextHandle++;
  engines.set(h, new PreSessionExchange(encodePeerData(bytesIn(policyPtr, policyLen), bytesIn(chainPtr, chainLen)), nowMs));
  return returnString("{\"handle\":" + h.toString() + "}");
}

export function presession_feed(h: i32, ptr: usize, len: u32): usize {
  if (engines.has(h)) engines.get(h).feed(bytesIn(ptr, len));
  return returnBytes(new Uint8Array(0));
}

export function presession_take(h: i32): usize {
  return returnBytes(engines.has(h) ? engines.get(h).takeOutput() : new Uint8Array(0));
}

// {"state", "code", "error", "expired", "peerPolicyLen", "peerChainLen", "peerBlobSha384",
// "ownPolicyHash", "leftover"}.
export function presession_status(h: i32, nowMs: i64): usize {
  const w = new JsonWriter().beginObject();
  if (!engines.has(h)) return returnString(w.str("state", "none").endObject().toString());
  const e = engines.get(h);
  const f = e.failure;
  w.str("state", preSessionStateName(e.state))
    .int("code", f === null ? 0 : <i64>resultFor(f.code))
    .str("error", f === null ? "" : f.reason)
    .bool("expired", e.expired(nowMs))
    .int("peerPolicyLen", e.peer === null ? 0 : e.peer!.policy.length)
    .int("peerChainLen", e.peer === null ? 0 : e.peer!.chain.length)
    .hex("ownPolicyHash", e.ownPolicyHash())
    .int("leftover", e.leftover.length);
  return returnString(w.endObject().toString());
}

export function presession_free(h: i32): usize {
  engines.delete(h);
  return returnBytes(new Uint8Array(0));
}

// Our RA-TLS certificate for this exchange (fresh P-384 key; quote and event log as given) with
// the policy-hash extension of our blob (§2.4): what a V2 session presents.
export function presession_own_cert(h: i32, quotePtr: usize, quoteLen: u32, logPtr: usize, logLen: u32): usize {
  if (!engines.has(h)) return returnBytes(new Uint8Array(0));
  const kp = p384Keygen();
  if (kp === null) return returnBytes(new Uint8Array(0));
  const cert = buildRaTlsCert(kp, bytesIn(quotePtr, quoteLen), bytesIn(logPtr, logLen), engines.get(h).ownPolicyHash());
  kp.wipe();
  return returnBytes(cert === null ? new Uint8Array(0) : cert);
}

// §2.5 V2 step 1 on a peer certificate: {"code", "error"} (0 when its policy-hash extension is
// SHA-384 of the blob the peer sent in this exchange).
export function presession_check_peer_cert(h: i32, certPtr: usize, certLen: u32): usize {
  const w = new JsonWriter().beginObject();
  if (!engines.has(h) || engines.get(h).peer === null) return returnString(w.int("code", 6).str("error", "no completed pre-session exchange").endObject().toString());
  const p = parseRaTlsCert(bytesIn(certPtr, certLen));
  if (p.cert === null) return returnString(w.int("code", <i64>resultFor(p.error)).str("error", p.message).endObject().toString());
  const f = checkPolicyHash(p.cert!.policyHash, engines.get(h).peerBlob);
  if (f === null) return returnString(w.int("code", 0).str("error", "").endObject().toString());
  return returnString(w.int("code", <i64>resultFor(f.code)).str("error", f.reason).endObject().toString());
}

// §2.5 V2 on a peer certificate after exchange `h` completed: the whole V2 verifier
// (session/peer_verifier_v2.ts) with our signed policy and chain, our fresh quote and the time
// certificates and collateral are judged at. {"accepted", "code", "stage", "detail"}.
export function presession_verify_peer(
  h: i32, policyPtr: usize, policyLen: u32, chainPtr: usize, chainLen: u32,
  certPtr: usize, certLen: u32, ownQuotePtr: usize, ownQuoteLen: u32, nowS: i64, isSrc: i32,
): usize {
  const w = new JsonWriter().beginObject();
  if (!engines.has(h) || engines.get(h).peer === null) return returnString(w.bool("accepted", false).int("code", 6).str("stage", "pre-session").str("detail", "no completed pre-session exchange").endObject().toString());
  const lp = parseSignedPolicy(bytesIn(policyPtr, policyLen), bytesIn(chainPtr, chainLen));
  if (!lp.ok) return returnString(w.bool("accepted", false).int("code", <i64>resultFor(lp.failure!.code)).str("stage", "local-policy").str("detail", lp.failure!.reason).endObject().toString());
  const e = engines.get(h);
  const v = new MigtdPeerVerifierV2(lp.policy!, isSrc != 0, bytesIn(ownQuotePtr, ownQuoteLen), e.peer!, e.peerBlob, nowS);
  const out = v.verify(bytesIn(certPtr, certLen));
  return returnString(w.bool("accepted", out.ok).int("code", <i64>out.code).str("stage", v.stage).str("detail", v.detail).endObject().toString());
}

// Our certificate for exchange `h` around a given quote and event log, signed with a given key
// (tests: a quote whose REPORTDATA binds that key).
export function presession_own_cert_with(h: i32, privPtr: usize, privLen: u32, pubPtr: usize, pubLen: u32, quotePtr: usize, quoteLen: u32, logPtr: usize, logLen: u32): usize {
  if (!engines.has(h) || privLen != 48 || pubLen != 97) return returnBytes(new Uint8Array(0));
  const kp = new P384KeyPair(bytesIn(privPtr, privLen), bytesIn(pubPtr, pubLen));
  const cert = buildRaTlsCert(kp, bytesIn(quotePtr, quoteLen), bytesIn(logPtr, logLen), engines.get(h).ownPolicyHash());
  kp.wipe();
  return returnBytes(cert === null ? new Uint8Array(0) : cert);
}
