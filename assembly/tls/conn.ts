// The state every handshake step works on: records in and out, the transcript, the key schedule,
// the keys in force and the first error. States (state.ts) read and change it; the engine
// (engine.ts) owns it. Nothing here does I/O: output accumulates in `out` until the caller takes it.
import { random } from "../abi";
import { P384KeyPair } from "../crypto/ecdsa";
import { ALERT_CLOSE_NOTIFY, ALERT_LEVEL_FATAL, ALERT_LEVEL_WARNING, ALERT_USER_CANCELED } from "./alerts";
import { ByteQueue } from "./bytequeue";
import { TlsWriter } from "./codec";
import { TlsConfig } from "./config";
import { CT_ALERT, CT_APPLICATION_DATA, CT_HANDSHAKE, MAX_PLAINTEXT, VERSION_TLS12 } from "./constants";
import { TlsError, TlsErrorCode } from "./errors";
import { HandshakeJoiner } from "./handshake_joiner";
import { HandshakeSecrets, TrafficSecrets } from "./key_schedule";
import { Problem } from "./problem";
import { Protection } from "./protection";
import { RecordReader } from "./record_reader";
import { Transcript } from "./transcript";

export class Conn {
  transcript: Transcript = new Transcript();
  records: RecordReader = new RecordReader();
  joiner: HandshakeJoiner = new HandshakeJoiner();
  out: TlsWriter = new TlsWriter(4096); // records ready to send
  private hsOut: TlsWriter = new TlsWriter(1024); // handshake messages not yet framed
  readProt: Protection | null = null;
  writeProt: Protection | null = null;
  appIn: ByteQueue = new ByteQueue();
  appOut: TlsWriter = new TlsWriter(64); // written before the handshake completed

  error: TlsError | null = null;
  handshakeDone: bool = false;
  peerClosed: bool = false; // close_notify or end of stream seen
  localClosed: bool = false;
  // §5: a change_cipher_spec record of one 0x01 byte is dropped between the first ClientHello and
  // the peer's Finished (middlebox compatibility, Appendix D.4).
  ccsAllowed: bool = false;
  peerCert: Uint8Array | null = null;

  // Handshake material, wiped as soon as the step that needs it is done.
  ephemeral: P384KeyPair | null = null;
  clientRandom: Uint8Array = new Uint8Array(0);
  sessionId: Uint8Array = new Uint8Array(0);
  hs: HandshakeSecrets | null = null;
  traffic: TrafficSecrets | null = null;

  constructor(public isClient: bool, public config: TlsConfig) {}

  get failed(): bool { return this.error !== null; }

  // Records the first failure, sends its alert (when it has one and the stream is still ours to
  // write) and wipes every secret. Later failures are ignored (sticky).
  failWith(e: TlsError): void {
    if (this.error !== null) return;
    this.error = e;
    if (e.alert >= 0 && !e.fromPeer && !this.localClosed) {
      this.hsOut.clear();
      this.sendAlert(<u8>e.alert);
    }
    this.wipeSecrets();
  }

  fail(code: TlsErrorCode, message: string): void {
    this.failWith(TlsError.local(code, message));
  }

  failProblem(p: Problem): void {
    this.fail(p.code, p.message);
  }

  // Fresh random bytes from the platform; null (and the engine failed) when unavailable.
  randomBytes(n: i32): Uint8Array | null {
    const b = new Uint8Array(n);
    if (random(b.dataStart, <u32>n) != 0) {
      this.fail(TlsErrorCode.InternalError, "no randomness");
      return null;
    }
    return b;
  }

  // Appends a handshake message to the pending flight; `hashed` is false only for post-handshake
  // messages, which are outside the transcript (§4.4.1).
  queueHandshake(msg: Uint8Array, hashed: bool = true): void {
    if (hashed) this.transcript.add(msg);
    this.hsOut.bytes(msg);
  }

  // Frames the pending handshake bytes into records under the current write keys.
  flush(): void {
    if (this.hsOut.len == 0) return;
    this.writeRecords(CT_HANDSHAKE, this.hsOut.dataStart, this.hsOut.len);
    this.hsOut.clear();
  }

  // Writes `len` bytes of one content type as records of at most 2^14 bytes (§5.1).
  writeRecords(type: u8, ptr: usize, len: i32): void {
    let off = 0;
    do {
      const n = min(len - off, MAX_PLAINTEXT);
      this.writeRecord(type, ptr + <usize>off, n);
      off += n;
    } while (off < len);
  }

  private writeRecord(type: u8, ptr: usize, n: i32): void {
    const prot = this.writeProt;
    if (prot === null) {
      this.out.u8(type);
      this.out.u16(VERSION_TLS12);
      this.out.u16(n);
      this.out.raw(ptr, n);
      return;
    }
    const rec = prot.seal(type, ptr, n);
    if (rec === null) {
      // 2^64 records on one key: the connection must end (§5.3).
      this.error = TlsError.local(TlsErrorCode.InternalError, "record sequence number exhausted");
      this.wipeSecrets();
      return;
    }
    this.out.bytes(rec);
  }

  sendAlert(desc: u8): void {
    const body = new Uint8Array(2);
    // §6: the level is ignored in TLS 1.3; close_notify and user_canceled go as warnings, others
    // as fatal, which is what TLS 1.2-era receivers expect.
    body[0] = desc == ALERT_CLOSE_NOTIFY || desc == ALERT_USER_CANCELED ? ALERT_LEVEL_WARNING : ALERT_LEVEL_FATAL;
    body[1] = desc;
    this.writeRecords(CT_ALERT, body.dataStart, 2);
  }

  // New write keys: whatever is pending goes out under the old ones first.
  setWriteKeys(secret: Uint8Array): void {
    this.flush();
    const old = this.writeProt;
    if (old !== null) old.wipe();
    this.writeProt = new Protection(secret);
  }

  // New read keys. §5.1: handshake messages may not span a key change, so any buffered partial
  // (or further) handshake data at this point is unexpected_message.
  setReadKeys(secret: Uint8Array): bool {
    if (this.joiner.pending != 0) {
      this.fail(TlsErrorCode.UnexpectedMessage, "handshake data after the last message before a key change");
      return false;
    }
    const old = this.readProt;
    if (old !== null) old.wipe();
    this.readProt = new Protection(secret);
    return true;
  }

  // The handshake is complete: application data written early goes out now.
  completeHandshake(): void {
    this.handshakeDone = true;
    this.ccsAllowed = false;
    this.wipeHandshakeSecrets();
    if (this.appOut.len > 0) {
      this.writeRecords(CT_APPLICATION_DATA, this.appOut.dataStart, this.appOut.len);
      this.appOut.clear();
    }
  }

  // The handshake and traffic secrets of the key schedule (tls/key_schedule.ts).
  private wipeHandshakeSecrets(): void {
    const hs = this.hs;
    if (hs !== null) hs.wipe();
    this.hs = null;
    const t = this.traffic;
    if (t !== null) t.wipe();
    this.traffic = null;
  }

  wipeSecrets(): void {
    const e = this.ephemeral;
    if (e !== null) e.wipe();
    this.ephemeral = null;
    this.wipeHandshakeSecrets();
    const r = this.readProt;
    if (r !== null) r.wipe();
    const w = this.writeProt;
    if (w !== null) w.wipe();
    // Keys are gone: nothing more can be sent or received on this connection.
    this.readProt = null;
    this.writeProt = null;
    this.transcript.wipe();
    this.joiner.clear();
    this.records.clear();
    this.appOut.clear();
    this.hsOut.clear();
  }
}
