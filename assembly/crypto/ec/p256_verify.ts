// u1*G + u2*Q on P-256 for signature verification, in the radix-2^26 field of p256_r26.ts.
//
// Every input here is public (the key, the digest, the signature), so this code branches on
// scalar digits and on exceptional cases; it is never used with a secret. Method: both scalars
// in width-w NAF (Straus/Shamir interleaving, one shared chain of 256 doublings): u2 with w = 5
// over the Jacobian odd multiples Q, 3Q, .., 15Q computed per call; u1 with w = 8 over the affine
// odd multiples G, 3G, .., 127G (mixed additions) of the generated G table. About 256
// doublings, 43 Jacobian and 28 mixed additions per verification.
//
// Keys with a split table (p256_split_tables.ts: Intel's root CA key, which signs 3 of the 9
// verifications of a quote's collateral chain) take p256MulSplitVartime instead: each scalar
// as four 64-bit parts over tables of 2^(64 j) G and 2^(64 j) Q, so 64 doublings and about 57
// mixed additions.
//
// Formulas (Jacobian, x = X/Z^2, y = Y/Z^3, identity Z = 0), from the Explicit-Formulas Database
// (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html): doubling dbl-2001-b (a = -3),
// addition add-2007-bl and mixed addition madd-2007-bl, each one generated straight-line
// function (p256_point26.ts, with their limb bounds), with the identity and P = +-Q handled by
// branches here.
//
// Limb bounds. Stored points and table entries are in N form (limbs < 2^26, top < 2^23). The
// multiplication takes limbs < 2^29.5, sub28/sub29 take subtrahends with limbs <= 2^28 / 2^29
// and add less than 2^29.2 to each limb of the minuend, norm takes limbs < 2^31. The comment on
// each line gives the bound of its result limbs.
import { FE_MAX, ffromMont, ftoMont, fromBytesBE } from "./fld";
import { P256 } from "./curve";
import {
  p26Mul, p26Sqr, p26Sub28, p26Norm, p26Canon, P26_P, P26_2P, P26_ONE, P26_R2, P26_PLAIN_ONE,
} from "./p256_r26";
import { wnafRecode } from "./wnaf";
import { p26Dbl, p26Add, p26AddAffine } from "./p256_point26";
import { P256_G_SPLIT26, P256_ROOT_PUB, P256_ROOT_SPLIT26 } from "./p256_split_tables";

const FE: usize = 40;
const PT: usize = 3 * FE;

// Scratch elements.
const A: usize = memory.data(<i32>FE, 8);
const B: usize = memory.data(<i32>FE, 8);
const D: usize = memory.data(<i32>FE, 8);
const E: usize = memory.data(<i32>FE, 8);
const R: usize = memory.data(<i32>FE, 8);
const CONV: usize = memory.data(FE_MAX, 8);

const QTAB: usize = memory.data(8 * <i32>PT, 8); // (2j+1)Q, j = 0..7, Jacobian
const NEG: usize = memory.data(2 * <i32>FE, 8); // a negated affine entry
const NEGJ: usize = memory.data(<i32>PT, 8); // a negated Jacobian entry
const ACC: usize = memory.data(<i32>PT, 8);
const NAF1: usize = memory.data(260, 8);
const NAF2: usize = memory.data(260, 8);

const G_WIDTH: i32 = 8; // the G table holds the odd multiples 1..127 (P256_G_SPLIT26, j = 0)

// Split tables (p256_split_tables.ts): 4 sub-scalars of 64 bits, width-8 NAF, 64 odd multiples.
const SPLIT_SUBS: i32 = 4;
const SPLIT_BITS: i32 = 64;
const SPLIT_ODD: i32 = 64;
export const SPLIT_BYTES: usize = <usize>(SPLIT_SUBS * SPLIT_ODD) * 2 * FE;

// --- field helpers -----------------------------------------------------------------------------

function copy(r: usize, a: usize): void {
  memory.copy(r, a, FE);
}

// True when a == 0 mod p; a in N form (< 2^257 < 3p, so a is 0, p or 2p, each with one N-form
// limb vector). Variable time (public data): the low limb alone rules out almost every non-zero
// value, so the usual case is one load.
function isZeroN(a: usize): bool {
  const l0 = load<u32>(a);
  if (l0 != 0 && l0 != 0x3ffffff && l0 != 0x3fffffe) return false; // low limbs of 0, p, 2p
  let z: u32 = 0, zp: u32 = 0, z2p: u32 = 0;
  for (let i: usize = 0; i < FE; i += 4) {
    const v = load<u32>(a + i);
    z |= v;
    zp |= v ^ load<u32>(P26_P + i);
    z2p |= v ^ load<u32>(P26_2P + i);
  }
  return z == 0 || zp == 0 || z2p == 0;
}

// Saturated Montgomery element of fld.ts (P256.F) -> N-form Montgomery element here.
function fromSat(r: usize, a: usize): void {
  ffromMont(P256.F, CONV, a); // plain, 8 x 32 bits
  let acc: u64 = 0;
  let bits: u32 = 0;
  let src: usize = 0;
  for (let i: usize = 0; i < 10; i++) {
    while (bits < 26 && src < 32) {
      acc |= <u64>load<u32>(CONV + src) << bits;
      bits += 32;
      src += 4;
    }
    store<u32>(r + (i << 2), i < 9 ? <u32>(acc & 0x3ffffff) : <u32>acc);
    acc >>= 26;
    bits = bits >= 26 ? bits - 26 : 0;
  }
  p26Mul(r, r, P26_R2);
}

// N-form Montgomery element here -> saturated Montgomery element of fld.ts.
function toSat(r: usize, a: usize): void {
  p26Mul(E, a, P26_PLAIN_ONE);
  p26Canon(E, E);
  let acc: u64 = 0;
  let bits: u32 = 0;
  let dst: usize = 0;
  for (let i: usize = 0; i < 10; i++) {
    acc |= <u64>load<u32>(E + (i << 2)) << bits;
    bits += 26;
    while (bits >= 32 && dst < 32) {
      store<u32>(CONV + dst, <u32>acc);
      acc >>= 32;
      bits -= 32;
      dst += 4;
    }
  }
  if (dst < 32) store<u32>(CONV + dst, <u32>acc);
  ftoMont(P256.F, r, CONV);
}

// r = a^-1 (Fermat, a^(p-2)); 0 maps to 0. Only used to build split tables (public data).
function inv(r: usize, a: usize): void {
  // p - 2 = 2^256 - 2^224 + 2^192 + 2^96 - 3, bits from the top.
  copy(D, a);
  for (let i = 254; i >= 0; i--) {
    p26Sqr(D, D);
    let bit = false;
    if (i >= 224) bit = true; // 2^256 - 2^224 has bits 224..255
    else if (i == 192) bit = true;
    else if (i >= 96 && i < 192) bit = false;
    else if (i < 96) bit = i != 1; // 2^96 - 3 = ...11101
    if (bit) p26Mul(D, D, a);
  }
  copy(r, D);
}

// --- point formulas ----------------------------------------------------------------------------

function setIdentity(r: usize): void {
  memory.fill(r, 0, PT);
  copy(r + FE, P26_ONE);
}

// r = 2p, p Jacobian in N form (r may alias p): dbl-2001-b as one generated straight-line function
// (p256_point26.ts).
// @ts-ignore: decorator
@inline function dbl(r: usize, p: usize): void {
  p26Dbl(r, p);
}

// r = p + q, both Jacobian in N form (add-2007-bl, generated: p256_point26.ts). r may alias p.
function add(r: usize, p: usize, q: usize): void {
  const Y1 = p + FE, Z1 = p + 2 * FE;
  const Y2 = q + FE, Z2 = q + 2 * FE;
  if (isZeroN(Z2)) {
    if (r != p) memory.copy(r, p, PT);
    return;
  }
  if (isZeroN(Z1)) {
    memory.copy(r, q, PT);
    return;
  }
  if (p26Add(r, p, q)) return;
  // H = 0: x(p) = x(q), so p = q (double) or p = -q (the identity); S2 - S1 tells which.
  p26Sqr(A, Z1); // Z1Z1
  p26Sqr(B, Z2); // Z2Z2
  p26Mul(E, Y1, Z2);
  p26Mul(E, E, B); // S1
  p26Mul(R, Y2, Z1);
  p26Mul(R, R, A); // S2
  p26Sub28(R, R, E);
  p26Norm(R, R); // S2 - S1, N
  if (isZeroN(R)) dbl(r, p);
  else setIdentity(r);
}

// r = p + (x2, y2), p Jacobian, q affine, both N form (madd-2007-bl, generated:
// p256_point26.ts). r may alias p.
function addAffine(r: usize, p: usize, q: usize): void {
  const Y1 = p + FE, Z1 = p + 2 * FE;
  const X2 = q, Y2 = q + FE;
  if (isZeroN(Z1)) {
    copy(r, X2);
    copy(r + FE, Y2);
    copy(r + 2 * FE, P26_ONE);
    return;
  }
  if (p26AddAffine(r, p, q)) return;
  // H = 0: p = q (double) or p = -q (the identity); S2 - Y1 tells which.
  p26Sqr(A, Z1); // Z1Z1
  p26Mul(R, Y2, Z1);
  p26Mul(R, R, A); // S2
  p26Sub28(R, R, Y1);
  p26Norm(R, R); // S2 - Y1, N
  if (isZeroN(R)) dbl(r, p);
  else setIdentity(r);
}

// y -> -y (N form in and out), into dst.
function negate(dst: usize, y: usize): void {
  memory.fill(dst, 0, FE);
  p26Sub28(dst, dst, y);
  p26Norm(dst, dst);
}

// --- tables and recoding -----------------------------------------------------------------------

// Affine (N form) from `count` Jacobian points (none the identity) with one inversion
// (Montgomery's trick: invert the product of all Z, then peel each inverse off with two
// multiplications). out: count entries of 2 FE; jac: count entries of PT. Public data only.
function batchAffine(out: usize, jac: usize, count: i32): void {
  const pre = heap.alloc(<usize>count * FE); // pre[j] = Z_0 * .. * Z_j
  const zi = heap.alloc(FE);
  const acc = heap.alloc(FE);
  copy(pre, jac + 2 * FE);
  for (let j = 1; j < count; j++) p26Mul(pre + <usize>j * FE, pre + <usize>(j - 1) * FE, jac + <usize>j * PT + 2 * FE);
  inv(acc, pre + <usize>(count - 1) * FE); // (Z_0 .. Z_last)^-1
  for (let j = count - 1; j >= 0; j--) {
    const P = jac + <usize>j * PT;
    if (j > 0) {
      p26Mul(zi, acc, pre + <usize>(j - 1) * FE); // Z_j^-1
      p26Mul(acc, acc, P + 2 * FE); // (Z_0 .. Z_(j-1))^-1
    } else {
      copy(zi, acc);
    }
    // x = X/Z^2, y = Y/Z^3 (N form; the constant tables hold the same values fully reduced).
    const e = out + <usize>j * 2 * FE;
    p26Sqr(R, zi);
    p26Mul(e, P, R);
    p26Mul(R, R, zi);
    p26Mul(e + FE, P + FE, R);
  }
  heap.free(pre);
  heap.free(zi);
  heap.free(acc);
}

// Builds the split table of the affine point Q (saturated Montgomery form of fld.ts) at out
// (SPLIT_BYTES): the layout of the generated tables in p256_split_tables.ts, (2i + 1) 2^(64 j) Q
// at index 64 j + i. Q must be a valid point (of order n). The generated tables are constant
// data; this builds one for any key, for tests of the split path and of those constants.
export function p256SplitTableBuild(out: usize, Q: usize): void {
  const count = SPLIT_SUBS * SPLIT_ODD;
  const jac = heap.alloc(<usize>count * PT);
  const B = heap.alloc(PT);
  const B2 = heap.alloc(PT);
  fromSat(B, Q);
  fromSat(B + FE, Q + 32);
  copy(B + 2 * FE, P26_ONE);
  for (let j = 0; j < SPLIT_SUBS; j++) {
    const row = jac + <usize>(j * SPLIT_ODD) * PT;
    memory.copy(row, B, PT);
    dbl(B2, B);
    for (let i = 1; i < SPLIT_ODD; i++) add(row + <usize>i * PT, row + <usize>(i - 1) * PT, B2);
    for (let k = 0; k < SPLIT_BITS; k++) dbl(B, B);
  }
  // (2i + 1) 2^(64 j) < n: no entry is the identity.
  batchAffine(out, jac, count);
  heap.free(jac);
  heap.free(B);
  heap.free(B2);
}

// r = u1*G + u2*Q as a Jacobian point of fld.ts (saturated Montgomery form, x = X/Z^2; Z = 0 for
// the identity). u1, u2: plain 8-limb scalars < n; Q: affine, saturated Montgomery form.
export function p256MulDoubleVartime(r: usize, u1: usize, u2: usize, Q: usize): void {
  const gt = P256_G_SPLIT26; // its first 64 entries: (2i + 1) G
  // Odd multiples of Q.
  fromSat(QTAB, Q);
  fromSat(QTAB + FE, Q + 32);
  copy(QTAB + 2 * FE, P26_ONE);
  dbl(ACC, QTAB);
  for (let j = 1; j < 8; j++) add(QTAB + <usize>j * PT, QTAB + <usize>(j - 1) * PT, ACC);

  const len1 = wnafRecode(NAF1, u1, 8, G_WIDTH);
  const len2 = wnafRecode(NAF2, u2, 8, 5);
  setIdentity(ACC);
  let started = false;
  for (let i = max(len1, len2) - 1; i >= 0; i--) {
    if (started) dbl(ACC, ACC);
    const d2 = i < len2 ? <i32>load<i8>(NAF2 + <usize>i) : 0;
    if (d2 != 0) {
      const e = QTAB + <usize>((d2 < 0 ? -d2 : d2) >> 1) * PT;
      if (d2 > 0) {
        add(ACC, ACC, e);
      } else {
        copy(NEGJ, e);
        negate(NEGJ + FE, e + FE);
        copy(NEGJ + 2 * FE, e + 2 * FE);
        add(ACC, ACC, NEGJ);
      }
      started = true;
    }
    const d1 = i < len1 ? <i32>load<i8>(NAF1 + <usize>i) : 0;
    if (d1 != 0) {
      addDigit(gt, 0, d1);
      started = true;
    }
  }
  accOut(r);
}

// r (Jacobian, saturated Montgomery form of fld.ts) = ACC.
function accOut(r: usize): void {
  const fe = <usize>P256.F.bytes;
  toSat(r, ACC);
  toSat(r + fe, ACC + FE);
  if (isZeroN(ACC + 2 * FE)) memory.fill(r + 2 * fe, 0, fe);
  else toSat(r + 2 * fe, ACC + 2 * FE);
}

// ACC += d * entry of the affine table t: entry index base + |d| / 2 (d odd, non-zero).
// @ts-ignore: decorator
@inline function addDigit(t: usize, base: i32, d: i32): void {
  const e = t + <usize>(base + ((d < 0 ? -d : d) >> 1)) * 2 * FE;
  if (d > 0) {
    addAffine(ACC, ACC, e);
  } else {
    copy(NEG, e);
    negate(NEG + FE, e + FE);
    addAffine(ACC, ACC, NEG);
  }
}

// r = u1*G + u2*Q like p256MulDoubleVartime, with split tables of G (gs) and Q (qs) in the
// layout of p256_split_tables.ts (a table of Q that is not Q's gives a wrong result, not a
// fault). Both scalars in width-8 NAF over all 256 bits; the digit at position 64 j + i
// multiplies the table row of 2^(64 j) P and enters the shared chain at doubling step i, so the
// chain has 64 doublings (65 when a scalar's NAF has a digit at 256), with about 2 * 256 / 9
// mixed additions.
export function p256MulSplitVartime(r: usize, u1: usize, u2: usize, gs: usize, qs: usize): void {
  const len1 = wnafRecode(NAF1, u1, 8, 8);
  const len2 = wnafRecode(NAF2, u2, 8, 8);
  setIdentity(ACC);
  let started = false;
  // Digit 256 (a carry out of the top) belongs to row 3 at step 64; rows 0..2 stop at 63, their
  // step-64 position being the next row's step 0.
  const top = max(len1, len2) > SPLIT_SUBS * SPLIT_BITS ? SPLIT_BITS : SPLIT_BITS - 1;
  for (let i = top; i >= 0; i--) {
    if (started) dbl(ACC, ACC);
    for (let j = i == SPLIT_BITS ? SPLIT_SUBS - 1 : 0; j < SPLIT_SUBS; j++) {
      const k = <usize>(j * SPLIT_BITS + i);
      const d1 = <i32>load<i8>(NAF1 + k);
      const d2 = <i32>load<i8>(NAF2 + k);
      if (d1 != 0) {
        addDigit(gs, j * SPLIT_ODD, d1);
        started = true;
      }
      if (d2 != 0) {
        addDigit(qs, j * SPLIT_ODD, d2);
        started = true;
      }
    }
  }
  accOut(r);
}

// The built-in split table of the uncompressed public key at pub (04 || x || y), or 0 when it
// has none. A byte compare: the key is public.
export function p256KnownSplit(pub: usize, pubLen: i32): usize {
  if (pubLen != 65) return 0;
  let diff: u64 = <u64>(load<u8>(pub) ^ load<u8>(P256_ROOT_PUB));
  for (let o: usize = 1; o < 65; o += 8) diff |= load<u64>(pub + o) ^ load<u64>(P256_ROOT_PUB + o);
  return diff == 0 ? P256_ROOT_SPLIT26 : 0;
}
