// One pre-migration request (migtd.md §2.1), stepped by the main loop so that many run
// interleaved. Stages, each named for what it waits for:
//   CheckBinding   SERVTD_ATTR must be 0 (§1.1), read MIG_ENC_KEY and the version range
//   Quote          fresh P-384 key, TD report binding it, quote from the quote service (§1.7, §2.4)
//   Collateral     PCS collateral for our quote's FMSPC from the host (GET_COLLATERAL, §1.7, §2.5
//                  V1), fetched once and used for both quotes of the session
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
import { u64Hex, toUpperHex } from "../util/hex";
import { isoTime } from "../der/time";
import { trapArmed, disarmTrap } from "./debug_flags";
import { LocalConfig } from "./local_config";
import { Transport, TransportOpener } from "./transport";
import { QuoteFetch, FETCH_PENDING, FETCH_FAILED } from "./quote_fetch";
import { encodeExchangeInfo, decodeExchangeInfo, negotiateVersion, EXCHANGE_INFO_SIZE, ExchangeInfo } from "./exchange_info";
import { MigtdPeerVerifier } from "./peer_verifier";
import { CollateralFetch, collateralPlanFor } from "./collateral_fetch";
import { SessionCollateral } from "./session_attest";
import { judgementTime } from "./time_floor";
import { MigtdPeerVerifierV2 } from "./peer_verifier_v2";
import { PreSessionExchange, PRE_SESSION_TIMEOUT_MS } from "./presession_exchange";
import { encodePeerData } from "./presession";
import { pumpPreSession, PRE_DONE, PRE_RUNNING } from "./presession_pump";
import { resultFor } from "../result/map";
import { p384Keygen, P384KeyPair } from "../crypto/ecdsa";
import { reportDataForKey } from "../ratls/report_data";
import { buildRaTlsCert } from "../ratls/build";
import { TlsEngine } from "../tls/engine";
import { TlsConfig, LocalIdentity, PeerVerifier } from "../tls/config";
import { wipe } from "../crypto/wipe";
import { checkInitTdInfo, policySvnOf } from "../policy_v2/owner";
import { PolicyV2Error, policyV2ErrorName } from "../result/policy_v2";
import { TI_MROWNERCONFIG } from "../tdx/report";

import { RequestSession, STEP_RUNNING } from "./request_session";
export { STEP_RUNNING };

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
const STAGE_COLLATERAL: i32 = 4; // V1 only, between Quote and Session
// GET_COLLATERAL shares the quote service's back-off; allow it the same time.
const COLLATERAL_TIMEOUT_MS: i64 = 40_000;
const STAGE_PRESESSION: i32 = 5; // V2 only, between Quote and Session

export class PreMigration extends RequestSession {
  private stage: i32 = STAGE_CHECK_BINDING;
  private ownKey: StaticArray<u64> = new StaticArray<u64>(4);
  private minVersion: u32 = 0;
  private maxVersion: u32 = 0;
  private tlsKey: P384KeyPair | null = null;
  private quote: QuoteFetch | null = null;
  private ownQuote: Uint8Array | null = null;
  private collateral: CollateralFetch | null = null;
  private sc: SessionCollateral | null = null;
  private peerFetchLogged: bool = false;
  private transport: Transport | null = null;
  private tls: TlsEngine | null = null;
  private verifier: MigtdPeerVerifier | null = null;
  private verifierV2: MigtdPeerVerifierV2 | null = null;
  private pre: PreSessionExchange | null = null;
  private received: Uint8Array = new Uint8Array(0);
  private peer: ExchangeInfo | null = null;
  private deadline: i64 = 0;
  private connectedSeen: bool = false;
  private sentInfo: bool = false;

  // `opener` is how this request reaches its peer, as the host interface described it (null: the
  // request named no transport).
  constructor(info: MigrationInfo, private opener: TransportOpener | null, private local: LocalConfig, private startMs: i64) { super(info); }

  private tag(): string { return "request " + u64Hex(this.info.requestId) + ": "; }

  // The earliest time this session needs a turn without an event (0: no timer).
  get wakeAt(): i64 {
    if (this.stage == STAGE_QUOTE && this.quote !== null) {
      const w = this.quote!.wakeAt;
      return w > 0 ? min<i64>(w, this.deadline) : this.deadline;
    }
    if (this.stage == STAGE_COLLATERAL && this.collateral !== null) {
      const w = this.collateral!.wakeAt;
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
    if (r == STEP_RUNNING && this.stage == STAGE_COLLATERAL) r = this.obtainCollateral(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_PRESESSION) r = this.runPreSession(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_SESSION) r = this.runSession(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_COMMIT) r = this.commit();
    if (r != STEP_RUNNING) this.finish(r);
    return r;
  }

  private checkBinding(nowMs: i64): i32 {
    // §2.1 step 1: V2 with init data: the initially bound MigTD must be ours (§3.6), else 8.
    const init = this.info.initTdInfo;
    if (init !== null) {
      const policy = this.local.policyV2;
      if (policy === null) { logWarn(this.tag() + "init TDINFO given but no verified policy v2: " + this.local.problem); return RESULT_INVALID_POLICY; }
      const f = checkInitTdInfo(policy, init);
      if (f !== null) { logWarn(this.tag() + f.reason + " (" + policyV2ErrorName(<PolicyV2Error>f.code) + ")"); return resultFor(f.code); }
      logInfo(this.tag() + "init TDINFO is bound to our policy signer (policySvn " + policySvnOf(init.subarray(TI_MROWNERCONFIG, TI_MROWNERCONFIG + 48)).toString() + ")");
    }
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
    if (this.local.isV2) {
      // §2.1 step 3 / §2.3: V2 hands each side's signed policy over before TLS; its collateral
      // travels in the policy, so nothing is fetched from the host.
      const opener = this.opener!;
      this.transport = opener.open();
      if (!this.transport!.ok) { logWarn(this.tag() + this.transport!.error); return this.transport!.errorCode; }
      this.pre = new PreSessionExchange(encodePeerData(this.local.policy!, this.local.issuerChain!), nowMs);
      this.deadline = nowMs + PRE_SESSION_TIMEOUT_MS;
      this.stage = STAGE_PRESESSION;
      logInfo(this.tag() + "quote obtained (" + quote.length.toString() + " bytes); pre-session exchange with " + opener.describe());
      return STEP_RUNNING;
    }
    const plan = collateralPlanFor(quote);
    if (plan.fetch === null) { logWarn(this.tag() + "collateral: " + plan.error); return RESULT_MUTUAL_ATTESTATION_ERROR; }
    this.collateral = plan.fetch;
    this.deadline = nowMs + COLLATERAL_TIMEOUT_MS;
    this.stage = STAGE_COLLATERAL;
    logInfo(this.tag() + "quote obtained (" + quote.length.toString() + " bytes); requesting collateral for FMSPC " + toUpperHex(plan.fetch!.fmspc) + " (" + plan.fetch!.pckCa + " CA)");
    return STEP_RUNNING;
  }

  private obtainCollateral(nowMs: i64): i32 {
    const f = this.collateral!;
    const s = f.step(nowMs);
    if (s == FETCH_PENDING) {
      if (nowMs > this.deadline) {
        const why = f.error.length > 0 ? ": " + f.error : "";
        logWarn(this.tag() + "no collateral within " + COLLATERAL_TIMEOUT_MS.toString() + " ms" + why);
        f.release();
        return RESULT_MUTUAL_ATTESTATION_ERROR;
      }
      return STEP_RUNNING;
    }
    if (s == FETCH_FAILED) { logWarn(this.tag() + "collateral: " + f.error); return RESULT_MUTUAL_ATTESTATION_ERROR; }
    const sc = SessionCollateral.of(this.local.rootCa!, f.collateral!);
    return this.startSession(nowMs, sc);
  }

  private startSession(nowMs: i64, sc: SessionCollateral): i32 {
    const quote = this.ownQuote!;
    const eventLog = this.local.eventLog!;
    const cert = buildRaTlsCert(this.tlsKey!, quote, eventLog);
    if (cert === null) { logWarn(this.tag() + "cannot build the RA-TLS certificate"); return RESULT_SECURE_SESSION_ERROR; }
    const verifier = new MigtdPeerVerifier(this.local, this.info.isSource, quote, sc);
    this.verifier = verifier;
    const config = new TlsConfig(new LocalIdentity(this.tlsKey!, cert), verifier);
    // Source MigTD = TLS client, destination = server (§0).
    this.tls = this.info.isSource ? TlsEngine.client(config) : TlsEngine.server(config);
    const opener = this.opener!;
    this.transport = opener.open();
    if (!this.transport!.ok) { logWarn(this.tag() + this.transport!.error); return this.transport!.errorCode; }
    // The 40 bytes leave in one record once the handshake is done and the peer fully judged
    // (afterHandshake; §2.1 step 6).
    this.sc = sc;
    this.deadline = nowMs + SESSION_TIMEOUT_MS;
    this.stage = STAGE_SESSION;
    logInfo(this.tag() + "collateral obtained, judging validity at " + isoTime(sc.at) + "; " + (this.info.isSource ? "TLS client" : "TLS server") +
      " to " + opener.describe());
    return STEP_RUNNING;
  }

  // V2: our RA-TLS certificate (with the policy hash), the V2 peer verifier with what the
  // pre-session exchange gave, and the TLS engine over the open transport; `early` = bytes of the
  // peer's TLS stream that arrived with its last pre-session message. Quotes are judged at the
  // time the policy's own collateral gives (time_floor.ts), as V1 judges at its fetched set's.
  private startTls(nowMs: i64, policyHash: Uint8Array | null, early: Uint8Array): i32 {
    const quote = this.ownQuote!;
    const cert = buildRaTlsCert(this.tlsKey!, quote, this.local.eventLog!, policyHash);
    if (cert === null) { logWarn(this.tag() + "cannot build the RA-TLS certificate"); return RESULT_SECURE_SESSION_ERROR; }
    // `self` evaluation info comes from our session quote: freshly made for this request and
    // verified against our own policy's collateral like the peer's (REPORTDATA does not enter
    // the evaluation, so no second quote is fetched).
    const pre = this.pre!;
    const policy = this.local.policyV2!;
    const at = judgementTime(policy.rootCa, policy.collateral);
    const v2 = new MigtdPeerVerifierV2(policy, this.info.isSource, quote, pre.peer!, pre.peerBlob, at);
    this.verifierV2 = v2;
    const config = new TlsConfig(new LocalIdentity(this.tlsKey!, cert), v2);
    // Source MigTD = TLS client, destination = server (§0).
    this.tls = this.info.isSource ? TlsEngine.client(config) : TlsEngine.server(config);
    // The 40 bytes leave in one record once the handshake is done (afterHandshake; §2.1 step 6).
    if (early.length > 0 && this.tls!.feed(early) < 0) return this.tlsFailure();
    this.deadline = nowMs + SESSION_TIMEOUT_MS;
    this.stage = STAGE_SESSION;
    logInfo(this.tag() + "pre-session exchange done; judging validity at " + isoTime(at) + "; " +
      (this.info.isSource ? "TLS client" : "TLS server") + " to " + this.opener!.describe());
    return STEP_RUNNING;
  }

  // §2.3 over the transport, bounded by 60 s (§2.10; a timeout is NetworkError).
  private runPreSession(nowMs: i64): i32 {
    const pre = this.pre!;
    const r = pumpPreSession(this.transport!, pre);
    if (r.code == PRE_DONE) return this.startTls(nowMs, pre.ownPolicyHash(), pre.leftover);
    if (r.code != PRE_RUNNING) { logWarn(this.tag() + r.why); return r.code; }
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

  // Once the handshake is done: finish a deferred peer check (a peer on another FMSPC: fetch its
  // collateral first), then queue our ExchangeInformation. Returns STEP_RUNNING or a failure code;
  // sentInfo tells whether the record is queued.
  private afterHandshake(nowMs: i64): i32 {
    // V2 judges the peer inside the handshake with its policy's collateral: nothing is deferred.
    const v = this.verifier;
    const f = v !== null ? v.deferredFetch : null;
    if (v !== null && f !== null) {
      if (!this.peerFetchLogged) {
        this.peerFetchLogged = true;
        logInfo(this.tag() + "peer on FMSPC " + toUpperHex(f.fmspc) + "; requesting its collateral (" + f.pckCa + " CA)");
      }
      const s = f.step(nowMs);
      if (s == FETCH_PENDING) return STEP_RUNNING;
      if (s == FETCH_FAILED) { logWarn(this.tag() + "collateral for the peer's FMSPC: " + f.error); return RESULT_MUTUAL_ATTESTATION_ERROR; }
      const own = this.sc!;
      const peerSc = SessionCollateral.of(this.local.rootCa!, f.collateral!);
      // Both quotes are judged at one instant, the later of the two sets' (time_floor.ts).
      if (own.at > peerSc.at) peerSc.at = own.at;
      const out = v.completeDeferred(peerSc);
      if (!out.ok) { logWarn(this.tag() + "peer refused after the handshake: " + out.message); return <i32>out.code; }
    }
    // The record holds our MSK: the engine keeps its own copy (wiped on close), this one goes now.
    const info = encodeExchangeInfo(this.ownKey, this.minVersion, this.maxVersion);
    const queued = this.tls!.writeApp(info);
    wipe(info);
    if (queued < 0) { logWarn(this.tag() + "cannot queue the ExchangeInformation"); return RESULT_SECURE_SESSION_ERROR; }
    this.sentInfo = true;
    return STEP_RUNNING;
  }

  private runSession(nowMs: i64): i32 {
    const t = this.transport!;
    const tls = this.tls!;
    for (let round = 0; round < 64; round++) {
      if (!this.sentInfo && tls.isHandshakeDone()) {
        const a = this.afterHandshake(nowMs);
        if (a != STEP_RUNNING) return a;
      }
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
      if (this.sentInfo && this.received.length >= EXCHANGE_INFO_SIZE && t.pendingOutput == 0) break;
      if (t.peerClosed && this.received.length < EXCHANGE_INFO_SIZE) {
        logWarn(this.tag() + "peer closed the connection before its ExchangeInformation");
        return tls.isHandshakeDone() ? RESULT_NETWORK_ERROR : RESULT_SECURE_SESSION_ERROR;
      }
      if (!moved && out.length == 0 && incoming.length == 0) break;
    }
    if (!this.sentInfo || this.received.length < EXCHANGE_INFO_SIZE || t.pendingOutput > 0) {
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
    if (this.collateral !== null) this.collateral!.release();
    if (this.verifier !== null && this.verifier!.deferredFetch !== null) this.verifier!.deferredFetch!.release();
    if (code != RESULT_SUCCESS) logInfo(this.tag() + "failed with " + resultName(<u8>code) + "; nothing written to the target TD");
  }
}

export function describeRequest(info: MigrationInfo): void {
  logInfo("request " + u64Hex(info.requestId) + ": StartMigration as " + (info.isSource ? "source" : "destination") +
    ", binding handle " + u64Hex(info.target.handle) + (info.initTdInfo !== null ? ", with init TDINFO" : ""));
}
