// Reassembles handshake messages from record payloads (RFC 8446 §5.1): a message may span
// several records and a record may carry several messages. Each message is handed out with its
// 4-byte header, which the transcript hashes (§4.4.1).
import { ByteQueue } from "./bytequeue";
import { MAX_HANDSHAKE_MESSAGE } from "./constants";

export class HandshakeMessage {
  constructor(public type: u8, public raw: Uint8Array) {}
  // The body after the 4-byte header (type, uint24 length).
  get body(): Uint8Array { return this.raw.subarray(4); }
}

export class HandshakeJoiner {
  private q: ByteQueue = new ByteQueue();

  push(b: Uint8Array): void { this.q.pushBytes(b); }

  // Bytes of a message not yet complete. Non-zero at a key change means a message straddles it,
  // which §5.1 forbids.
  get pending(): i32 { return this.q.length; }

  // True when the next message declares a length over the limit.
  tooLarge(): bool {
    if (this.q.length < 4) return false;
    return this.declared() > MAX_HANDSHAKE_MESSAGE;
  }

  private declared(): i32 {
    return (<i32>this.q.at(1) << 16) | (<i32>this.q.at(2) << 8) | <i32>this.q.at(3);
  }

  // The next complete message, or null.
  next(): HandshakeMessage | null {
    if (this.q.length < 4) return null;
    const n = this.declared();
    if (n > MAX_HANDSHAKE_MESSAGE || this.q.length < 4 + n) return null;
    const type = this.q.at(0);
    return new HandshakeMessage(type, this.q.take(4 + n));
  }

  clear(): void { this.q.clear(); }
}
