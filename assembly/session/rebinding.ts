// One V2 rebinding request (migtd.md §2.9; RAW StartRebinding, op 2), stepped by the main loop:
// the user TD's binding moves from the MigTD bound now ("old", migration_source = 1, TLS client)
// to another MigTD on the same platform ("new", TLS server). Stages:
//   Check       init TDINFO (§3.6) if the VMM gave one; a fresh P-384 key and a TD report binding
//               it; the old MigTD reads the binding's SERVTD_EXT (TDG.SERVTD.RD)
//   PreSession  the signed policies, as before a migration (§2.3)
//   Session     RA-TLS with TD reports (rebind/peer_verifier.ts); then the old MigTD sends a
//               32-byte random token in one record, the new one reads it
//   Commit      old: TDG.SERVTD.REBIND.APPROVE with the token, once the record has left;
//               new: TDG.VM.WR of REBIND_ACCEPT_TOKEN, REBIND_ATTR (= SERVTD_EXT.cur_servtd_attr)
//               and ACCEPT_SERVTD_EXT_HASH (= SHA-384 of SERVTD_EXT with cur_* zeroed)
// The TDX module completes the rebinding only when the approval and acceptance tokens match.
// Nothing is approved or written unless every earlier stage succeeded. The whole exchange is
// bounded by 60 s (§2.10; a timeout is NetworkError).
import { MigrationInfo } from "../vmm/migration_info";
import { random } from "../abi";
import { mrReport, servtdReadElements, vmWrite, vmWriteElements, verifyReportMac, servtdRebindApprove } from "../tdx/tdcall";
import {
  FIELD_SERVTD_INIT_SERVTD_INFO_HASH, FIELD_SERVTD_INIT_ATTR, FIELD_INIT_CPUSVN, FIELD_INIT_TEE_TCB_SVN, FIELD_INIT_TEE_MODEL,
  FIELD_SERVTD_INFO_HASH, FIELD_SERVTD_ATTR, FIELD_SERVTD_REBIND_ACCEPT_TOKEN, FIELD_SERVTD_REBIND_ATTR,
  FIELD_SERVTD_ACCEPT_SERVTD_EXT_HASH,
} from "../tdx/fields";
import { TDX_SUCCESS } from "../tdx/leaves";
import { TDINFO_OFFSET, TDINFO_SIZE } from "../tdx/report";
import {
  RESULT_SUCCESS, RESULT_NETWORK_ERROR, RESULT_SECURE_SESSION_ERROR, RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_OUT_OF_RESOURCE,
  RESULT_INVALID_POLICY, RESULT_TDX_MODULE_ERROR, resultName,
} from "../result/codes";
import { RebindError } from "../result/rebind";
import { PolicyV2Error, policyV2ErrorName } from "../result/policy_v2";
import { resultFor } from "../result/map";
import { logInfo, logWarn } from "../util/log";
import { u64Hex } from "../util/hex";
import { wipe } from "../crypto/wipe";
import { p384Keygen, P384KeyPair } from "../crypto/ecdsa";
import { reportDataForKey } from "../ratls/report_data";
import { buildRebindCert } from "../ratls/build";
import { TlsEngine } from "../tls/engine";
import { TlsConfig, LocalIdentity } from "../tls/config";
import { checkInitTdInfo } from "../policy_v2/owner";
import { SERVTD_EXT_SIZE, SE_INIT_SERVTD_INFO_HASH, SE_INIT_ATTR, SE_INIT_CPUSVN, SE_INIT_TEE_TCB_SVN, SE_INIT_TEE_MODEL, SE_CUR_SERVTD_INFO_HASH, SE_CUR_SERVTD_ATTR, acceptExtHash, extAttr } from "../rebind/servtd_ext";
import { ReportMacCheck } from "../rebind/report_check";
import { RebindPeerVerifier } from "../rebind/peer_verifier";
import { RequestSession, STEP_RUNNING } from "./request_session";
import { LocalConfig } from "./local_config";
import { Transport, TransportOpener } from "./transport";
import { PreSessionExchange } from "./presession_exchange";
import { encodePeerData } from "./presession";
import { pumpPreSession, PRE_DONE, PRE_RUNNING } from "./presession_pump";

// §2.10: rebinding 60 s.
const REBIND_TIMEOUT_MS: i64 = 60_000;
export const REBIND_TOKEN_SIZE: i32 = 32;

const STAGE_CHECK: i32 = 0;
const STAGE_PRESESSION: i32 = 1;
const STAGE_SESSION: i32 = 2;

class TdcallMacCheck extends ReportMacCheck {
  verify(macStruct: Uint8Array): u64 { return verifyReportMac(macStruct); }
}

export class Rebinding extends RequestSession {
  private stage: i32 = STAGE_CHECK;
  private key: P384KeyPair | null = null;
  private report: Uint8Array | null = null;
  private ext: Uint8Array | null = null; // old: the binding's SERVTD_EXT
  private transport: Transport | null = null;
  private pre: PreSessionExchange | null = null;
  private tls: TlsEngine | null = null;
  private verifier: RebindPeerVerifier | null = null;
  private token: Uint8Array = new Uint8Array(0); // old: ours; new: what arrived
  private tokenQueued: bool = false;
  private deadline: i64 = 0;

  constructor(info: MigrationInfo, private opener: TransportOpener | null, private local: LocalConfig) { super(info); }

  private get isOld(): bool { return this.info.isSource; }
  private tag(): string { return "request " + u64Hex(this.info.requestId) + ": rebinding: "; }

  // Logs a problem; the first one is the ASCII error text StartRebinding's ReportStatus carries
  // (§1.6).
  private warn(text: string): void {
    logWarn(this.tag() + text);
    if (this.errorText.length == 0) this.errorText = text;
  }

  get wakeAt(): i64 { return this.deadline; }

  step(nowMs: i64): i32 {
    let r = STEP_RUNNING;
    if (this.stage == STAGE_CHECK) r = this.check(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_PRESESSION) r = this.runPreSession(nowMs);
    if (r == STEP_RUNNING && this.stage == STAGE_SESSION) r = this.runSession(nowMs);
    if (r != STEP_RUNNING) this.finish(r);
    return r;
  }

  private check(nowMs: i64): i32 {
    const policy = this.local.policyV2;
    if (policy === null) { this.warn("no verified policy v2: " + this.local.problem); return RESULT_INVALID_POLICY; }
    const init = this.info.initTdInfo;
    if (init !== null) {
      const f = checkInitTdInfo(policy, init);
      if (f !== null) { this.warn(f.reason + " (" + policyV2ErrorName(<PolicyV2Error>f.code) + ")"); return resultFor(f.code); }
    }
    if (this.opener === null) { this.warn("no transport to the peer"); return RESULT_NETWORK_ERROR; }
    if (!this.local.ready) { this.warn("cannot attest: " + this.local.problem); return RESULT_MUTUAL_ATTESTATION_ERROR; }
    const kp = p384Keygen();
    if (kp === null) { this.warn("no entropy for the session key"); return RESULT_OUT_OF_RESOURCE; }
    this.key = kp;
    // §2.9: the certificate carries a TD report whose REPORTDATA binds the key (as a quote's does).
    const rep = mrReport(reportDataForKey(kp.pub));
    if (!rep.ok) { this.warn("TDG.MR.REPORT failed, status " + u64Hex(rep.status)); return RESULT_TDX_MODULE_ERROR; }
    this.report = rep.bytes;
    if (this.isOld) {
      const r = this.readServtdExt();
      if (r != STEP_RUNNING) return r;
    }
    const t = this.opener!.open();
    this.transport = t;
    if (!t.ok) { this.warn(t.error); return t.errorCode; }
    this.pre = new PreSessionExchange(encodePeerData(this.local.policy!, this.local.issuerChain!), nowMs);
    this.deadline = nowMs + REBIND_TIMEOUT_MS;
    this.stage = STAGE_PRESESSION;
    logInfo(this.tag() + "as " + (this.isOld ? "the old MigTD (TLS client)" : "the new MigTD (TLS server)") + "; pre-session exchange with " + this.opener!.describe());
    return STEP_RUNNING;
  }

  // The old MigTD reads what the module keeps about the binding (§3.7) with TDG.SERVTD.RD.
  private readServtdExt(): i32 {
    const ext = new Uint8Array(SERVTD_EXT_SIZE);
    if (!this.readInto(ext, SE_INIT_SERVTD_INFO_HASH, FIELD_SERVTD_INIT_SERVTD_INFO_HASH, 6, 8) ||
        !this.readInto(ext, SE_INIT_ATTR, FIELD_SERVTD_INIT_ATTR, 1, 8) ||
        !this.readInto(ext, SE_INIT_CPUSVN, FIELD_INIT_CPUSVN, 2, 8) ||
        !this.readInto(ext, SE_INIT_TEE_TCB_SVN, FIELD_INIT_TEE_TCB_SVN, 2, 8) ||
        !this.readInto(ext, SE_INIT_TEE_MODEL, FIELD_INIT_TEE_MODEL, 3, 4) ||
        !this.readInto(ext, SE_CUR_SERVTD_INFO_HASH, FIELD_SERVTD_INFO_HASH, 6, 8) ||
        !this.readInto(ext, SE_CUR_SERVTD_ATTR, FIELD_SERVTD_ATTR, 1, 8)) {
      return resultFor(RebindError.ServtdExtReadFailed);
    }
    this.ext = ext;
    return STEP_RUNNING;
  }

  // `count` elements of `width` bytes (the field id's element size) at base + i.
  private readInto(ext: Uint8Array, off: i32, base: u64, count: i32, width: i32): bool {
    const r = servtdReadElements(this.info.target, base, count);
    if (!r.ok) { this.warn("SERVTD.RD(0x" + base.toString(16) + ") failed, status " + u64Hex(r.status)); return false; }
    for (let i = 0; i < count; i++) {
      const v = r.values[i];
      for (let b = 0; b < width; b++) ext[off + i * width + b] = <u8>(v >> (8 * <u64>b));
    }
    return true;
  }

  private runPreSession(nowMs: i64): i32 {
    const pre = this.pre!;
    const r = pumpPreSession(this.transport!, pre);
    if (r.code == PRE_DONE) return this.startTls(pre.leftover);
    if (r.code != PRE_RUNNING) { this.warn(r.why); return r.code; }
    if (nowMs > this.deadline) { this.warn("pre-session exchange timed out"); return RESULT_NETWORK_ERROR; }
    return STEP_RUNNING;
  }

  private startTls(early: Uint8Array): i32 {
    const pre = this.pre!;
    const report = this.report!;
    const ownTdInfo = report.slice(TDINFO_OFFSET, TDINFO_OFFSET + TDINFO_SIZE);
    // The old MigTD names the MigTD first bound to the user TD: the VMM's init TDINFO when it gave
    // one, else its own (it is then the initially bound MigTD).
    const init = this.isOld ? (this.info.initTdInfo !== null ? this.info.initTdInfo! : ownTdInfo) : null;
    const cert = buildRebindCert(this.key!, report, this.local.eventLog!, pre.ownPolicyHash(), this.isOld ? this.ext : null, init);
    if (cert === null) { this.warn("cannot build the rebinding certificate"); return RESULT_SECURE_SESSION_ERROR; }
    const v = new RebindPeerVerifier(this.local.policyV2!, this.isOld, ownTdInfo, pre.peer!.policy, pre.peer!.chain, pre.peerBlob, new TdcallMacCheck());
    this.verifier = v;
    const config = new TlsConfig(new LocalIdentity(this.key!, cert), v);
    this.tls = this.isOld ? TlsEngine.client(config) : TlsEngine.server(config);
    if (early.length > 0 && this.tls!.feed(early) < 0) return this.tlsFailure();
    this.stage = STAGE_SESSION;
    logInfo(this.tag() + "pre-session exchange done; TLS with TD reports");
    return STEP_RUNNING;
  }

  private tlsFailure(): i32 {
    const err = this.tls!.error;
    const code = err !== null ? <i32>err.result : RESULT_SECURE_SESSION_ERROR;
    const d = this.verifier !== null ? this.verifier!.detail : "";
    this.warn("secure session failed: " + (err !== null ? err.toString() : "unknown") + (d.length > 0 ? " [" + d + "]" : ""));
    return code;
  }

  private runSession(nowMs: i64): i32 {
    const t = this.transport!;
    const tls = this.tls!;
    for (let round = 0; round < 64; round++) {
      if (this.isOld && !this.tokenQueued && tls.isHandshakeDone()) {
        const q = this.queueToken();
        if (q != STEP_RUNNING) return q;
      }
      const out = tls.takeOutput();
      if (out.length > 0) t.send(out);
      t.wantsInput = !this.isOld ? this.token.length < REBIND_TOKEN_SIZE : !tls.isHandshakeDone();
      const moved = t.pump();
      if (t.error.length > 0) { this.warn(t.error); return t.errorCode; }
      const incoming = t.take();
      if (incoming.length > 0 && tls.feed(incoming) < 0) return this.tlsFailure();
      if (t.peerClosed && incoming.length == 0) {
        tls.feedEof();
        if (tls.error !== null) return this.tlsFailure();
      }
      if (tls.error !== null) return this.tlsFailure();
      if (!this.isOld) {
        const app = tls.readApp();
        if (app.length > 0) {
          const all = new Uint8Array(this.token.length + app.length);
          all.set(this.token, 0);
          all.set(app, this.token.length);
          wipe(this.token);
          wipe(app);
          this.token = all;
        }
        if (this.token.length > REBIND_TOKEN_SIZE) { this.warn("the rebind token record holds " + this.token.length.toString() + " bytes, not 32"); return resultFor(RebindError.TokenLength); }
        if (this.token.length == REBIND_TOKEN_SIZE && tls.isHandshakeDone()) return this.accept();
      } else if (this.tokenQueued && out.length == 0 && t.pendingOutput == 0) {
        return this.approve();
      }
      if (t.peerClosed) { this.warn("peer closed the connection before the rebinding completed"); return tls.isHandshakeDone() ? RESULT_NETWORK_ERROR : RESULT_SECURE_SESSION_ERROR; }
      if (!moved && out.length == 0 && incoming.length == 0) break;
    }
    if (nowMs > this.deadline) { this.warn("timed out"); return RESULT_NETWORK_ERROR; }
    return STEP_RUNNING;
  }

  // Old MigTD: a fresh random token, one TLS record (§2.9).
  private queueToken(): i32 {
    const token = new Uint8Array(REBIND_TOKEN_SIZE);
    if (random(token.dataStart, <u32>token.length) != 0) { this.warn("no entropy for the rebind token"); return RESULT_OUT_OF_RESOURCE; }
    this.token = token;
    if (this.tls!.writeApp(token) < 0) { this.warn("cannot queue the rebind token"); return RESULT_SECURE_SESSION_ERROR; }
    this.tokenQueued = true;
    logInfo(this.tag() + "peer accepted (" + this.verifier!.detail + "); rebind token sent");
    return STEP_RUNNING;
  }

  // Old MigTD, once the token has left: approve the hand-over of this binding to its holder.
  private approve(): i32 {
    const status = servtdRebindApprove(this.info.target, this.token);
    if (status != TDX_SUCCESS) { this.warn("TDG.SERVTD.REBIND.APPROVE failed, status " + u64Hex(status)); return resultFor(RebindError.ApproveFailed); }
    logInfo(this.tag() + "approved the rebinding of binding handle " + u64Hex(this.info.target.handle));
    return RESULT_SUCCESS;
  }

  // New MigTD: accept the binding the old MigTD described, with its token (§2.9).
  private accept(): i32 {
    const ext = this.verifier!.handedExt!;
    const words = new StaticArray<u64>(4);
    for (let i = 0; i < 4; i++) words[i] = load<u64>(this.token.dataStart + 8 * <usize>i);
    let status = vmWriteElements(FIELD_SERVTD_REBIND_ACCEPT_TOKEN, words);
    for (let i = 0; i < 4; i++) words[i] = 0;
    if (status == TDX_SUCCESS) status = vmWrite(FIELD_SERVTD_REBIND_ATTR, extAttr(ext, SE_CUR_SERVTD_ATTR)).status;
    if (status == TDX_SUCCESS) {
      const h = acceptExtHash(ext);
      const hw = new StaticArray<u64>(6);
      for (let i = 0; i < 6; i++) hw[i] = load<u64>(h.dataStart + 8 * <usize>i);
      status = vmWriteElements(FIELD_SERVTD_ACCEPT_SERVTD_EXT_HASH, hw);
    }
    if (status != TDX_SUCCESS) { this.warn("TDG.VM.WR of the accept fields failed, status " + u64Hex(status)); return resultFor(RebindError.AcceptWriteFailed); }
    logInfo(this.tag() + "peer accepted (" + this.verifier!.detail + "); accept token, REBIND_ATTR and SERVTD_EXT hash written");
    return RESULT_SUCCESS;
  }

  private finish(code: i32): void {
    wipe(this.token);
    if (this.tls !== null) this.tls!.close();
    if (this.transport !== null) {
      const out = this.tls !== null ? this.tls!.takeOutput() : new Uint8Array(0);
      if (out.length > 0) { this.transport!.send(out); this.transport!.pump(); }
      this.transport!.close();
    }
    if (this.key !== null) this.key!.wipe();
    if (code != RESULT_SUCCESS) logInfo(this.tag() + "failed with " + resultName(<u8>code) + (this.isOld ? "; no approval given" : "; nothing written"));
  }
}
