// Variable-time inverse modulo the group order n of P-256 or P-384, for ECDSA verification only;
// the same algorithm modulo the P-384 field prime p serves verification's table of multiples of
// the public key (p384_verify.ts, one batched inversion to make the table affine).
//
// Why variable time is acceptable here: the only caller is signature verification
// (ecdsa_core.ts, verifyInner), which inverts the signature component s. Every input of a
// verification (public key, digest, signature) is public, so the running time of this inverse
// reveals nothing secret. It must never be used on a private scalar or a nonce: signing and key
// agreement keep the constant-time Fermat inversion of fld.ts (finv).
//
// Algorithm: the "safegcd" divstep iteration of D. J. Bernstein and B.-Y. Yang, "Fast
// constant-time gcd computation and modular inversion" (TCHES 2019, eprint 2019/266), in its
// variable-time form with the eta (= -delta) formulation and batches of 30 divsteps on signed
// 30-bit limbs, as described in P. Wuille's "The safegcd implementation in libsecp256k1
// explained" (doc/safegcd_implementation.md of libsecp256k1, sections 5-8):
//  - f = n, g = a, d = 0, e = 1, eta = -1. Invariants: f = d*a, g = e*a (mod n), f odd.
//  - Each batch computes the 2x2 transition matrix t of 30 divsteps from the low 32 bits of f
//    and g only (runs of zero bits of g are skipped with ctz; with eta >= 0, several steps
//    g <- (g + f)/2, g <- g/2 are merged by adding the multiple w*f of f that clears the next
//    min(eta + 1, remaining) low bits of g, w = -g/f mod 2^k), then applies t/2^30 to (f, g)
//    exactly and to (d, e) modulo n (adding the multiple of n that makes the low 30 bits zero).
//  - Stop when g = 0; then f = +-1 and a^-1 = +-d mod n.
// 724 divsteps suffice for 256-bit inputs and 1111 for 384-bit ones (Bernstein-Yang, section
// 11), so at most 25 / 38 batches; the loop is capped at 32 / 48 batches as a safety net (a
// capped run gives a wrong value, which makes the verification fail, never accept).
//
// Limbs: 9 (P-256) or 13 (P-384) x 30 bits, two's-complement signed values, lower limbs in
// [0, 2^30) after each update; products are 32 x 32 -> 64-bit (i64.mul), accumulators stay below
// 2^62 in magnitude. Values lie in (-2n, n), which needs 386 bits for P-384: 13 limbs hold 390.

const M30: i32 = 0x3fffffff;

// n in signed 30-bit limbs, least significant first (the top limb holds the rest).
const N30_P256: usize = memory.data<i32>([
  0x3c632551, 0x0ee72b0b, 0x3179e84f, 0x39beab69, 0x3fffffbc, 0x3fffffff, 0x00000fff, 0x3fffc000,
  0x0000ffff,
]);
const N30_P384: usize = memory.data<i32>([
  0x0cc52973, 0x33b065ab, 0x0b0a77ae, 0x06836c92, 0x372ddf58, 0x0d3607d0, 0x3ffffc76, 0x3fffffff,
  0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x00ffffff,
]);
// n^-1 mod 2^30.
const N_INV30_P256: u32 = 0x11ff43b1;
const N_INV30_P384: u32 = 0x177023bb;

// The P-384 field prime p = 2^384 - 2^128 - 2^96 + 2^32 - 1 (FIPS 186-4 D.1.2.4) the same way,
// and p^-1 mod 2^30 (p = -1 mod 2^32).
const P30_P384: usize = memory.data<i32>([
  0x3fffffff, 0x00000003, 0x00000000, 0x3fffffc0, 0x3ffffeff, 0x3fffffff, 0x3fffffff, 0x3fffffff,
  0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x00ffffff,
]);
const P_INV30_P384: u32 = 0x3fffffff;

const MAX_LIMBS: i32 = 13;
const VD: usize = memory.data(4 * MAX_LIMBS, 8);
const VE: usize = memory.data(4 * MAX_LIMBS, 8);
const VF: usize = memory.data(4 * MAX_LIMBS, 8);
const VG: usize = memory.data(4 * MAX_LIMBS, 8);

// The modulus of the inversion in progress: limb count, bytes of the limb vectors (4 * limbs),
// offset of the top limb, n's limbs and n^-1 mod 2^30.
let LB: usize = 36;
let TOP: usize = 32;
let N30: usize = N30_P256;
let N_INV30: u32 = N_INV30_P256;

// Transition matrix [[tu, tv], [tq, tr]] of the last batch; |tu| + |tv| <= 2^30, same for tq, tr.
let tu: i32 = 0;
let tv: i32 = 0;
let tq: i32 = 0;
let tr: i32 = 0;

// -f^-1 mod 2^32 for odd f (Newton: f*f = 1 mod 8, each step doubles the correct bits).
// @ts-ignore: decorator
@inline
function negInv32(f: u32): u32 {
  let x = f;
  x *= 2 - f * x;
  x *= 2 - f * x;
  x *= 2 - f * x;
  x *= 2 - f * x;
  return -x;
}

// 30 divsteps from the low bits f0 (odd), g0; sets tu..tr and returns the new eta.
function divsteps30(eta: i32, f0: u32, g0: u32): i32 {
  let u: u32 = 1, v: u32 = 0, q: u32 = 0, r: u32 = 1;
  let f = f0, g = g0;
  let ninv = negInv32(f);
  let i: i32 = 30;
  for (;;) {
    // Skip the zero low bits of g (at most i of them: the sentinel bit i).
    const zeros = <i32>ctz<u32>(g | (<u32>0xffffffff << <u32>i));
    g >>= <u32>zeros;
    u <<= <u32>zeros;
    v <<= <u32>zeros;
    eta -= zeros;
    i -= zeros;
    if (i == 0) break;
    // g is odd. With eta < 0: (f, g) <- (g, -f), eta <- -eta.
    if (eta < 0) {
      eta = -eta;
      let t = f;
      f = g;
      g = -t;
      t = u;
      u = q;
      q = -t;
      t = v;
      v = r;
      r = -t;
      ninv = negInv32(f);
    }
    // Clear the low min(eta + 1, i) bits of g by adding w*f.
    const limit = eta + 1 > i ? i : eta + 1;
    const m: u32 = <u32>0xffffffff >> <u32>(32 - limit);
    const w: u32 = (g * ninv) & m;
    g += f * w;
    q += u * w;
    r += v * w;
  }
  tu = <i32>u;
  tv = <i32>v;
  tq = <i32>q;
  tr = <i32>r;
  return eta;
}

// (d, e) <- t * (d, e) / 2^30 mod n. Inputs and outputs in (-2n, n).
function updateDE(): void {
  const u = tu, v = tv, q = tq, r = tr;
  const sd = load<i32>(VD + TOP) >> 31;
  const se = load<i32>(VE + TOP) >> 31;
  let md = (u & sd) + (v & se);
  let me = (q & sd) + (r & se);
  let di = load<i32>(VD);
  let ei = load<i32>(VE);
  let cd: i64 = <i64>u * <i64>di + <i64>v * <i64>ei;
  let ce: i64 = <i64>q * <i64>di + <i64>r * <i64>ei;
  md -= <i32>((N_INV30 * <u32>cd + <u32>md) & <u32>M30);
  me -= <i32>((N_INV30 * <u32>ce + <u32>me) & <u32>M30);
  const n0 = <i64>load<i32>(N30);
  cd += n0 * <i64>md;
  ce += n0 * <i64>me;
  cd >>= 30;
  ce >>= 30;
  for (let o: usize = 4; o < LB; o += 4) {
    di = load<i32>(VD + o);
    ei = load<i32>(VE + o);
    const ni = <i64>load<i32>(N30 + o);
    cd += <i64>u * <i64>di + <i64>v * <i64>ei + ni * <i64>md;
    ce += <i64>q * <i64>di + <i64>r * <i64>ei + ni * <i64>me;
    store<i32>(VD + o - 4, <i32>cd & M30);
    store<i32>(VE + o - 4, <i32>ce & M30);
    cd >>= 30;
    ce >>= 30;
  }
  store<i32>(VD + TOP, <i32>cd);
  store<i32>(VE + TOP, <i32>ce);
}

// (f, g) <- t * (f, g) / 2^30 (exact).
function updateFG(): void {
  const u = tu, v = tv, q = tq, r = tr;
  let fi = load<i32>(VF);
  let gi = load<i32>(VG);
  let cf: i64 = <i64>u * <i64>fi + <i64>v * <i64>gi;
  let cg: i64 = <i64>q * <i64>fi + <i64>r * <i64>gi;
  cf >>= 30;
  cg >>= 30;
  for (let o: usize = 4; o < LB; o += 4) {
    fi = load<i32>(VF + o);
    gi = load<i32>(VG + o);
    cf += <i64>u * <i64>fi + <i64>v * <i64>gi;
    cg += <i64>q * <i64>fi + <i64>r * <i64>gi;
    store<i32>(VF + o - 4, <i32>cf & M30);
    store<i32>(VG + o - 4, <i32>cg & M30);
    cf >>= 30;
    cg >>= 30;
  }
  store<i32>(VF + TOP, <i32>cf);
  store<i32>(VG + TOP, <i32>cg);
}

// Carries every limb but the top one into the next (they end in [0, 2^30)).
function propagate(x: usize): void {
  for (let o: usize = 0; o < TOP; o += 4) {
    const l = load<i32>(x + o);
    store<i32>(x + o + 4, load<i32>(x + o + 4) + (l >> 30));
    store<i32>(x + o, l & M30);
  }
}

// Adds n to x when x < 0 (sign from the top limb).
function addNIfNeg(x: usize): void {
  const c = load<i32>(x + TOP) >> 31;
  for (let o: usize = 0; o < LB; o += 4) store<i32>(x + o, load<i32>(x + o) + (load<i32>(N30 + o) & c));
}

// r = a^-1 mod n of P-256; a, r plain 8 x 32-bit little-endian limbs, a < n (0 maps to 0). r
// may alias a. Variable time: public inputs only (see the top of this file).
export function p256nInvVartime(r: usize, a: usize): void {
  LB = 36;
  TOP = 32;
  N30 = N30_P256;
  N_INV30 = N_INV30_P256;
  invVartime(r, a, 32, 32);
}

// The same modulo n of P-384; a, r plain 12 x 32-bit limbs.
export function p384nInvVartime(r: usize, a: usize): void {
  LB = 52;
  TOP = 48;
  N30 = N30_P384;
  N_INV30 = N_INV30_P384;
  invVartime(r, a, 48, 48);
}

// The same modulo the P-384 field prime p; a (in [1, p)) and r plain 12 x 32-bit limbs. Public
// inputs only (the verifier's table of multiples of the public key).
export function p384pInvVartime(r: usize, a: usize): void {
  LB = 52;
  TOP = 48;
  N30 = P30_P384;
  N_INV30 = P_INV30_P384;
  invVartime(r, a, 48, 48);
}

// r = a^-1 mod N30 (set above); a and r have `bytes` bytes of 32-bit limbs; at most maxIter
// batches.
function invVartime(r: usize, a: usize, bytes: usize, maxIter: i32): void {
  // a -> 30-bit limbs in g; f = n, d = 0, e = 1.
  let acc: u64 = 0;
  let bits: i32 = 0;
  let src: usize = 0;
  for (let o: usize = 0; o < LB; o += 4) {
    if (bits < 30 && src < bytes) {
      acc |= <u64>load<u32>(a + src) << <u64>bits;
      bits += 32;
      src += 4;
    }
    store<i32>(VG + o, <i32>(<u32>acc & <u32>M30));
    acc >>= 30;
    bits -= 30;
    if (bits < 0) bits = 0;
  }
  memory.copy(VF, N30, LB);
  memory.fill(VD, 0, LB);
  memory.fill(VE, 0, LB);
  store<i32>(VE, 1);

  let eta: i32 = -1;
  for (let it = 0; it < maxIter; it++) {
    eta = divsteps30(eta, load<u32>(VF), load<u32>(VG));
    updateDE();
    updateFG();
    if (load<i32>(VG) == 0) {
      let any: i32 = 0;
      for (let o: usize = 4; o < LB; o += 4) any |= load<i32>(VG + o);
      if (any == 0) break;
    }
  }

  // d in (-2n, n) -> (-n, n), times the sign of f (+-1), then -> [0, n).
  addNIfNeg(VD);
  const neg = load<i32>(VF + TOP) >> 31;
  for (let o: usize = 0; o < LB; o += 4) store<i32>(VD + o, (load<i32>(VD + o) ^ neg) - neg);
  propagate(VD);
  addNIfNeg(VD);
  propagate(VD);

  // 30-bit -> 32-bit limbs.
  acc = 0;
  bits = 0;
  let dst: usize = 0;
  for (let o: usize = 0; o < LB; o += 4) {
    acc |= <u64><u32>load<i32>(VD + o) << <u64>bits;
    bits += 30;
    while (bits >= 32 && dst < bytes) {
      store<u32>(r + dst, <u32>acc);
      acc >>= 32;
      bits -= 32;
      dst += 4;
    }
  }
  if (dst < bytes) store<u32>(r + dst, <u32>acc);
}
