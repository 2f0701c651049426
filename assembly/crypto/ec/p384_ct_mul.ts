// The constant-time P-384 scalar multiplications of mul_ct.ts (mulBaseCT, mulCT), run on the
// radix-2^26 field of p384_r26.ts instead of the saturated 32-bit Montgomery field: the r26
// multiplication has no carry chain in its product and is about twice as fast in Wasm. Same
// method as mul_ct.ts (read it first): signed digits, a fixed-base table of affine multiples for
// keygen and signing, a table of small multiples of P with doublings between windows for ECDH.
// The windows are wider than mul_ct.ts's 4 bits, where that saves work: the fixed-base
// multiplier uses 6-bit digits (65 windows, table j * 64^i * G, j = 1..32): one complete
// addition per window dominates, and the wider window needs a third fewer of them (see the
// table's generator); the variable-base one uses 5-bit digits (a 0..16 * P table, 15 additions
// to build, then 77 windows of five doublings and one addition instead of 96 of four and one). Inputs and outputs are the saturated Montgomery points of fld.ts/point.ts, converted
// at the ends (toSat reduces fully, so the identity comes back with Z = 0 exactly).
//
// Constant time (no secret-dependent branch or memory index):
//  - digits come from recodeSigned (arithmetic only); every window is processed;
//  - table entries are selected by reading every entry of the window under a mask (ctSelect);
//  - negation is always computed and chosen by mask;
//  - the point formulas are the complete RCB formulas (p384_ct_point.ts) and the Jacobian
//    doubling dbl-2001-b of p384_verify.ts, straight-line with no exceptional case (jac_ct.ts
//    gives the argument); the identity's Jacobian Y is set to 1 by mask, as in jac_ct.ts;
//  - the zero test of an N-form Z reduces fully first (p384r26Canon, masks only) and ORs the
//    limbs: N form holds 0 as 0, p or 2p.
import { P384 } from "./curve";
import { P384_BASE_TABLE26 } from "./p384_base_table";
import {
  p384r26Mul, p384r26Sqr, p384r26Sub28, p384r26Norm, p384r26Canon, P384R26_ONE,
} from "./p384_r26";
import { p384r26Inv } from "./p384_field_inv";
import { fromSat, toSat, dbl, p384r26WipeScratch } from "./p384_verify";
import { FE26, PT26, p384ctAdd, p384ctAddAffine, p384ctPointWipe } from "./p384_ct_point";
import { ctSelect120, ctSelect184, eqMask } from "./ct_select";

const BASE_W: i32 = 6; // fixed-base digit width
const BASE_WINDOWS: i32 = 65; // 64 six-bit windows + the final carry
const BASE_ENTRIES: i32 = 32; // table entries j * 64^i * G, j = 1..32, per window
const VAR_W: i32 = 5; // variable-base digit width
const VAR_WINDOWS: i32 = 78; // 77 five-bit windows (385 bits) + the final carry
const VAR_ENTRIES: i32 = 17; // 0..16 * P
const MAX_WINDOWS: i32 = 78;
const AFF: usize = 2 * FE26; // an affine entry, 120 bytes (a multiple of 8)
const VSTRIDE: usize = PT26 + 4; // projective table entries padded to a multiple of 8

const DIGITS: usize = memory.data(MAX_WINDOWS, 8);
const SEL: usize = memory.data(<i32>VSTRIDE, 8);
const NEGY: usize = memory.data(<i32>FE26, 8);
const TMP: usize = memory.data(<i32>PT26, 8);
const ACC: usize = memory.data(<i32>PT26, 8);
const ZC: usize = memory.data(<i32>FE26, 8);
const ZI: usize = memory.data(<i32>FE26, 8);
const VTAB: usize = memory.data(VAR_ENTRIES * <i32>VSTRIDE, 8); // 0..16 * P, projective
const BQ: usize = memory.data(<i32>FE26, 8); // the curve's b, N form
const PA: usize = memory.data(<i32>AFF, 8); // the variable base, affine

// The fixed-base table: a generated constant (p384_base_table.ts; see its generator for why).
// b in N form, converted on first use.
let bReady = false;

function curveB(): usize {
  if (!bReady) {
    fromSat(BQ, P384.b);
    bReady = true;
  }
  return BQ;
}

// r = mask ? a : r over `bytes` bytes (a multiple of 4).
function cmov(r: usize, a: usize, bytes: usize, mask: u32): void {
  for (let o: usize = 0; o < bytes; o += 4) {
    store<u32>(r + o, (load<u32>(r + o) & ~mask) | (load<u32>(a + o) & mask));
  }
}

// y (N form) -> -y when mask is all ones.
function condNegY(y: usize, mask: u32): void {
  memory.fill(NEGY, 0, FE26);
  p384r26Sub28(NEGY, NEGY, y);
  p384r26Norm(NEGY, NEGY);
  cmov(y, NEGY, FE26, mask);
}

// All ones when the N-form element a is 0 mod p.
function zeroMask(a: usize): u32 {
  p384r26Canon(ZC, a);
  let acc: u32 = 0;
  for (let o: usize = 0; o < FE26; o += 4) acc |= load<u32>(ZC + o);
  return ~(<u32>(<i32>(acc | (0 - acc)) >> 31));
}

function setIdentity(r: usize): void {
  memory.fill(r, 0, PT26);
  memory.copy(r + FE26, P384R26_ONE, FE26);
}

// Projective (X : Y : Z) -> Jacobian (X Z, Y Z^2, Z), the identity to (0, 1, 0); in place.
function projToJac(r: usize): void {
  const Z = r + 2 * FE26;
  const zmask = zeroMask(Z);
  p384r26Sqr(ZC, Z);
  p384r26Mul(r + FE26, r + FE26, ZC);
  cmov(r + FE26, P384R26_ONE, FE26, zmask);
  p384r26Mul(r, r, Z);
}

// Jacobian (X, Y, Z) -> projective (X Z : Y : Z^3); in place.
function jacToProj(r: usize): void {
  const Z = r + 2 * FE26;
  p384r26Mul(r, r, Z);
  p384r26Sqr(ZC, Z);
  p384r26Mul(Z, ZC, Z);
}

// N-form projective ACC -> saturated projective point r (48-byte coordinates).
function outSat(r: usize): void {
  toSat(r, ACC);
  toSat(r + 48, ACC + FE26);
  toSat(r + 96, ACC + 2 * FE26);
}

// k (plain 12-limb scalar, < 2^384) -> signed w-bit digits at digits[0 .. windows), least
// significant first: d_i = the w-bit window at bit w i + carry in, minus 2^w when >= 2^(w-1), so
// |d_i| <= 2^(w-1); the last digit (windows - 1) is the final carry, 0 or 1, and
// (windows - 1) w >= 384. Arithmetic only: the digits are secret. Which limbs a window spans
// depends on i and w alone (public).
export function recodeSigned(digits: usize, k: usize, w: i32, windows: i32): void {
  const mask: u32 = (1 << w) - 1;
  const half: i32 = 1 << (w - 1);
  let carry: i32 = 0;
  for (let i = 0; i < windows - 1; i++) {
    const bit = i * w;
    const limb = bit >> 5;
    const sh = <u32>(bit & 31);
    let v: u32 = 0;
    if (limb < 12) {
      v = load<u32>(k + (<usize>limb << 2)) >> sh;
      if (sh > <u32>(32 - w) && limb + 1 < 12) v |= load<u32>(k + (<usize>(limb + 1) << 2)) << (32 - sh);
    }
    let d = <i32>(v & mask) + carry;
    carry = (d + half) >> w;
    d -= carry << w;
    store<i8>(digits + <usize>i, <i8>d);
  }
  store<i8>(digits + <usize>(windows - 1), <i8>carry);
}

// r = k * G (saturated projective), k plain 12-limb scalar. Constant time in k.
export function p384MulBaseCT(r: usize, k: usize): void {
  const table = P384_BASE_TABLE26;
  const stride = <usize>BASE_ENTRIES * AFF;
  curveB();
  recodeSigned(DIGITS, k, BASE_W, BASE_WINDOWS);
  setIdentity(ACC);
  for (let i = 0; i < BASE_WINDOWS; i++) {
    const d = <i32>load<i8>(DIGITS + <usize>i);
    const sign = <u32>(d >> 31);
    const a = (d ^ <i32>sign) - <i32>sign;
    // entry a (1..32) of window i; zeros for a = 0 (the addition is then discarded)
    ctSelect120(SEL, table + <usize>i * stride, AFF, BASE_ENTRIES, a - 1);
    condNegY(SEL + FE26, sign);
    p384ctAddAffine(TMP, ACC, SEL, BQ);
    cmov(ACC, TMP, PT26, ~eqMask(a, 0));
  }
  outSat(r);
  wipe();
}

// r = k * P (saturated projective), P affine saturated Montgomery (validated), k plain 12-limb
// scalar. Constant time in k.
export function p384MulCT(r: usize, k: usize, P: usize): void {
  curveB();
  fromSat(PA, P);
  fromSat(PA + FE26, P + 48);
  setIdentity(VTAB);
  const P1 = VTAB + VSTRIDE;
  memory.copy(P1, PA, AFF);
  memory.copy(P1 + 2 * FE26, P384R26_ONE, FE26);
  for (let j = 2; j < VAR_ENTRIES; j++) p384ctAdd(VTAB + <usize>j * VSTRIDE, VTAB + <usize>(j - 1) * VSTRIDE, P1, BQ);
  recodeSigned(DIGITS, k, VAR_W, VAR_WINDOWS);
  // Top digit is the final carry, 0 or 1.
  setIdentity(ACC);
  cmov(ACC, P1, PT26, eqMask(<i32>load<i8>(DIGITS + <usize>(VAR_WINDOWS - 1)), 1));
  for (let i = VAR_WINDOWS - 2; i >= 0; i--) {
    projToJac(ACC);
    for (let j = 0; j < VAR_W; j++) dbl(ACC, ACC);
    jacToProj(ACC);
    const d = <i32>load<i8>(DIGITS + <usize>i);
    const sign = <u32>(d >> 31);
    const a = (d ^ <i32>sign) - <i32>sign;
    ctSelect184(SEL, VTAB, VSTRIDE, VAR_ENTRIES, a); // a * P, 0 <= a <= 16
    condNegY(SEL + FE26, sign);
    p384ctAdd(ACC, ACC, SEL, BQ);
  }
  outSat(r);
  wipe();
  memory.fill(VTAB, 0, <usize>VAR_ENTRIES * VSTRIDE);
  memory.fill(PA, 0, AFF);
}

function wipe(): void {
  memory.fill(DIGITS, 0, MAX_WINDOWS);
  memory.fill(SEL, 0, VSTRIDE);
  memory.fill(NEGY, 0, FE26);
  memory.fill(TMP, 0, PT26);
  memory.fill(ACC, 0, PT26);
  memory.fill(ZC, 0, FE26);
  p384ctPointWipe();
  p384r26WipeScratch();
}

// Affine coordinates of a saturated projective P-384 point (x = X/Z, y = Y/Z), saturated
// Montgomery form out; the identity gives (0, 0). The Z inversion (the chain of
// p384_field_inv.ts, constant time) runs in radix 2^26, where it is cheaper. withY = false
// computes x only. The flag is a per-call-site constant, not a secret.
export function p384ToAffine(out: usize, p: usize, withY: bool): void {
  fromSat(ZI, p + 96);
  p384r26Inv(ZI, ZI);
  fromSat(ZC, p);
  p384r26Mul(ZC, ZC, ZI);
  toSat(out, ZC);
  if (withY) {
    fromSat(ZC, p + 48);
    p384r26Mul(ZC, ZC, ZI);
    toSat(out + 48, ZC);
  }
  memory.fill(ZI, 0, FE26);
  memory.fill(ZC, 0, FE26);
  p384r26WipeScratch();
}
