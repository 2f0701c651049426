// SHA-512 and SHA-384 (FIPS 180-4 §6.4 and §6.5), streaming. SHA-384 is SHA-512 with another
// initial value (§5.3.4) and the digest truncated to 48 bytes. All lengths are accepted.
import { wipeRaw } from "./wipe";

// FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots of the first 80 primes.
const K: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);

// §5.3.5 (SHA-512) and §5.3.4 (SHA-384) initial hash values.
const IV512: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
]);
const IV384: usize = memory.data<u64>([
  0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
  0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
]);


export const SHA512_BLOCK: i32 = 128;
export const SHA512_OUT: i32 = 64;
export const SHA384_OUT: i32 = 48;

// §4.1.3 functions.
// @ts-ignore: decorator
@inline function bsig0(x: u64): u64 { return rotr<u64>(x, 28) ^ rotr<u64>(x, 34) ^ rotr<u64>(x, 39); }
// @ts-ignore: decorator
@inline function bsig1(x: u64): u64 { return rotr<u64>(x, 14) ^ rotr<u64>(x, 18) ^ rotr<u64>(x, 41); }
// @ts-ignore: decorator
@inline function ssig0(x: u64): u64 { return rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >>> 7); }
// @ts-ignore: decorator
@inline function ssig1(x: u64): u64 { return rotr<u64>(x, 19) ^ rotr<u64>(x, 61) ^ (x >>> 6); }
// @ts-ignore: decorator
@inline function ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u64, y: u64, z: u64): u64 { return (x & y) | (z & (x | y)); }

// One compression of the 128-byte block at `block` into the state at `st` (§6.4.2). The message
// schedule lives in sixteen locals, W[t] overwriting W[t-16] every sixteen rounds, so no round
// touches memory but for its constant K[t]; eight rounds' worth of variable roles rotate by name.
function compress(st: usize, block: usize): void {
  let w0 = bswap<u64>(load<u64>(block, 0));
  let w1 = bswap<u64>(load<u64>(block, 8));
  let w2 = bswap<u64>(load<u64>(block, 16));
  let w3 = bswap<u64>(load<u64>(block, 24));
  let w4 = bswap<u64>(load<u64>(block, 32));
  let w5 = bswap<u64>(load<u64>(block, 40));
  let w6 = bswap<u64>(load<u64>(block, 48));
  let w7 = bswap<u64>(load<u64>(block, 56));
  let w8 = bswap<u64>(load<u64>(block, 64));
  let w9 = bswap<u64>(load<u64>(block, 72));
  let w10 = bswap<u64>(load<u64>(block, 80));
  let w11 = bswap<u64>(load<u64>(block, 88));
  let w12 = bswap<u64>(load<u64>(block, 96));
  let w13 = bswap<u64>(load<u64>(block, 104));
  let w14 = bswap<u64>(load<u64>(block, 112));
  let w15 = bswap<u64>(load<u64>(block, 120));
  let a = load<u64>(st), b = load<u64>(st, 8), c = load<u64>(st, 16), d = load<u64>(st, 24);
  let e = load<u64>(st, 32), f = load<u64>(st, 40), g = load<u64>(st, 48), h = load<u64>(st, 56);
  for (let j: usize = 0; j < 80; j += 16) {
    if (j > 0) {
      // W[t] = ssig1(W[t-2]) + W[t-7] + ssig0(W[t-15]) + W[t-16], t = j .. j + 15, in place.
      w0 += ssig1(w14) + w9 + ssig0(w1);
      w1 += ssig1(w15) + w10 + ssig0(w2);
      w2 += ssig1(w0) + w11 + ssig0(w3);
      w3 += ssig1(w1) + w12 + ssig0(w4);
      w4 += ssig1(w2) + w13 + ssig0(w5);
      w5 += ssig1(w3) + w14 + ssig0(w6);
      w6 += ssig1(w4) + w15 + ssig0(w7);
      w7 += ssig1(w5) + w0 + ssig0(w8);
      w8 += ssig1(w6) + w1 + ssig0(w9);
      w9 += ssig1(w7) + w2 + ssig0(w10);
      w10 += ssig1(w8) + w3 + ssig0(w11);
      w11 += ssig1(w9) + w4 + ssig0(w12);
      w12 += ssig1(w10) + w5 + ssig0(w13);
      w13 += ssig1(w11) + w6 + ssig0(w14);
      w14 += ssig1(w12) + w7 + ssig0(w15);
      w15 += ssig1(w13) + w8 + ssig0(w0);
    }
    const k = K + (j << 3);
    h += bsig1(e) + ch(e, f, g) + load<u64>(k, 0) + w0; d += h; h += bsig0(a) + maj(a, b, c);
    g += bsig1(d) + ch(d, e, f) + load<u64>(k, 8) + w1; c += g; g += bsig0(h) + maj(h, a, b);
    f += bsig1(c) + ch(c, d, e) + load<u64>(k, 16) + w2; b += f; f += bsig0(g) + maj(g, h, a);
    e += bsig1(b) + ch(b, c, d) + load<u64>(k, 24) + w3; a += e; e += bsig0(f) + maj(f, g, h);
    d += bsig1(a) + ch(a, b, c) + load<u64>(k, 32) + w4; h += d; d += bsig0(e) + maj(e, f, g);
    c += bsig1(h) + ch(h, a, b) + load<u64>(k, 40) + w5; g += c; c += bsig0(d) + maj(d, e, f);
    b += bsig1(g) + ch(g, h, a) + load<u64>(k, 48) + w6; f += b; b += bsig0(c) + maj(c, d, e);
    a += bsig1(f) + ch(f, g, h) + load<u64>(k, 56) + w7; e += a; a += bsig0(b) + maj(b, c, d);
    h += bsig1(e) + ch(e, f, g) + load<u64>(k, 64) + w8; d += h; h += bsig0(a) + maj(a, b, c);
    g += bsig1(d) + ch(d, e, f) + load<u64>(k, 72) + w9; c += g; g += bsig0(h) + maj(h, a, b);
    f += bsig1(c) + ch(c, d, e) + load<u64>(k, 80) + w10; b += f; f += bsig0(g) + maj(g, h, a);
    e += bsig1(b) + ch(b, c, d) + load<u64>(k, 88) + w11; a += e; e += bsig0(f) + maj(f, g, h);
    d += bsig1(a) + ch(a, b, c) + load<u64>(k, 96) + w12; h += d; d += bsig0(e) + maj(e, f, g);
    c += bsig1(h) + ch(h, a, b) + load<u64>(k, 104) + w13; g += c; c += bsig0(d) + maj(d, e, f);
    b += bsig1(g) + ch(g, h, a) + load<u64>(k, 112) + w14; f += b; b += bsig0(c) + maj(c, d, e);
    a += bsig1(f) + ch(f, g, h) + load<u64>(k, 120) + w15; e += a; a += bsig0(b) + maj(b, c, d);
  }
  store<u64>(st, load<u64>(st) + a); store<u64>(st, load<u64>(st, 8) + b, 8);
  store<u64>(st, load<u64>(st, 16) + c, 16); store<u64>(st, load<u64>(st, 24) + d, 24);
  store<u64>(st, load<u64>(st, 32) + e, 32); store<u64>(st, load<u64>(st, 40) + f, 40);
  store<u64>(st, load<u64>(st, 48) + g, 48); store<u64>(st, load<u64>(st, 56) + h, 56);
}

export class Sha512 {
  private state: StaticArray<u64> = new StaticArray<u64>(8);
  private buf: StaticArray<u8> = new StaticArray<u8>(128);
  private fill: i32 = 0;
  // Bytes hashed so far. The padding's 128-bit length field is total * 8, so its top word is
  // total >> 61 (always 0 below 2^61 bytes, but computed rather than assumed).
  private total: u64 = 0;
  readonly is384: bool;

  constructor(is384: bool = false) {
    this.is384 = is384;
    this.reset();
  }

  get blockLen(): i32 { return SHA512_BLOCK; }
  get outLen(): i32 { return this.is384 ? SHA384_OUT : SHA512_OUT; }

  reset(): void {
    memory.copy(changetype<usize>(this.state), this.is384 ? IV384 : IV512, 64);
    wipeRaw(changetype<usize>(this.buf), 128);
    this.fill = 0;
    this.total = 0;
  }

  // Copy the running state of `o` (same variant) into this context.
  copyFrom(o: Sha512): void {
    memory.copy(changetype<usize>(this.state), changetype<usize>(o.state), 64);
    memory.copy(changetype<usize>(this.buf), changetype<usize>(o.buf), 128);
    this.fill = o.fill;
    this.total = o.total;
  }

  update(data: Uint8Array): void {
    this.updateRaw(data.dataStart, data.length);
  }

  updateRaw(ptr: usize, len: i32): void {
    if (len <= 0) return;
    let n = <usize>len;
    this.total += <u64>n;
    const st = changetype<usize>(this.state);
    const buf = changetype<usize>(this.buf);
    let fill = <usize>this.fill;
    if (fill > 0) {
      const take = min<usize>(128 - fill, n);
      memory.copy(buf + fill, ptr, take);
      fill += take; ptr += take; n -= take;
      if (fill < 128) { this.fill = <i32>fill; return; }
      compress(st, buf);
    }
    while (n >= 128) { compress(st, ptr); ptr += 128; n -= 128; }
    if (n > 0) memory.copy(buf, ptr, n);
    this.fill = <i32>n;
  }

  // Padding (§5.1.2), then outLen digest bytes to `out`; the context is reset for reuse.
  finalInto(out: usize): void {
    const st = changetype<usize>(this.state);
    const buf = changetype<usize>(this.buf);
    let fill = <usize>this.fill;
    store<u8>(buf + fill, 0x80);
    fill++;
    if (fill > 112) {
      memory.fill(buf + fill, 0, 128 - fill);
      compress(st, buf);
      fill = 0;
    }
    memory.fill(buf + fill, 0, 112 - fill);
    store<u64>(buf + 112, bswap<u64>(this.total >>> 61));
    store<u64>(buf + 120, bswap<u64>(this.total << 3));
    compress(st, buf);
    const words: usize = this.is384 ? 6 : 8;
    for (let i: usize = 0; i < words; i++) store<u64>(out + (i << 3), bswap<u64>(load<u64>(st + (i << 3))));
    this.reset();
  }

  final(): Uint8Array {
    const out = new Uint8Array(this.outLen);
    this.finalInto(out.dataStart);
    return out;
  }

  wipe(): void {
    wipeRaw(changetype<usize>(this.state), 64);
    this.reset();
  }
}

export function sha384(data: Uint8Array): Uint8Array {
  const h = new Sha512(true);
  h.update(data);
  return h.final();
}

export function sha512(data: Uint8Array): Uint8Array {
  const h = new Sha512(false);
  h.update(data);
  return h.final();
}
