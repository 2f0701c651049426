// The V2 pre-session exchange (spec migtd.md §2.3) as a sans-I/O engine: the caller moves bytes
// (`takeOutput` to the transport, `feed` from it) and the clock (`expired`). Both sides run the
// same sequence, each step "send ours, then receive the peer's":
//   ExpectHello -> ExpectPeerData -> ExpectStart -> Done
// A message is sent only once the peer's previous one has arrived, so neither side floods a peer
// that is not following. The first error is kept (sticky) and the engine stops. Bytes that arrive
// after the peer's START_SESSION are the beginning of its TLS stream: `leftover` hands them on.
import { sha384 } from "../crypto/sha512";
import { Failure } from "../result/failure";
import { PolicyV2Error } from "../result/policy_v2";
import {
  PS_HEADER_SIZE, PS_MAX_PAYLOAD, PS_TYPE_HELLO, PS_TYPE_PRE_SESSION_DATA, PS_TYPE_START_SESSION, PS_HELLO_LENGTH,
  checkHello, decodePeerData, encodeMessage, helloPayload, PeerData,
} from "./presession";

// §2.10: the whole pre-session exchange has 60 s.
export const PRE_SESSION_TIMEOUT_MS: i64 = 60_000;

export enum PreSessionState {
  ExpectHello,
  ExpectPeerData,
  ExpectStart,
  Done,
  Failed,
}

export function preSessionStateName(s: PreSessionState): string {
  switch (s) {
    case PreSessionState.ExpectHello: return "ExpectHello";
    case PreSessionState.ExpectPeerData: return "ExpectPeerData";
    case PreSessionState.ExpectStart: return "ExpectStart";
    case PreSessionState.Done: return "Done";
  }
  return "Failed";
}

export class PreSessionExchange {
  state: PreSessionState = PreSessionState.ExpectHello;
  failure: Failure | null = null;
  peer: PeerData | null = null;
  peerBlob: Uint8Array = new Uint8Array(0); // what the peer's policy-hash extension must hash
  leftover: Uint8Array = new Uint8Array(0);
  private out: Uint8Array = new Uint8Array(0);
  private inbuf: Uint8Array = new Uint8Array(0);
  private deadline: i64;

  // `ownBlob` = encodePeerData(enrolled policy, enrolled issuer chain).
  constructor(private ownBlob: Uint8Array, nowMs: i64) {
    this.deadline = nowMs + PRE_SESSION_TIMEOUT_MS;
    this.queue(encodeMessage(PS_TYPE_HELLO, helloPayload()));
  }

  // SHA-384 of our blob: the policy-hash extension of our RA-TLS certificate (§2.4).
  ownPolicyHash(): Uint8Array { return sha384(this.ownBlob); }

  get done(): bool { return this.state == PreSessionState.Done; }
  get failed(): bool { return this.state == PreSessionState.Failed; }

  // Past the 60 s: a timeout (the caller reports NetworkError, §1.3).
  expired(nowMs: i64): bool { return !this.done && !this.failed && nowMs > this.deadline; }

  takeOutput(): Uint8Array {
    const o = this.out;
    this.out = new Uint8Array(0);
    return o;
  }

  private queue(m: Uint8Array): void {
    const all = new Uint8Array(this.out.length + m.length);
    all.set(this.out, 0);
    all.set(m, this.out.length);
    this.out = all;
  }

  private fail(msg: string): void {
    if (this.failure !== null) return;
    this.failure = new Failure(PolicyV2Error.PreSessionMalformed, "pre-session (" + preSessionStateName(this.state) + "): " + msg);
    this.state = PreSessionState.Failed;
    this.inbuf = new Uint8Array(0);
  }

  feed(data: Uint8Array): void {
    if (this.failed) return;
    if (this.done) {
      this.leftover = concat2(this.leftover, data);
      return;
    }
    this.inbuf = concat2(this.inbuf, data);
    while (!this.failed && !this.done && this.inbuf.length >= PS_HEADER_SIZE) {
      const b = this.inbuf;
      const type = b[0];
      if (b[1] != 0 || b[2] != 0 || b[3] != 0) { this.fail("reserved header bytes are not zero"); return; }
      const len = <i64>(<u32>b[4] | (<u32>b[5] << 8) | (<u32>b[6] << 16) | (<u32>b[7] << 24));
      const want = this.expectedType();
      if (type != want) { this.fail("message type " + type.toString() + ", expected " + want.toString()); return; }
      if (type == PS_TYPE_HELLO && len != <i64>PS_HELLO_LENGTH) { this.fail("HELLO length " + len.toString() + " is not 8"); return; }
      if (type == PS_TYPE_START_SESSION && len != 0) { this.fail("START_SESSION length " + len.toString() + " is not 0"); return; }
      if (len > <i64>PS_MAX_PAYLOAD) { this.fail("PRE_SESSION_DATA of " + len.toString() + " bytes exceeds " + PS_MAX_PAYLOAD.toString()); return; }
      const total = PS_HEADER_SIZE + <i32>len;
      if (b.length < total) return; // wait for the rest
      const payload = b.slice(PS_HEADER_SIZE, total);
      this.inbuf = b.slice(total);
      this.onMessage(type, payload);
    }
    if (this.done && this.inbuf.length > 0) {
      this.leftover = this.inbuf;
      this.inbuf = new Uint8Array(0);
    }
  }

  private expectedType(): u8 {
    if (this.state == PreSessionState.ExpectHello) return PS_TYPE_HELLO;
    if (this.state == PreSessionState.ExpectPeerData) return PS_TYPE_PRE_SESSION_DATA;
    return PS_TYPE_START_SESSION;
  }

  private onMessage(type: u8, payload: Uint8Array): void {
    if (this.state == PreSessionState.ExpectHello) {
      const h = checkHello(payload);
      if (h.error.length > 0) { this.fail(h.error); return; }
      this.state = PreSessionState.ExpectPeerData;
      this.queue(encodeMessage(PS_TYPE_PRE_SESSION_DATA, this.ownBlob));
      return;
    }
    if (this.state == PreSessionState.ExpectPeerData) {
      const d = decodePeerData(payload);
      if (d.error.length > 0) { this.fail(d.error); return; }
      this.peer = d;
      this.peerBlob = payload;
      this.state = PreSessionState.ExpectStart;
      this.queue(encodeMessage(PS_TYPE_START_SESSION, new Uint8Array(0)));
      return;
    }
    this.state = PreSessionState.Done;
  }
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length == 0) return b;
  const all = new Uint8Array(a.length + b.length);
  all.set(a, 0);
  all.set(b, a.length);
  return all;
}
