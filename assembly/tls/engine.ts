// The TLS 1.3 engine: sans-I/O (STYLE.md #1). The caller feeds received bytes, takes bytes to
// send, writes and reads application data; the engine never touches a channel, a clock or a
// buffer it does not own. One engine is one connection, client or server.
//
// Record processing (RFC 8446 §5): records are split by RecordReader, opened with the current
// read keys, and their content dispatched: handshake bytes to the joiner and the current state,
// alerts to the alert handler, application data to the caller's buffer once the handshake is done.
// The first error is sticky: the engine sends its alert, wipes its secrets and accepts nothing more.
import { wipe } from "../crypto/wipe";
import * as A from "./alerts";
import { Conn } from "./conn";
import { TlsConfig } from "./config";
import * as K from "./constants";
import { TlsError, TlsErrorCode } from "./errors";
import { resultFor } from "../result/map";
import { RawRecord } from "./record_reader";
import { State } from "./state";
import { buildKeyUpdate, KEY_UPDATE_NOT_REQUESTED, KEY_UPDATE_REQUESTED } from "./messages/finished";
import { startClient } from "./client/expect_server_hello";
import { ExpectClientHello } from "./server/expect_client_hello";

export class TlsEngine {
  private c: Conn;
  private st: State | null = null;

  private constructor(isClient: bool, config: TlsConfig) {
    this.c = new Conn(isClient, config);
  }

  // A client: its ClientHello is ready in takeOutput() at once.
  static client(config: TlsConfig): TlsEngine {
    const e = new TlsEngine(true, config);
    e.st = startClient(e.c);
    return e;
  }

  static server(config: TlsConfig): TlsEngine {
    const e = new TlsEngine(false, config);
    e.st = new ExpectClientHello(false);
    return e;
  }

  // Consumes received bytes. Returns the number of bytes taken (all of them), 0 after close or a
  // peer's close_notify (the bytes are ignored, §6.1), or -code once the engine has failed.
  feed(bytes: Uint8Array): i32 {
    return this.feedRaw(bytes.dataStart, bytes.length);
  }

  feedRaw(ptr: usize, len: i32): i32 {
    const c = this.c;
    if (c.failed) return -(<i32>c.error!.code);
    if (c.localClosed || c.peerClosed) return 0;
    c.records.push(ptr, len);
    while (!c.failed && !c.peerClosed) {
      const rec = c.records.next();
      if (rec === null) {
        if (c.records.error != 0) c.fail(c.records.error, c.records.errorMessage);
        break;
      }
      this.record(rec);
    }
    if (!c.failed) c.flush();
    return c.failed ? -(<i32>c.error!.code) : len;
  }

  // The transport reached end of stream. Before the handshake completes that is a failure
  // (PeerClosed, result 6); afterwards it ends the connection like close_notify, since MigTD
  // closes the transport without one (migtd.md §2.1 step 7).
  feedEof(): void {
    const c = this.c;
    if (c.failed || c.peerClosed) return;
    if (!c.handshakeDone) {
      c.failWith(new TlsError(TlsErrorCode.PeerClosed, -1, resultFor(TlsErrorCode.PeerClosed), "connection closed during the handshake in state " + this.state));
      return;
    }
    c.peerClosed = true;
  }

  // Everything ready to send (records), handed over once.
  takeOutput(): Uint8Array {
    const out = this.c.out.finish();
    this.c.out.clear();
    return out;
  }

  // Queues application data. Before the handshake completes it is held and sent right after it
  // (bounded by MAX_APP_BUFFER). Returns 0, or -code when the engine cannot send.
  writeApp(data: Uint8Array): i32 {
    const c = this.c;
    if (c.failed) return -(<i32>c.error!.code);
    if (c.localClosed) return -(<i32>TlsErrorCode.Closed);
    if (!c.handshakeDone) {
      if (c.appOut.len + data.length > K.MAX_APP_BUFFER) return -(<i32>TlsErrorCode.BufferFull);
      c.appOut.bytes(data);
      return 0;
    }
    if (data.length > 0) c.writeRecords(K.CT_APPLICATION_DATA, data.dataStart, data.length);
    return c.failed ? -(<i32>c.error!.code) : 0;
  }

  // All application data received so far (and decrypted); empty when none.
  readApp(): Uint8Array {
    const q = this.c.appIn;
    return q.take(q.length);
  }

  get state(): string {
    const c = this.c;
    if (c.failed) return "Failed";
    if (c.localClosed) return "Closed";
    if (c.peerClosed) return "PeerClosed";
    const s = this.st;
    return s === null ? "Failed" : s.name();
  }

  get error(): TlsError | null { return this.c.error; }

  isHandshakeDone(): bool { return this.c.handshakeDone && !this.c.failed; }

  // True after the peer's close_notify or end of stream.
  isPeerClosed(): bool { return this.c.peerClosed; }

  peerCertificateDer(): Uint8Array | null { return this.c.peerCert; }

  // Sends a KeyUpdate (RFC 8446 §4.6.3) and moves to the next write keys; `requestPeer` asks the
  // peer to update its own. Returns 0 or -code.
  updateKeys(requestPeer: bool): i32 {
    const c = this.c;
    if (c.failed) return -(<i32>c.error!.code);
    if (c.localClosed || !c.handshakeDone) return -(<i32>TlsErrorCode.Closed);
    c.queueHandshake(buildKeyUpdate(requestPeer ? KEY_UPDATE_REQUESTED : KEY_UPDATE_NOT_REQUESTED), false);
    c.flush();
    c.writeProt!.update();
    return 0;
  }

  // Ends the connection from our side: close_notify when the handshake completed (user_canceled
  // before, §6.1), then every secret is wiped. Idempotent; the first error, if any, stays.
  close(): void {
    const c = this.c;
    if (c.localClosed) return;
    if (!c.failed) {
      c.flush();
      if (c.writeProt !== null || c.out.len > 0) {
        c.sendAlert(c.handshakeDone ? A.ALERT_CLOSE_NOTIFY : A.ALERT_USER_CANCELED);
      }
    }
    c.localClosed = true;
    c.wipeSecrets();
    c.appIn.clear();
  }

  // --- record processing ---

  private record(rec: RawRecord): void {
    const c = this.c;
    const type = rec.type;
    if (type == K.CT_CHANGE_CIPHER_SPEC) {
      // §5: dropped only when it is the single byte 0x01, in the window, and not mid-message.
      if (!c.ccsAllowed || rec.body.length != 1 || rec.body[0] != 1 || c.joiner.pending != 0) {
        c.fail(TlsErrorCode.UnexpectedMessage, "change_cipher_spec record");
      }
      return;
    }
    const prot = c.readProt;
    if (prot === null) {
      if (type == K.CT_APPLICATION_DATA) { c.fail(TlsErrorCode.UnexpectedMessage, "application data before keys"); return; }
      if (rec.body.length > K.MAX_PLAINTEXT) { c.fail(TlsErrorCode.RecordOverflow, "plaintext record over 2^14 bytes"); return; }
      this.content(type, rec.body);
      return;
    }
    if (type == K.CT_ALERT && !c.handshakeDone) {
      // A peer that fails before it installed its handshake keys alerts in the clear; honour it.
      this.content(type, rec.body);
      return;
    }
    if (type != K.CT_APPLICATION_DATA) { c.fail(TlsErrorCode.UnexpectedMessage, "unprotected record after keys are in use"); return; }
    const inner = prot.open(rec.header, rec.body);
    if (inner === null) { c.fail(TlsErrorCode.BadRecordMac, "record does not authenticate"); return; }
    // §5.4: the inner plaintext (content + type) is at most 2^14 + 1 bytes.
    if (inner.content.length > K.MAX_PLAINTEXT) { wipe(inner.content); c.fail(TlsErrorCode.RecordOverflow, "decrypted record over 2^14 bytes"); return; }
    if (inner.type == 0 || inner.type == K.CT_CHANGE_CIPHER_SPEC) { c.fail(TlsErrorCode.UnexpectedMessage, "protected record of type " + inner.type.toString()); return; }
    this.content(inner.type, inner.content);
    if (inner.type == K.CT_APPLICATION_DATA) wipe(inner.content);
  }

  private content(type: u8, body: Uint8Array): void {
    const c = this.c;
    // §5.1: handshake messages may not be interleaved with other record types.
    if (type != K.CT_HANDSHAKE && c.joiner.pending != 0) { c.fail(TlsErrorCode.UnexpectedMessage, "record interleaved with a partial handshake message"); return; }
    if (type == K.CT_HANDSHAKE) this.handshake(body);
    else if (type == K.CT_ALERT) this.alert(body);
    else if (type == K.CT_APPLICATION_DATA) this.appData(body);
    else c.fail(TlsErrorCode.UnexpectedMessage, "record of type " + type.toString());
  }

  private handshake(body: Uint8Array): void {
    const c = this.c;
    // §5.1: zero-length handshake fragments are not allowed.
    if (body.length == 0) { c.fail(TlsErrorCode.UnexpectedMessage, "empty handshake record"); return; }
    c.joiner.push(body);
    while (!c.failed) {
      if (c.joiner.tooLarge()) { c.fail(TlsErrorCode.HandshakeTooLarge, "handshake message over " + K.MAX_HANDSHAKE_MESSAGE.toString() + " bytes"); return; }
      const m = c.joiner.next();
      if (m === null) return;
      const s = this.st;
      if (s === null) { c.fail(TlsErrorCode.UnexpectedMessage, "no handshake expected"); return; }
      this.st = s.handle(c, m);
      if (this.st === null && !c.failed) c.fail(TlsErrorCode.UnexpectedMessage, "handshake stopped");
    }
  }

  private alert(body: Uint8Array): void {
    const c = this.c;
    if (body.length != 2) { c.fail(TlsErrorCode.DecodeError, "malformed alert"); return; }
    const desc = body[1];
    if (desc == A.ALERT_CLOSE_NOTIFY) {
      // §6.1: the peer will send nothing more. Before the handshake completes that is a failure.
      if (!c.handshakeDone) {
        c.failWith(new TlsError(TlsErrorCode.PeerClosed, -1, resultFor(TlsErrorCode.PeerClosed), "peer sent close_notify during the handshake"));
        return;
      }
      c.peerClosed = true;
      return;
    }
    // §6: every other alert (user_canceled aside, which is followed by close_notify) is fatal.
    if (desc == A.ALERT_USER_CANCELED) return;
    c.failWith(new TlsError(TlsErrorCode.PeerAlert, desc, resultFor(TlsErrorCode.PeerAlert), "peer sent " + A.alertName(desc), true));
  }

  private appData(body: Uint8Array): void {
    const c = this.c;
    if (!c.handshakeDone) { c.fail(TlsErrorCode.UnexpectedMessage, "application data during the handshake"); return; }
    if (c.appIn.length + body.length > K.MAX_APP_BUFFER) { c.fail(TlsErrorCode.BufferFull, "unread application data over the limit"); return; }
    c.appIn.pushBytes(body);
  }
}
