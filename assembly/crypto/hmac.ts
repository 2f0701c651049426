// HMAC (RFC 2104, FIPS 198-1) over SHA-256, SHA-384 and SHA-512.
//
// The keyed inner and outer states (after hashing K^ipad and K^opad) are computed once per key and
// copied at every reset, so a message costs two compressions fewer than the textbook form; HKDF
// and HMAC-DRBG run many MACs under one key.
import { Sha256 } from "./sha256";
import { Sha512 } from "./sha512";
import { wipeRaw } from "./wipe";

// Scratch for the padded key (one block, up to 128 bytes) and for the inner digest (up to 64).
// Shared: the core is single-threaded and nothing here re-enters. Zeroed after every use.
const PAD: usize = memory.data(128);
const TMP: usize = memory.data(64);

// H is Sha256 or Sha512; both expose blockLen, outLen, reset, copyFrom, updateRaw, finalInto, wipe.
export class Hmac<H> {
  protected inner: H;
  protected outer: H;
  protected istate: H;
  protected ostate: H;

  constructor(key: Uint8Array, inner: H, outer: H, istate: H, ostate: H) {
    this.inner = inner;
    this.outer = outer;
    this.istate = istate;
    this.ostate = ostate;
    this.setKey(key);
  }

  get outLen(): i32 {
    return this.inner.outLen;
  }

  setKey(key: Uint8Array): void {
    this.setKeyRaw(key.dataStart, key.length);
  }

  // RFC 2104 §2: a key longer than the block is hashed first; the key is zero-padded to one block.
  setKeyRaw(ptr: usize, len: i32): void {
    const block = <usize>this.inner.blockLen;
    memory.fill(PAD, 0, block);
    if (len > <i32>block) {
      this.istate.reset();
      this.istate.updateRaw(ptr, len);
      this.istate.finalInto(PAD);
    } else if (len > 0) {
      memory.copy(PAD, ptr, <usize>len);
    }
    for (let i: usize = 0; i < block; i++) store<u8>(PAD + i, load<u8>(PAD + i) ^ 0x36);
    this.istate.reset();
    this.istate.updateRaw(PAD, <i32>block);
    // (K ^ ipad) ^ (ipad ^ opad) = K ^ opad
    for (let i: usize = 0; i < block; i++) store<u8>(PAD + i, load<u8>(PAD + i) ^ (0x36 ^ 0x5c));
    this.ostate.reset();
    this.ostate.updateRaw(PAD, <i32>block);
    wipeRaw(PAD, 128);
    this.inner.copyFrom(this.istate);
  }

  // Start a new message under the same key.
  reset(): void {
    this.inner.copyFrom(this.istate);
  }

  update(data: Uint8Array): void {
    this.inner.updateRaw(data.dataStart, data.length);
  }

  updateRaw(ptr: usize, len: i32): void {
    this.inner.updateRaw(ptr, len);
  }

  // Writes outLen bytes of tag to `out` and resets for the next message under the same key.
  finalInto(out: usize): void {
    const n = this.inner.outLen;
    this.inner.finalInto(TMP);
    this.outer.copyFrom(this.ostate);
    this.outer.updateRaw(TMP, n);
    this.outer.finalInto(out);
    wipeRaw(TMP, 64);
    this.inner.copyFrom(this.istate);
  }

  final(): Uint8Array {
    const out = new Uint8Array(this.outLen);
    this.finalInto(out.dataStart);
    return out;
  }

  // Forget the key: every state derived from it is zeroed.
  wipe(): void {
    this.inner.wipe();
    this.outer.wipe();
    this.istate.wipe();
    this.ostate.wipe();
  }
}

export class HmacSha256 extends Hmac<Sha256> {
  constructor(key: Uint8Array) {
    super(key, new Sha256(), new Sha256(), new Sha256(), new Sha256());
  }
}

export class HmacSha384 extends Hmac<Sha512> {
  constructor(key: Uint8Array) {
    super(key, new Sha512(true), new Sha512(true), new Sha512(true), new Sha512(true));
  }
}

export class HmacSha512 extends Hmac<Sha512> {
  constructor(key: Uint8Array) {
    super(key, new Sha512(false), new Sha512(false), new Sha512(false), new Sha512(false));
  }
}

// One keyed context per hash for the one-shot functions below and for HKDF (hkdf.ts), re-keyed
// at each use instead of allocated: a context is four hash states, and a TLS handshake runs
// dozens of one-shot MACs. Single-threaded and never re-entered (nothing here calls back out);
// every user wipes the context when done, so no key outlives its call.
let one256: HmacSha256 | null = null;
let one384: HmacSha384 | null = null;
let one512: HmacSha512 | null = null;

export function sharedHmacSha256(key: Uint8Array): HmacSha256 {
  let m = one256;
  if (m === null) { m = new HmacSha256(key); one256 = m; } else m.setKey(key);
  return m;
}

export function sharedHmacSha384(key: Uint8Array): HmacSha384 {
  let m = one384;
  if (m === null) { m = new HmacSha384(key); one384 = m; } else m.setKey(key);
  return m;
}

export function sharedHmacSha512(key: Uint8Array): HmacSha512 {
  let m = one512;
  if (m === null) { m = new HmacSha512(key); one512 = m; } else m.setKey(key);
  return m;
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  const m = sharedHmacSha256(key);
  m.update(data);
  const out = m.final();
  m.wipe();
  return out;
}

export function hmacSha384(key: Uint8Array, data: Uint8Array): Uint8Array {
  const m = sharedHmacSha384(key);
  m.update(data);
  const out = m.final();
  m.wipe();
  return out;
}

export function hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array {
  const m = sharedHmacSha512(key);
  m.update(data);
  const out = m.final();
  m.wipe();
  return out;
}
