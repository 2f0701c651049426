// AES-GCM (NIST SP 800-38D) with 16-byte tags.
//
// Constant time: AES is bitsliced (see aes.ts). GHASH multiplies in GF(2^128) without any table:
// each 32x32 carry-less product is four ordinary integer multiplications of operands whose bits
// are spaced four apart (x & 0x11111111, x & 0x22222222, ...), so carries land only in bit
// positions that the final masks discard (at most 8 terms meet in a position, fewer than the 16
// that would carry into a kept one); 128-bit products take nine of them (two Karatsuba levels),
// then a shift-and-XOR reduction. Integer multiplication is constant time on the CPUs a TD runs
// on. Tag comparison ORs all differences before deciding. Branches and addresses depend only on
// lengths.
//
// Bit order (§6.3): a block's first bit (the msb of byte 0) is the coefficient of x^0, so a block
// loaded big-endian is the bit-reflected polynomial. Multiplying two reflected values as plain
// carry-less integers gives the reflected product shifted right by one; the shift is undone and
// x^128 = x^7 + x^2 + x + 1 is folded back in, 64 bits at a time from the low (high-degree) end.
import { Aes, aesScrub } from "./aes";
import { wipeRaw } from "./wipe";

export const GCM_TAG_LEN: i32 = 16;

// Shared scratch (single-threaded): four counter blocks, their key stream, one padded block, J0.
const CTR: usize = memory.data(64);
const KS: usize = memory.data(64);
const BLK: usize = memory.data(16);
const J0: usize = memory.data(16);

// Carry-less 32x32 -> 64 multiplication with integer multiplies (see the header). The second
// operand comes pre-split into its four bit classes (y & 0x11111111, ... as u64) at `y`.
// @ts-ignore: decorator
@inline function bmul32(x: u32, y: usize): u64 {
  const x0 = <u64>(x & 0x11111111), x1 = <u64>(x & 0x22222222);
  const x2 = <u64>(x & 0x44444444), x3 = <u64>(x & 0x88888888);
  const y0 = load<u64>(y), y1 = load<u64>(y, 8), y2 = load<u64>(y, 16), y3 = load<u64>(y, 24);
  const z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  const z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  const z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  const z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & 0x1111111111111111) | (z1 & 0x2222222222222222)
    | (z2 & 0x4444444444444444) | (z3 & 0x8888888888888888);
}

// The nine 32-bit operands that H contributes to a Karatsuba product (low, high and low^high
// halves of h0, h1 and h0^h1), each split into its four bit classes: 36 words.
function splitH(dst: usize, h1: u64, h0: u64): void {
  const d = h0 ^ h1;
  const ops: StaticArray<u32> = [
    <u32>h0, <u32>(h0 >> 32), <u32>h0 ^ <u32>(h0 >> 32),
    <u32>h1, <u32>(h1 >> 32), <u32>h1 ^ <u32>(h1 >> 32),
    <u32>d, <u32>(d >> 32), <u32>d ^ <u32>(d >> 32),
  ];
  for (let i = 0; i < 9; i++) {
    const y = ops[i];
    const p = dst + (<usize>i << 5);
    store<u64>(p, <u64>(y & 0x11111111));
    store<u64>(p, <u64>(y & 0x22222222), 8);
    store<u64>(p, <u64>(y & 0x44444444), 16);
    store<u64>(p, <u64>(y & 0x88888888), 24);
    ops[i] = 0;
  }
}

// A GCM context: the AES key schedule and the hash key H = E(K, 0^128), computed once, for
// sealing and opening any number of messages. Not re-entrant (shares module scratch).
export class AesGcm {
  private aes: Aes;
  private hk: StaticArray<u64> = new StaticArray<u64>(36); // H, pre-split (splitH)
  private x1: u64 = 0; // running GHASH value
  private x0: u64 = 0;

  // `key` is 16, 24 or 32 bytes (another length is a caller bug and aborts, see Aes).
  constructor(key: Uint8Array) {
    this.aes = new Aes(key);
    memory.fill(BLK, 0, 16);
    this.aes.encryptBlock(BLK, BLK);
    splitH(changetype<usize>(this.hk), bswap<u64>(load<u64>(BLK)), bswap<u64>(load<u64>(BLK, 8)));
    wipeRaw(BLK, 16);
  }

  // GHASH (§6.4) over len bytes: X = (X ^ block) * H for each block, the last partial block
  // zero-padded (A and C are padded separately). X stays in locals across blocks.
  private ghash(p: usize, len: i32): void {
    const hk = changetype<usize>(this.hk);
    let x1 = this.x1, x0 = this.x0;
    let n = len;
    while (n > 0) {
      let src = p;
      if (n < 16) {
        memory.fill(BLK, 0, 16);
        memory.copy(BLK, p, <usize>n);
        src = BLK;
      }
      const a1 = x1 ^ bswap<u64>(load<u64>(src));
      const a0 = x0 ^ bswap<u64>(load<u64>(src, 8));
      // a0 * h0
      let l = bmul32(<u32>a0, hk);
      let h = bmul32(<u32>(a0 >> 32), hk + 32);
      let m = bmul32(<u32>a0 ^ <u32>(a0 >> 32), hk + 64) ^ l ^ h;
      const p0l = l ^ (m << 32), p0h = h ^ (m >> 32);
      // a1 * h1
      l = bmul32(<u32>a1, hk + 96);
      h = bmul32(<u32>(a1 >> 32), hk + 128);
      m = bmul32(<u32>a1 ^ <u32>(a1 >> 32), hk + 160) ^ l ^ h;
      const p1l = l ^ (m << 32), p1h = h ^ (m >> 32);
      // (a0 ^ a1) * (h0 ^ h1)
      const c = a0 ^ a1;
      l = bmul32(<u32>c, hk + 192);
      h = bmul32(<u32>(c >> 32), hk + 224);
      m = bmul32(<u32>c ^ <u32>(c >> 32), hk + 256) ^ l ^ h;
      const p2l = l ^ (m << 32) ^ p0l ^ p1l, p2h = h ^ (m >> 32) ^ p0h ^ p1h;
      // 256-bit product z3:z2:z1:z0, shifted left by one (the reflection offset).
      let z0 = p0l, z1 = p0h ^ p2l, z2 = p1l ^ p2h, z3 = p1h;
      z3 = (z3 << 1) | (z2 >> 63);
      z2 = (z2 << 1) | (z1 >> 63);
      z1 = (z1 << 1) | (z0 >> 63);
      z0 <<= 1;
      // Fold z0 (degrees 192..255), then z1 (128..191), by x^128 = 1 + x + x^2 + x^7.
      z1 ^= (z0 << 63) ^ (z0 << 62) ^ (z0 << 57);
      z2 ^= z0 ^ (z0 >> 1) ^ (z0 >> 2) ^ (z0 >> 7);
      z2 ^= (z1 << 63) ^ (z1 << 62) ^ (z1 << 57);
      z3 ^= z1 ^ (z1 >> 1) ^ (z1 >> 2) ^ (z1 >> 7);
      x1 = z3;
      x0 = z2;
      p += 16;
      n -= 16;
    }
    this.x1 = x1;
    this.x0 = x0;
  }

  // J0 (§7.1 step 2): IV || 0^31 || 1 for a 96-bit IV, else GHASH(IV || 0* || [len(IV)]64).
  // An empty IV (which SP 800-38D forbids) goes the second way rather than trapping.
  private setJ0(iv: usize, ivLen: i32): void {
    if (ivLen == 12) {
      memory.copy(J0, iv, 12);
      store<u32>(J0, bswap<u32>(1), 12);
      return;
    }
    this.x1 = 0;
    this.x0 = 0;
    this.ghash(iv, ivLen);
    this.lengthBlock(0, ivLen);
    store<u64>(J0, bswap<u64>(this.x1));
    store<u64>(J0, bswap<u64>(this.x0), 8);
  }

  // GCTR (§6.5) from counter inc32(J0): len bytes src -> dst (same or disjoint), four blocks per
  // AES call. With `hashOut`, each chunk of output is hashed right after it is produced.
  private ctr(src: usize, dst: usize, len: i32, hashOut: bool): void {
    let ctr = bswap<u32>(load<u32>(J0, 12)) + 1;
    for (let b: usize = 0; b < 64; b += 16) memory.copy(CTR + b, J0, 12);
    let n = len;
    while (n > 0) {
      store<u32>(CTR, bswap<u32>(ctr), 12);
      store<u32>(CTR, bswap<u32>(ctr + 1), 28);
      store<u32>(CTR, bswap<u32>(ctr + 2), 44);
      store<u32>(CTR, bswap<u32>(ctr + 3), 60);
      ctr += 4;
      this.aes.encrypt4(CTR, KS);
      if (n >= 64) {
        for (let i: usize = 0; i < 64; i += 8) store<u64>(dst + i, load<u64>(src + i) ^ load<u64>(KS + i));
        if (hashOut) this.ghash(dst, 64);
        src += 64; dst += 64; n -= 64;
      } else {
        for (let i: usize = 0; i < <usize>n; i++) store<u8>(dst + i, load<u8>(src + i) ^ load<u8>(KS + i));
        if (hashOut) this.ghash(dst, n);
        n = 0;
      }
    }
  }

  // GHASH of the block [8*a]64 || [8*b]64 (§7.1 steps 2 and 5).
  private lengthBlock(a: i32, b: i32): void {
    store<u64>(BLK, bswap<u64>(<u64>a << 3));
    store<u64>(BLK, bswap<u64>(<u64>b << 3), 8);
    this.ghash(BLK, 16);
  }

  // Finishes GHASH with the length block and writes E(J0) ^ S (the tag) to `out`.
  private tag(aadLen: i32, len: i32, out: usize): void {
    this.lengthBlock(aadLen, len);
    this.aes.encryptBlock(J0, BLK);
    store<u64>(out, load<u64>(BLK) ^ bswap<u64>(this.x1));
    store<u64>(out, load<u64>(BLK, 8) ^ bswap<u64>(this.x0), 8);
  }

  private scrub(): void {
    this.x1 = 0;
    this.x0 = 0;
    wipeRaw(CTR, 64);
    wipeRaw(KS, 64);
    wipeRaw(BLK, 16);
    wipeRaw(J0, 16);
    aesScrub();
  }

  // Encrypts len bytes at src into dst and writes the 16-byte tag at dst + len (dst holds
  // len + 16 bytes; dst == src is allowed for in-place sealing).
  sealRaw(iv: usize, ivLen: i32, aad: usize, aadLen: i32, src: usize, len: i32, dst: usize): void {
    if (aadLen < 0) aadLen = 0;
    if (len < 0) len = 0;
    this.setJ0(iv, ivLen);
    this.x1 = 0;
    this.x0 = 0;
    this.ghash(aad, aadLen);
    this.ctr(src, dst, len, true);
    this.tag(aadLen, len, dst + <usize>len);
    this.scrub();
  }

  // Checks the tag over aad and the len ciphertext bytes at src, and only if it matches decrypts
  // them into dst (same or disjoint) and returns true. On mismatch dst is not written.
  openRaw(iv: usize, ivLen: i32, aad: usize, aadLen: i32, src: usize, len: i32, tag: usize, dst: usize): bool {
    if (aadLen < 0) aadLen = 0;
    if (len < 0) return false;
    this.setJ0(iv, ivLen);
    this.x1 = 0;
    this.x0 = 0;
    this.ghash(aad, aadLen);
    this.ghash(src, len);
    this.tag(aadLen, len, BLK);
    const diff = (load<u64>(BLK) ^ load<u64>(tag)) | (load<u64>(BLK, 8) ^ load<u64>(tag, 8));
    if (diff != 0) {
      this.scrub();
      return false;
    }
    this.ctr(src, dst, len, false);
    this.scrub();
    return true;
  }

  // ciphertext || tag as a new array.
  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + GCM_TAG_LEN);
    this.sealRaw(iv.dataStart, iv.length, aad.dataStart, aad.length, plaintext.dataStart, plaintext.length, out.dataStart);
    return out;
  }

  // The plaintext, or null when the input is shorter than a tag or the tag does not match.
  open(iv: Uint8Array, aad: Uint8Array, ciphertextAndTag: Uint8Array): Uint8Array | null {
    const len = ciphertextAndTag.length - GCM_TAG_LEN;
    if (len < 0) return null;
    const out = new Uint8Array(len);
    const src = ciphertextAndTag.dataStart;
    if (!this.openRaw(iv.dataStart, iv.length, aad.dataStart, aad.length, src, len, src + <usize>len, out.dataStart)) return null;
    return out;
  }

  // Zero the key schedule and H; the context must not be used afterwards.
  wipe(): void {
    this.aes.wipe();
    wipeRaw(changetype<usize>(this.hk), 36 * 8);
    this.scrub();
  }
}

// One-shot AEAD: ciphertext || 16-byte tag.
export function aesGcmSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const g = new AesGcm(key);
  const out = g.seal(iv, aad, plaintext);
  g.wipe();
  return out;
}

// One-shot open: the plaintext, or null (and no plaintext produced) when authentication fails.
// A key that is not 16, 24 or 32 bytes long also gives null here, since this function has a
// failure value (seal and the AesGcm constructor treat it as a caller bug).
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ciphertextAndTag: Uint8Array): Uint8Array | null {
  const kl = key.length;
  if (kl != 16 && kl != 24 && kl != 32) return null;
  const g = new AesGcm(key);
  const out = g.open(iv, aad, ciphertextAndTag);
  g.wipe();
  return out;
}
