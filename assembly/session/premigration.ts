// One pre-migration request (migtd.md §2.1), stepped by the main loop so that many run
// interleaved. Stages, each named for what it waits for:
//   CheckBinding   SERVTD_ATTR must be 0 (§1.1), read MIG_ENC_KEY and the version range
//   Quote          fresh P-384 key, TD report binding it, quote from the quote service (§1.7, §2.4)
//   PreSession     V2 only: the pre-session exchange of signed policies (§2.3, presession_exchange.ts)
//   Session        RA-TLS over the transport: handshake with the peer verifier (§2.5), then each
//                  side writes its 40-byte ExchangeInformation and reads the peer's
//   Commit         version negotiation, SERVTD_ATTR again, SERVTD.WR of MIG_VERSION and MIG_DEC_KEY
// Nothing is written into the user TD unless every earlier stage succeeded.
import { MigrationInfo } from "../vmm/migration_info";
import { servtdRead, servtdReadElements, servtdWrite, servtdWriteElements, sysRead } from "../tdx/tdcall";
import {
  FIELD_SERVTD_ATTR, EXPECTED_SERVTD_ATTR, FIELD_MIG_ENC_KEY, FIELD_MIG_DEC_KEY, FIELD_MIG_VERSION,
  FIELD_MIN_EXPORT_VERSION, FIELD_MAX_EXPORT_VERSION, FIELD_MIN_IMPORT_VERSION, FIELD_MAX_IMPORT_VERSION,
} from "../tdx/fields";
import { TDX_SUCCESS } from "../tdx/leaves";
import {
  RESULT_SUCCESS, RESULT_INVALID_PARAMETER, RESULT_TDX_MODULE_ERROR, RESULT_NETWORK_ERROR,
  RESULT_SECURE_SESSION_ERROR, RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_OUT_OF_RESOURCE, RESULT_INVALID_POLICY, resultName,
} from "../result/codes";
import { logError, logInfo, logWarn } from "../util/log";
import { u64Hex } from "../util/hex";
import { trapArmed, disarmTrap } from "./debug_flags";
import { LocalConfig } from "./local_config";
import { Transport, TransportOpener } from "./transport";
import { QuoteFetch, FETCH_PENDING, FETCH_FAILED } from "./quote_fetch";
import { encodeExchangeInfo, decodeExchangeInfo, negotiateVersion, EXCHANGE_INFO_SIZE, ExchangeInfo } from "./exchange_info";
import { MigtdPeerVerifier, QUOTE_VERIFY_TIME_S } from "./peer_verifier";
import { MigtdPeerVerifierV2 } from "./peer_verifier_v2";
import { PreSessionExchange, PRE_SESSION_TIMEOUT_MS } from "./presession_exchange";
import { encodePeerData } from "./presession";
import { resultFor } from "../result/map";
import { p384Keygen, P384KeyPair } from "../crypto/ecdsa";
import { reportDataForKey } from "../ratls/report_data";
import { buildRaTlsCert } from "../ratls/build";
import { TlsEngine } from "../tls/engine";
import { TlsConfig, LocalIdentity, PeerVerifier } from "../tls/config";
import { wipe } from "../crypto/wipe";

export const STEP_RUNNING: i32 = -1;

// migtd.md §2.10: TLS write (handshake included) and read are 60 s each. The channel connects
// without blocking (the host relay holds bytes until the peer joins), so the connection set-up
// counts against the same deadline.
const SESSION_TIMEOUT_MS: i64 = 60_000;
// Quote back-off is at most 31 s of sleep (§1.7); allow that plus the service time.
const QUOTE_TIMEOUT_MS: i64 = 40_000;

const STAGE_CHECK_BINDING: i32 = 0;
const STAGE_QUOTE: i32 = 1;
const STAGE_SESSION: i32 = 2;
const STAGE_COMMIT: i32 = 3;
const STAGE_PRESESSION: i32 = 4; // V2 only, between Quote and Session

export class PreMigration {
  private stage: i32 = STAGE_CHECK_BINDING;
  private ownKey: StaticArray<u64> = new StaticArray<u64>(4);
  private minVersion: u32 = 0;
  private maxVersion: u32 = 0;
  private tlsKey: P384KeyPair | null = null;
  private quote: QuoteFetch | null = null;
  private transport: Transport | null = null;
  private tls: TlsEngine | null = null;
  private verifier: MigtdPeerVerifier | null = null;
  private verifierV2: MigtdPeerVerifierV2 | null = null;
  private pre: PreSessionExchange | null = null;
  private ownQuote: Uint8Array = new Uint8Array(0);
  private received: Uint8Array = new Uint8Array(0);
  private peer: ExchangeInfo | null = null;
  private deadline: i64 = 0;
  private connectedSeen: bool = false;
  private sentInfo: bool = false;

  // `opener` is how this request reaches its peer, as the host interface described it (null: the
  // request named no transport).
  constructor(public info: MigrationInfo, private opener: TransportOpener | null, private local: LocalConfig, private startMs: i64) {}

  private tag(): string { return "request " + u64Hex(this.info.requestId) + ": "; }

  // The earliest time this session needs a turn without an event (0: no timer).
  get wakeAt(): i64 {
    if (this.stage == STAGE_QUOTE && this.quote !== null) {
      const w = this.quote!.wakeAt;
      return w > 0 ? min<i64>(w, this.deadline) : this.deadline;
    }
    return this.deadline;
  }

  // Advances as far as it can without waiting; returns STEP_RUNNING or the final result code.
  step(nowMs: i64): i32 {
    if (trapArmed) {
      disarmTrap();
      logError("debug: forcing a trap while " + this.tag() + "is in flight");
      unreachable();
    }
    let r = STEP_RUNNING;
    if (this.stage == STAGE_CHECK_BINDING) r = this.checkBinding(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_QUOTE) r = this.obtainQuote(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_PRESESSION) r = this.runPreSession(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_SESSION) r = this.runSession(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_COMMIT) r = this.commit();
    if (r != STEP_RUNNING) this.finish(r);
    return r;
  }

  private checkBinding(nowMs: i64): i32 {
    const td = this.info.target;
    const attr = servtdRead(td, FIELD_SERVTD_ATTR);
    if (!attr.ok) { logWarn(this.tag() + "SERVTD.RD(SERVTD_ATTR) failed, status " + u64Hex(attr.status)); return RESULT_TDX_MODULE_ERROR; }
    if (attr.value != EXPECTED_SERVTD_ATTR) { logWarn(this.tag() + "SERVTD_ATTR " + u64Hex(attr.value) + " is not the expected 0"); return RESULT_INVALID_PARAMETER; }
    const key = servtdReadElements(td, FIELD_MIG_ENC_KEY, 4);
    if (!key.ok) { logWarn(this.tag() + "SERVTD.RD(MIG_ENC_KEY) failed, status " + u64Hex(key.status)); return RESULT_TDX_MODULE_ERROR; }
    for (let i = 0; i < 4; i++) { this.ownKey[i] = key.values[i]; key.values[i] = 0; }
    // Source exports, destination imports (§2.1 step 4); values > 0xFFFF are invalid.
    const lo = sysRead(this.info.isSource ? FIELD_MIN_EXPORT_VERSION : FIELD_MIN_IMPORT_VERSION);
    const hi = sysRead(this.info.isSource ? FIELD_MAX_EXPORT_VERSION : FIELD_MAX_IMPORT_VERSION);
    if (!lo.ok || !hi.ok) { logWarn(this.tag() + "SYS.RD of the migration versions failed"); return RESULT_TDX_MODULE_ERROR; }
    if (lo.value > 0xffff || hi.value > 0xffff) { logWarn(this.tag() + "migration version out of range"); return RESULT_INVALID_PARAMETER; }
    this.minVersion = <u32>lo.value;
    this.maxVersion = <u32>hi.value;
    if (this.opener === null) { logWarn(this.tag() + "no STREAM_SOCKET_INFO HOB: no transport to the peer"); return RESULT_INVALID_PARAMETER; }
    if (this.local.invalidPolicy) { logWarn(this.tag() + this.local.problem); return RESULT_INVALID_POLICY; }
    if (!this.local.ready) { logWarn(this.tag() + "cannot attest: " + this.local.problem); return RESULT_MUTUAL_ATTESTATION_ERROR; }
    // §2.4: a fresh key per session; its hash is the quote's REPORTDATA.
    const kp = p384Keygen();
    if (kp === null) { logWarn(this.tag() + "no entropy for the session key"); return RESULT_OUT_OF_RESOURCE; }
    this.tlsKey = kp;
    this.quote = new QuoteFetch(reportDataForKey(kp.pub));
    this.deadline = nowMs + QUOTE_TIMEOUT_MS;
    this.stage = STAGE_QUOTE;
    logInfo(this.tag() + "local checks passed (versions " + this.minVersion.toString() + ".." + this.maxVersion.toString() + "); requesting a quote");
    return STEP_RUNNING;
  }

  private obtainQuote(nowMs: i64): i32 {
    const q = this.quote!;
    const s = q.step(nowMs);
    if (s == FETCH_PENDING) {
      if (nowMs > this.deadline) {
        const why = q.error.length > 0 ? ": " + q.error : "";
        logWarn(this.tag() + "no quote within " + QUOTE_TIMEOUT_MS.toString() + " ms" + why);
        q.release();
        return RESULT_MUTUAL_ATTESTATION_ERROR;
      }
      return STEP_RUNNING;
    }
    if (s == FETCH_FAILED) { logWarn(this.tag() + "quote: " + q.error); return RESULT_MUTUAL_ATTESTATION_ERROR; }
    const quote = q.quote!;
    this.ownQuote = quote;
    const opener = this.opener!;
    this.transport = opener.open();
    if (!this.transport!.ok) { logWarn(this.tag() + this.transport!.error); return this.transport!.errorCode; }
    if (this.local.isV2) {
      // §2.1 step 3 / §2.3: V2 hands each side's signed policy over before TLS.
      this.pre = new PreSessionExchange(encodePeerData(this.local.policy!, this.local.issuerChain!), nowMs);
      this.deadline = nowMs + PRE_SESSION_TIMEOUT_MS;
      this.stage = STAGE_PRESESSION;
      logInfo(this.tag() + "quote obtained (" + quote.length.toString() + " bytes); pre-session exchange with " + opener.describe());
      return STEP_RUNNING;
    }
    return this.startTls(nowMs, null, new Uint8Array(0));
  }

  // Our RA-TLS certificate, the peer verifier (V1, or V2 with what the pre-session exchange
  // gave), and the TLS engine over the open transport; `early` = bytes of the peer's TLS stream
  // that arrived with its last pre-session message.
  private startTls(nowMs: i64, policyHash: Uint8Array | null, early: Uint8Array): i32 {
    const quote = this.ownQuote;
    const cert = buildRaTlsCert(this.tlsKey!, quote, this.local.eventLog!, policyHash);
    if (cert === null) { logWarn(this.tag() + "cannot build the RA-TLS certificate"); return RESULT_SECURE_SESSION_ERROR; }
    let verifier: PeerVerifier;
    if (this.pre !== null) {
      // `self` evaluation info comes from our session quote: freshly made for this request and
      // verified against our own policy's collateral like the peer's (REPORTDATA does not enter
      // the evaluation, so no second quote is fetched).
      const pre = this.pre!;
      const v2 = new MigtdPeerVerifierV2(this.local.policyV2!, this.info.isSource, quote, pre.peer!, pre.peerBlob, QUOTE_VERIFY_TIME_S);
      this.verifierV2 = v2;
      verifier = v2;
    } else {
      const v1 = new MigtdPeerVerifier(this.local, this.info.isSource, quote);
      this.verifier = v1;
      verifier = v1;
    }
    const config = new TlsConfig(new LocalIdentity(this.tlsKey!, cert), verifier);
    // Source MigTD = TLS client, destination = server (§0).
    this.tls = this.info.isSource ? TlsEngine.client(config) : TlsEngine.server(config);
    // The 40 bytes are queued now and leave in one record right after the handshake (§2.1 step 6).
    // The encoding holds our MSK: wiped once the engine has sealed (or queued) it.
    const info = encodeExchangeInfo(this.ownKey, this.minVersion, this.maxVersion);
    this.tls!.writeApp(info);
    wipe(info);
    this.sentInfo = true;
    if (early.length > 0 && this.tls!.feed(early) < 0) return this.tlsFailure();
    this.deadline = nowMs + SESSION_TIMEOUT_MS;
    this.stage = STAGE_SESSION;
    logInfo(this.tag() + (this.pre === null ? "quote obtained (" + quote.length.toString() + " bytes); " : "pre-session exchange done; ") +
      (this.info.isSource ? "TLS client" : "TLS server") + " to " + this.opener!.describe());
    return STEP_RUNNING;
  }

  // §2.3 over the transport, bounded by 60 s (§2.10; a timeout is NetworkError).
  private runPreSession(nowMs: i64): i32 {
    const t = this.transport!;
    const pre = this.pre!;
    for (let round = 0; round < 16; round++) {
      const out = pre.takeOutput();
      if (out.length > 0) t.send(out);
      const moved = t.pump();
      if (t.error.length > 0) { logWarn(this.tag() + t.error); return t.errorCode; }
      const incoming = t.take();
      if (incoming.length > 0) pre.feed(incoming);
      if (pre.failed) { logWarn(this.tag() + pre.failure!.reason); return resultFor(pre.failure!.code); }
      if (pre.done) {
        const rest = pre.takeOutput();
        if (rest.length > 0) t.send(rest);
        return this.startTls(nowMs, pre.ownPolicyHash(), pre.leftover);
      }
      if (t.peerClosed) { logWarn(this.tag() + "peer closed the connection during the pre-session exchange"); return RESULT_NETWORK_ERROR; }
      if (!moved && out.length == 0 && incoming.length == 0) break;
    }
    if (pre.expired(nowMs)) { logWarn(this.tag() + "pre-session exchange timed out"); return RESULT_NETWORK_ERROR; }
    return STEP_RUNNING;
  }

  private verifierDetail(): string {
    if (this.verifierV2 !== null) return this.verifierV2!.detail;
    return this.verifier !== null ? this.verifier!.detail : "";
  }

  private tlsFailure(): i32 {
    const err = this.tls!.error;
    const code = err !== null ? <i32>err.result : RESULT_SECURE_SESSION_ERROR;
    const d = this.verifierDetail();
    const detail = d.length > 0 ? " [" + d + "]" : "";
    logWarn(this.tag() + "secure session failed: " + (err !== null ? err.toString() : "unknown") + detail);
    return code;
  }

  private runSession(nowMs: i64): i32 {
    const t = this.transport!;
    const tls = this.tls!;
    for (let round = 0; round < 64; round++) {
      const out = tls.takeOutput();
      if (out.length > 0) t.send(out);
      t.wantsInput = this.received.length < EXCHANGE_INFO_SIZE;
      const moved = t.pump();
      if (t.error.length > 0) { logWarn(this.tag() + t.error); return t.errorCode; }
      const incoming = t.take();
      if (incoming.length > 0) {
        if (tls.feed(incoming) < 0) return this.tlsFailure();
      }
      if (t.peerClosed && incoming.length == 0) {
        tls.feedEof();
        if (tls.error !== null) return this.tlsFailure();
      }
      if (tls.error !== null) return this.tlsFailure();
      const app = tls.readApp();
      if (app.length > 0) {
        const all = new Uint8Array(this.received.length + app.length);
        all.set(this.received, 0);
        all.set(app, this.received.length);
        wipe(this.received);
        wipe(app);
        this.received = all;
      }
      if (this.received.length >= EXCHANGE_INFO_SIZE && t.pendingOutput == 0) break;
      if (t.peerClosed && this.received.length < EXCHANGE_INFO_SIZE) {
        logWarn(this.tag() + "peer closed the connection before its ExchangeInformation");
        return tls.isHandshakeDone() ? RESULT_NETWORK_ERROR : RESULT_SECURE_SESSION_ERROR;
      }
      if (!moved && out.length == 0 && incoming.length == 0) break;
    }
    if (this.received.length < EXCHANGE_INFO_SIZE || t.pendingOutput > 0) {
      // §1.3: timeouts are NetworkError, during the handshake too (MigTD's 60 s write timeout).
      if (nowMs > this.deadline) { logWarn(this.tag() + "secure session timed out"); return RESULT_NETWORK_ERROR; }
      return STEP_RUNNING;
    }
    // §2.1 step 6: exactly one 40-byte record is expected; anything else is a network error.
    if (this.received.length != EXCHANGE_INFO_SIZE) { logWarn(this.tag() + "peer sent " + this.received.length.toString() + " bytes, not 40"); return RESULT_NETWORK_ERROR; }
    this.peer = decodeExchangeInfo(this.received);
    this.received = new Uint8Array(0);
    if (this.peer === null) { logWarn(this.tag() + "peer ExchangeInformation has non-zero reserved bytes"); return RESULT_INVALID_PARAMETER; }
    logInfo(this.tag() + "attested the peer and exchanged keys (" + this.verifierDetail() + ")");
    this.stage = STAGE_COMMIT;
    return STEP_RUNNING;
  }

  private commit(): i32 {
    const peer = this.peer!;
    // §2.1 step 8: [a, b] = source's export range, [c, d] = destination's import range.
    const v = this.info.isSource
      ? negotiateVersion(this.minVersion, this.maxVersion, peer.minVersion, peer.maxVersion)
      : negotiateVersion(peer.minVersion, peer.maxVersion, this.minVersion, this.maxVersion);
    if (v < 0) { logWarn(this.tag() + "migration version ranges do not overlap"); return RESULT_INVALID_PARAMETER; }
    // §2.1 step 9: SERVTD_ATTR again, then MIG_VERSION and the peer's key as MIG_DEC_KEY.
    const td = this.info.target;
    const attr = servtdRead(td, FIELD_SERVTD_ATTR);
    if (!attr.ok) return RESULT_TDX_MODULE_ERROR;
    if (attr.value != EXPECTED_SERVTD_ATTR) return RESULT_INVALID_PARAMETER;
    const ver = servtdWrite(td, FIELD_MIG_VERSION, <u64>v);
    if (!ver.ok) { logWarn(this.tag() + "SERVTD.WR(MIG_VERSION) failed, status " + u64Hex(ver.status)); return RESULT_TDX_MODULE_ERROR; }
    const status = servtdWriteElements(td, FIELD_MIG_DEC_KEY, peer.key);
    if (status != TDX_SUCCESS) { logWarn(this.tag() + "SERVTD.WR(MIG_DEC_KEY) failed, status " + u64Hex(status)); return RESULT_TDX_MODULE_ERROR; }
    logInfo(this.tag() + "migration version " + v.toString() + " and the peer's key written to the target TD");
    return RESULT_SUCCESS;
  }

  // Releases everything and wipes the session's secrets, whatever the outcome.
  private finish(code: i32): void {
    for (let i = 0; i < 4; i++) this.ownKey[i] = 0;
    if (this.peer !== null) this.peer!.wipe();
    wipe(this.received);
    if (this.tls !== null) this.tls!.close();
    if (this.transport !== null) {
      const out = this.tls !== null ? this.tls!.takeOutput() : new Uint8Array(0);
      if (out.length > 0) { this.transport!.send(out); this.transport!.pump(); }
      this.transport!.close();
    }
    if (this.tlsKey !== null) this.tlsKey!.wipe();
    if (this.quote !== null) this.quote!.release();
    if (code != RESULT_SUCCESS) logInfo(this.tag() + "failed with " + resultName(<u8>code) + "; nothing written to the target TD");
  }
}

export function describeRequest(info: MigrationInfo): void {
  logInfo("request " + u64Hex(info.requestId) + ": StartMigration as " + (info.isSource ? "source" : "destination") +
    ", binding handle " + u64Hex(info.target.handle));
}
