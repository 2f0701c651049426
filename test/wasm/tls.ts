// Test and benchmark entry for the TLS 1.3 engines (assembly/tls) and RA-TLS certificates
// (assembly/ratls): raw-pointer wrappers over handles. Inputs are (ptr, len) pairs the host
// allocated with api_alloc; byte outputs are [u32 length][bytes] blocks the host frees.
import "../../assembly/util/abort";
export { api_alloc, api_free } from "../../assembly/api/memory";
import { bytesIn, returnBytes, returnString } from "../../assembly/api/memory";
import { P384KeyPair, p384Keygen } from "../../assembly/crypto/ecdsa";
import { TlsEngine } from "../../assembly/tls/engine";
import { LocalIdentity, PeerVerifier, TlsConfig, VerifyOutcome } from "../../assembly/tls/config";
import { HandshakeSecrets, finishedVerifyData } from "../../assembly/tls/key_schedule";
import { Protection } from "../../assembly/tls/protection";
import { CT_APPLICATION_DATA } from "../../assembly/tls/constants";
import { collateralPlanFor, resetCollateralPlanMemo } from "../../assembly/session/collateral_fetch";
import { toUpperHex } from "../../assembly/util/hex";

// --- identities ---

const identities = new Array<LocalIdentity | null>();

function addIdentity(id: LocalIdentity): i32 {
  identities.push(id);
  return identities.length - 1;
}

// An identity from host-made key material: priv (48), pub (97), DER certificate.
export function identity_new(privPtr: usize, pubPtr: usize, certPtr: usize, certLen: i32): i32 {
  const kp = new P384KeyPair(bytesIn(privPtr, 48), bytesIn(pubPtr, 97));
  return addIdentity(new LocalIdentity(kp, bytesIn(certPtr, <u32>certLen)));
}

// --- verifiers ---

// Accepts or rejects every certificate with a fixed code, counting calls and keeping the last
// certificate it saw.
class TestVerifier implements PeerVerifier {
  calls: i32 = 0;
  last: Uint8Array = new Uint8Array(0);
  constructor(public accept: bool, public code: u8, public message: string) {}
  verify(certDer: Uint8Array): VerifyOutcome {
    this.calls++;
    this.last = certDer.slice();
    if (this.accept) return VerifyOutcome.accept();
    return VerifyOutcome.reject(this.code, this.message);
  }
}

// --- engines ---

class Slot {
  constructor(public engine: TlsEngine, public verifier: TestVerifier) {}
}
const engines = new Array<Slot | null>();

function slot(h: i32): Slot {
  return engines[h]!;
}

// flags: bit 0 = client (else server); bit 1 = client sends no key share first (forces HRR);
// bit 2 = verifier rejects with `code`. Returns a handle.
export function engine_new(identity: i32, flags: i32, code: i32): i32 {
  const id = identities[identity]!;
  const v = new TestVerifier((flags & 4) == 0, <u8>code, "rejected by test verifier (code " + code.toString() + ")");
  const cfg = new TlsConfig(id, v);
  if ((flags & 2) != 0) cfg.initialKeyShare = false;
  const e = (flags & 1) != 0 ? TlsEngine.client(cfg) : TlsEngine.server(cfg);
  engines.push(new Slot(e, v));
  return engines.length - 1;
}

export function engine_feed(h: i32, ptr: usize, len: i32): i32 {
  return slot(h).engine.feedRaw(ptr, len);
}

export function engine_eof(h: i32): void {
  slot(h).engine.feedEof();
}

export function engine_take_output(h: i32): usize {
  return returnBytes(slot(h).engine.takeOutput());
}

export function engine_write(h: i32, ptr: usize, len: i32): i32 {
  return slot(h).engine.writeApp(bytesIn(ptr, <u32>len));
}

export function engine_read(h: i32): usize {
  return returnBytes(slot(h).engine.readApp());
}

export function engine_state(h: i32): usize {
  return returnString(slot(h).engine.state);
}

export function engine_done(h: i32): i32 {
  return slot(h).engine.isHandshakeDone() ? 1 : 0;
}

export function engine_peer_closed(h: i32): i32 {
  return slot(h).engine.isPeerClosed() ? 1 : 0;
}

// Error as [code, alert, result] in three i32 at dst; returns 1 when there is an error.
export function engine_error(h: i32, dst: usize): i32 {
  const e = slot(h).engine.error;
  if (e === null) return 0;
  store<i32>(dst, <i32>e.code);
  store<i32>(dst, e.alert, 4);
  store<i32>(dst, <i32>e.result, 8);
  return 1;
}

export function engine_error_message(h: i32): usize {
  const e = slot(h).engine.error;
  return returnString(e === null ? "" : e.toString());
}

export function engine_peer_cert(h: i32): usize {
  const c = slot(h).engine.peerCertificateDer();
  return returnBytes(c === null ? new Uint8Array(0) : c);
}

export function engine_verifier_calls(h: i32): i32 {
  return slot(h).verifier.calls;
}

export function engine_update_keys(h: i32, request: i32): i32 {
  return slot(h).engine.updateKeys(request != 0);
}

export function engine_close(h: i32): void {
  slot(h).engine.close();
}

export function engine_free(h: i32): void {
  const s = engines[h];
  if (s !== null) s.engine.close();
  engines[h] = null;
}

// --- key schedule (for known-answer checks) ---

// Writes client_hs || server_hs (96 bytes) and then client_ap || server_ap (96 bytes), the
// client and server finished verify_data (96 bytes) for the given ECDHE secret and transcript
// hashes (helloHash after ServerHello, finHash for Finished keys, appHash after server Finished).
export function ks_derive(zPtr: usize, helloPtr: usize, finPtr: usize, appPtr: usize, dst: usize): void {
  const hs = HandshakeSecrets.derive(bytesIn(zPtr, 48), bytesIn(helloPtr, 48));
  memory.copy(dst, hs.client.dataStart, 48);
  memory.copy(dst + 48, hs.server.dataStart, 48);
  const fin = bytesIn(finPtr, 48);
  const cf = finishedVerifyData(hs.client, fin);
  const sf = finishedVerifyData(hs.server, fin);
  const t = hs.traffic(bytesIn(appPtr, 48));
  memory.copy(dst + 96, t.client.dataStart, 48);
  memory.copy(dst + 144, t.server.dataStart, 48);
  memory.copy(dst + 192, cf.dataStart, 48);
  memory.copy(dst + 240, sf.dataStart, 48);
}

// One protected application-data record (sequence number `seq`) under a traffic secret.
export function record_seal(secretPtr: usize, seq: i32, ptr: usize, len: i32): usize {
  const p = new Protection(bytesIn(secretPtr, 48));
  let rec: Uint8Array | null = null;
  for (let i = 0; i <= seq; i++) rec = p.seal(CT_APPLICATION_DATA, ptr, len);
  return returnBytes(rec!);
}

// A fresh P-384 key pair: priv (48) || pub (97) at dst.
export function p384_keygen(dst: usize): i32 {
  const kp = p384Keygen();
  if (kp === null) return 0;
  memory.copy(dst, kp.priv.dataStart, 48);
  memory.copy(dst + 48, kp.pub.dataStart, 97);
  return 1;
}

// --- RA-TLS certificates ---
import { buildRaTlsCert } from "../../assembly/ratls/build";
import { parseRaTlsCert } from "../../assembly/ratls/parse";
import { reportDataForKey } from "../../assembly/ratls/report_data";
import { resultFor } from "../../assembly/result/map";

// Builds an RA-TLS certificate over a fresh key: returns [priv 48][pub 97][cert DER] (as one
// byte block), or an empty block when signing failed.
export function ratls_build(quotePtr: usize, quoteLen: i32, logPtr: usize, logLen: i32): usize {
  const kp = p384Keygen();
  if (kp === null) return returnBytes(new Uint8Array(0));
  const cert = buildRaTlsCert(kp, bytesIn(quotePtr, <u32>quoteLen), bytesIn(logPtr, <u32>logLen));
  if (cert === null) return returnBytes(new Uint8Array(0));
  const out = new Uint8Array(145 + cert.length);
  out.set(kp.priv, 0);
  out.set(kp.pub, 48);
  out.set(cert!, 145);
  return returnBytes(out);
}

// An RA-TLS certificate over a given key pair (priv 48, pub 97).
export function ratls_build_with(privPtr: usize, pubPtr: usize, quotePtr: usize, quoteLen: i32, logPtr: usize, logLen: i32): usize {
  const kp = new P384KeyPair(bytesIn(privPtr, 48), bytesIn(pubPtr, 97));
  const cert = buildRaTlsCert(kp, bytesIn(quotePtr, <u32>quoteLen), bytesIn(logPtr, <u32>logLen));
  return returnBytes(cert === null ? new Uint8Array(0) : cert);
}

// Parses a certificate: returns [i32 error][i32 result code][u32 quoteLen][quote][u32 logLen][log]
// [pub 97] on success, or [i32 error][i32 result code] and the message on failure.
export function ratls_parse(ptr: usize, len: i32): usize {
  const p = parseRaTlsCert(bytesIn(ptr, <u32>len));
  const c = p.cert;
  if (c === null) {
    const msg = Uint8Array.wrap(String.UTF8.encode(p.message));
    const out = new Uint8Array(8 + msg.length);
    store<i32>(out.dataStart, <i32>p.error);
    store<i32>(out.dataStart, <i32>resultFor(p.error), 4);
    out.set(msg, 8);
    return returnBytes(out);
  }
  const out = new Uint8Array(16 + c.quote.length + c.eventLog.length + 97);
  store<i32>(out.dataStart, 0);
  store<i32>(out.dataStart, 0, 4);
  store<u32>(out.dataStart, c.quote.length, 8);
  out.set(c.quote, 12);
  store<u32>(out.dataStart + <usize>(12 + c.quote.length), c.eventLog.length);
  out.set(c.eventLog, 16 + c.quote.length);
  out.set(c.publicKey, 16 + c.quote.length + c.eventLog.length);
  return returnBytes(out);
}

export function ratls_report_data(pubPtr: usize, dst: usize): void {
  const rd = reportDataForKey(bytesIn(pubPtr, 97));
  memory.copy(dst, rd.dataStart, 64);
}

// --- collateral plans (assembly/session/collateral_fetch.ts) ---

// "<FMSPC upper hex> <ca>" for the quote's PCK chain, or "error: <reason>".
export function collateral_plan(ptr: usize, len: i32): usize {
  const plan = collateralPlanFor(bytesIn(ptr, <u32>len));
  if (plan.fetch === null) return returnString("error: " + plan.error);
  return returnString(toUpperHex(plan.fetch!.fmspc) + " " + plan.fetch!.pckCa);
}

export function collateral_plan_reset(): void {
  resetCollateralPlanMemo();
}
