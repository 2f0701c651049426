// Record protection for one direction (RFC 8446 §5.2-5.3): AES-256-GCM keyed from a traffic
// secret, the per-record nonce = write_iv XOR the 64-bit sequence number, and the
// TLSInnerPlaintext framing (content || type || zero padding).
import { AesGcm } from "../crypto/gcm";
import { hkdfExpandLabel384 } from "../crypto/hkdf";
import { wipe } from "../crypto/wipe";
import { AEAD_IV_LEN, AEAD_KEY_LEN, AEAD_TAG_LEN, CT_APPLICATION_DATA, RECORD_HEADER_LEN, VERSION_TLS12 } from "./constants";
import { nextTrafficSecret } from "./key_schedule";

// A decrypted record: its real content type and content (padding removed). type 0 = all-zero
// inner plaintext (no content type, §5.4).
export class InnerPlaintext {
  constructor(public type: u8, public content: Uint8Array) {}
}

export class Protection {
  private aead: AesGcm;
  private iv: Uint8Array;
  private nonce: Uint8Array = new Uint8Array(AEAD_IV_LEN);
  private seq: u64 = 0;
  private secret: Uint8Array;

  // Keys from the traffic secret (§7.3): key = Expand-Label(secret, "key", "", 32),
  // iv = Expand-Label(secret, "iv", "", 12). The protection keeps its own copy of the secret for
  // KeyUpdate; the caller may wipe the one it passed.
  constructor(secret: Uint8Array) {
    this.secret = secret.slice();
    const key = hkdfExpandLabel384(secret, "key", new Uint8Array(0), AEAD_KEY_LEN);
    this.aead = new AesGcm(key);
    wipe(key);
    this.iv = hkdfExpandLabel384(secret, "iv", new Uint8Array(0), AEAD_IV_LEN);
  }

  // The per-record nonce: the sequence number, big-endian, left-padded to 12 bytes, XOR iv (§5.3).
  private nextNonce(): bool {
    if (this.seq == u64.MAX_VALUE) return false; // §5.3: never wrap
    const s = this.seq++;
    for (let i = 0; i < AEAD_IV_LEN; i++) {
      const sb: u8 = i < 4 ? 0 : <u8>(s >> (8 * (11 - i)));
      this.nonce[i] = this.iv[i] ^ sb;
    }
    return true;
  }

  // One whole TLSCiphertext record (header included) for `len` bytes of content at ptr.
  // Null only when the sequence number is exhausted.
  seal(type: u8, ptr: usize, len: i32): Uint8Array | null {
    if (!this.nextNonce()) return null;
    const inner = len + 1;
    const total = RECORD_HEADER_LEN + inner + AEAD_TAG_LEN;
    const rec = new Uint8Array(total);
    const body = inner + AEAD_TAG_LEN;
    rec[0] = CT_APPLICATION_DATA; // opaque_type (§5.2)
    rec[1] = <u8>(VERSION_TLS12 >> 8);
    rec[2] = <u8>VERSION_TLS12;
    rec[3] = <u8>(body >> 8);
    rec[4] = <u8>body;
    const p = rec.dataStart + <usize>RECORD_HEADER_LEN;
    memory.copy(p, ptr, <usize>len);
    store<u8>(p + <usize>len, type);
    // additional_data = the record header (§5.2).
    this.aead.sealRaw(this.nonce.dataStart, AEAD_IV_LEN, rec.dataStart, RECORD_HEADER_LEN, p, inner, p);
    return rec;
  }

  // Opens one record given its 5-byte header and body; null when authentication fails.
  open(header: Uint8Array, body: Uint8Array): InnerPlaintext | null {
    const n = body.length - AEAD_TAG_LEN;
    if (n < 0) return null;
    if (!this.nextNonce()) return null;
    const out = new Uint8Array(n);
    if (!this.aead.openRaw(this.nonce.dataStart, AEAD_IV_LEN, header.dataStart, header.length, body.dataStart, n, body.dataStart + <usize>n, out.dataStart)) {
      return null;
    }
    // Strip zero padding from the end; the last non-zero byte is the content type (§5.4).
    let i = n - 1;
    while (i >= 0 && out[i] == 0) i--;
    if (i < 0) return new InnerPlaintext(0, new Uint8Array(0));
    return new InnerPlaintext(out[i], out.subarray(0, i));
  }

  // KeyUpdate (§4.6.3, §7.2): the next generation of keys in place; the sequence number restarts.
  update(): void {
    const next = nextTrafficSecret(this.secret);
    this.wipe();
    this.secret = next;
    const key = hkdfExpandLabel384(next, "key", new Uint8Array(0), AEAD_KEY_LEN);
    this.aead = new AesGcm(key);
    wipe(key);
    this.iv = hkdfExpandLabel384(next, "iv", new Uint8Array(0), AEAD_IV_LEN);
    this.seq = 0;
  }

  wipe(): void {
    this.aead.wipe();
    wipe(this.iv);
    wipe(this.nonce);
    wipe(this.secret);
  }
}
