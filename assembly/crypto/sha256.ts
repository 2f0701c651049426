// SHA-256 (FIPS 180-4 §6.2), streaming. All lengths are accepted, including zero.
//
// The compression works on raw pointers: whole 64-byte blocks of the caller's data are hashed in
// place and only a trailing partial block is copied into the context's buffer.
import { wipeRaw } from "./wipe";

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// FIPS 180-4 §5.3.3: initial hash value.
const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);


export const SHA256_BLOCK: i32 = 64;
export const SHA256_OUT: i32 = 32;

// @ts-ignore: decorator
@inline function bsig0(x: u32): u32 { return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22); }
// @ts-ignore: decorator
@inline function bsig1(x: u32): u32 { return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25); }
// @ts-ignore: decorator
@inline function ssig0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3); }
// @ts-ignore: decorator
@inline function ssig1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10); }
// Ch and Maj (§4.1.2) in their two-operation forms.
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 { return (x & y) | (z & (x | y)); }

// One compression of the 64-byte block at `block` into the 8-word state at `st` (§6.2.2). The
// message schedule lives in sixteen locals, W[t] overwriting W[t-16] every sixteen rounds, so no
// round touches memory but for its constant K[t]; the variable roles rotate by name.
function compress(st: usize, block: usize): void {
  let w0 = bswap<u32>(load<u32>(block, 0));
  let w1 = bswap<u32>(load<u32>(block, 4));
  let w2 = bswap<u32>(load<u32>(block, 8));
  let w3 = bswap<u32>(load<u32>(block, 12));
  let w4 = bswap<u32>(load<u32>(block, 16));
  let w5 = bswap<u32>(load<u32>(block, 20));
  let w6 = bswap<u32>(load<u32>(block, 24));
  let w7 = bswap<u32>(load<u32>(block, 28));
  let w8 = bswap<u32>(load<u32>(block, 32));
  let w9 = bswap<u32>(load<u32>(block, 36));
  let w10 = bswap<u32>(load<u32>(block, 40));
  let w11 = bswap<u32>(load<u32>(block, 44));
  let w12 = bswap<u32>(load<u32>(block, 48));
  let w13 = bswap<u32>(load<u32>(block, 52));
  let w14 = bswap<u32>(load<u32>(block, 56));
  let w15 = bswap<u32>(load<u32>(block, 60));
  let a = load<u32>(st), b = load<u32>(st, 4), c = load<u32>(st, 8), d = load<u32>(st, 12);
  let e = load<u32>(st, 16), f = load<u32>(st, 20), g = load<u32>(st, 24), h = load<u32>(st, 28);
  for (let j: usize = 0; j < 64; j += 16) {
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
    const k = K + (j << 2);
    h += bsig1(e) + ch(e, f, g) + load<u32>(k, 0) + w0; d += h; h += bsig0(a) + maj(a, b, c);
    g += bsig1(d) + ch(d, e, f) + load<u32>(k, 4) + w1; c += g; g += bsig0(h) + maj(h, a, b);
    f += bsig1(c) + ch(c, d, e) + load<u32>(k, 8) + w2; b += f; f += bsig0(g) + maj(g, h, a);
    e += bsig1(b) + ch(b, c, d) + load<u32>(k, 12) + w3; a += e; e += bsig0(f) + maj(f, g, h);
    d += bsig1(a) + ch(a, b, c) + load<u32>(k, 16) + w4; h += d; d += bsig0(e) + maj(e, f, g);
    c += bsig1(h) + ch(h, a, b) + load<u32>(k, 20) + w5; g += c; c += bsig0(d) + maj(d, e, f);
    b += bsig1(g) + ch(g, h, a) + load<u32>(k, 24) + w6; f += b; b += bsig0(c) + maj(c, d, e);
    a += bsig1(f) + ch(f, g, h) + load<u32>(k, 28) + w7; e += a; a += bsig0(b) + maj(b, c, d);
    h += bsig1(e) + ch(e, f, g) + load<u32>(k, 32) + w8; d += h; h += bsig0(a) + maj(a, b, c);
    g += bsig1(d) + ch(d, e, f) + load<u32>(k, 36) + w9; c += g; g += bsig0(h) + maj(h, a, b);
    f += bsig1(c) + ch(c, d, e) + load<u32>(k, 40) + w10; b += f; f += bsig0(g) + maj(g, h, a);
    e += bsig1(b) + ch(b, c, d) + load<u32>(k, 44) + w11; a += e; e += bsig0(f) + maj(f, g, h);
    d += bsig1(a) + ch(a, b, c) + load<u32>(k, 48) + w12; h += d; d += bsig0(e) + maj(e, f, g);
    c += bsig1(h) + ch(h, a, b) + load<u32>(k, 52) + w13; g += c; c += bsig0(d) + maj(d, e, f);
    b += bsig1(g) + ch(g, h, a) + load<u32>(k, 56) + w14; f += b; b += bsig0(c) + maj(c, d, e);
    a += bsig1(f) + ch(f, g, h) + load<u32>(k, 60) + w15; e += a; a += bsig0(b) + maj(b, c, d);
  }
  store<u32>(st, load<u32>(st) + a); store<u32>(st, load<u32>(st, 4) + b, 4);
  store<u32>(st, load<u32>(st, 8) + c, 8); store<u32>(st, load<u32>(st, 12) + d, 12);
  store<u32>(st, load<u32>(st, 16) + e, 16); store<u32>(st, load<u32>(st, 20) + f, 20);
  store<u32>(st, load<u32>(st, 24) + g, 24); store<u32>(st, load<u32>(st, 28) + h, 28);
}

export class Sha256 {
  private state: StaticArray<u32> = new StaticArray<u32>(8);
  private buf: StaticArray<u8> = new StaticArray<u8>(64);
  private fill: i32 = 0;
  private total: u64 = 0;

  constructor() {
    this.reset();
  }

  get blockLen(): i32 { return SHA256_BLOCK; }
  get outLen(): i32 { return SHA256_OUT; }

  // Back to the initial state; the buffered partial block is zeroed.
  reset(): void {
    memory.copy(changetype<usize>(this.state), IV, 32);
    wipeRaw(changetype<usize>(this.buf), 64);
    this.fill = 0;
    this.total = 0;
  }

  // Make this context a copy of `o` (used by HMAC to restart from a precomputed keyed state).
  copyFrom(o: Sha256): void {
    memory.copy(changetype<usize>(this.state), changetype<usize>(o.state), 32);
    memory.copy(changetype<usize>(this.buf), changetype<usize>(o.buf), 64);
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
      const take = min<usize>(64 - fill, n);
      memory.copy(buf + fill, ptr, take);
      fill += take; ptr += take; n -= take;
      if (fill < 64) { this.fill = <i32>fill; return; }
      compress(st, buf);
    }
    while (n >= 64) { compress(st, ptr); ptr += 64; n -= 64; }
    if (n > 0) memory.copy(buf, ptr, n);
    this.fill = <i32>n;
  }

  // Padding (§5.1.1), then the digest's 32 bytes to `out`; the context is reset for reuse.
  finalInto(out: usize): void {
    const st = changetype<usize>(this.state);
    const buf = changetype<usize>(this.buf);
    let fill = <usize>this.fill;
    store<u8>(buf + fill, 0x80);
    fill++;
    if (fill > 56) {
      memory.fill(buf + fill, 0, 64 - fill);
      compress(st, buf);
      fill = 0;
    }
    memory.fill(buf + fill, 0, 56 - fill);
    store<u64>(buf + 56, bswap<u64>(this.total << 3));
    compress(st, buf);
    for (let i: usize = 0; i < 8; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(st + (i << 2))));
    this.reset();
  }

  final(): Uint8Array {
    const out = new Uint8Array(SHA256_OUT);
    this.finalInto(out.dataStart);
    return out;
  }

  // Zero everything that may hold message or key material.
  wipe(): void {
    wipeRaw(changetype<usize>(this.state), 32);
    this.reset();
  }
}

export function sha256(data: Uint8Array): Uint8Array {
  const h = new Sha256();
  h.update(data);
  return h.final();
}
