// The running transcript hash (RFC 8446 §4.4.1): SHA-384 over every handshake message (header
// included) in order, with the HelloRetryRequest rewrite of the first ClientHello.
import { Sha512 } from "../crypto/sha512";
import { HASH_LEN, HT_MESSAGE_HASH } from "./constants";

export class Transcript {
  private h: Sha512 = new Sha512(true);
  private tmp: Sha512 = new Sha512(true);

  add(msg: Uint8Array): void {
    this.h.update(msg);
  }

  // Transcript-Hash of everything added so far; the running state is kept.
  current(): Uint8Array {
    this.tmp.copyFrom(this.h);
    return this.tmp.final();
  }

  // §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by
  // message_hash(254) || 00 00 Hash.length || Hash(ClientHello1).
  replaceWithMessageHash(): void {
    const ch1 = this.current();
    this.h.reset();
    const head = new Uint8Array(4);
    head[0] = HT_MESSAGE_HASH;
    head[3] = <u8>HASH_LEN;
    this.h.update(head);
    this.h.update(ch1);
  }

  wipe(): void {
    this.h.wipe();
    this.tmp.wipe();
  }
}
