// Point arithmetic in homogeneous projective coordinates (X:Y:Z), x = X/Z, y = Y/Z, identity
// (0:1:0), with the complete formulas of Renes, Costello and Batina, "Complete addition formulas
// for prime order elliptic curves" (EUROCRYPT 2016, ePrint 2015/1060), specialised to a = -3:
// Algorithm 4 (addition), 5 (mixed addition, second point affine) and 6 (doubling).
// "Complete" means one formula is correct for every pair of inputs, doubling and identity
// included, so the constant-time multipliers need no exceptional-case branches.
//
// A point occupies 3 consecutive field elements in linear memory (X, Y, Z; stride F.bytes);
// an affine point 2 (x, y). Coordinates are in Montgomery form. Outputs may alias inputs: each
// formula computes into private temporaries and copies out at the end.
import { Fld, FE_MAX, fmul, fsqr, fadd, fsub, fcopy, fzero, fzeroMask, fcmov } from "./fld";
import { Curve } from "./curve";

const T0: usize = memory.data(FE_MAX, 8);
const T1: usize = memory.data(FE_MAX, 8);
const T2: usize = memory.data(FE_MAX, 8);
const T3: usize = memory.data(FE_MAX, 8);
const T4: usize = memory.data(FE_MAX, 8);
const X3: usize = memory.data(FE_MAX, 8);
const Y3: usize = memory.data(FE_MAX, 8);
const Z3: usize = memory.data(FE_MAX, 8);

// Bytes of a projective point.
// @ts-ignore: decorator
@inline export function pointSize(C: Curve): usize {
  return <usize>(C.F.bytes * 3);
}

function out3(F: Fld, r: usize): void {
  const fe = <usize>F.bytes;
  fcopy(F, r, X3);
  fcopy(F, r + fe, Y3);
  fcopy(F, r + 2 * fe, Z3);
}

export function pointSetIdentity(C: Curve, r: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  fzero(F, r);
  fcopy(F, r + fe, F.one);
  fzero(F, r + 2 * fe);
}

// (x, y) affine -> (x : y : 1).
export function pointFromAffine(C: Curve, r: usize, a: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  fcopy(F, r, a);
  fcopy(F, r + fe, a + fe);
  fcopy(F, r + 2 * fe, F.one);
}

export function pointCopy(C: Curve, r: usize, a: usize): void {
  memory.copy(r, a, pointSize(C));
}

// r = mask ? a : r (projective), mask all ones or zero.
export function pointCmov(C: Curve, r: usize, a: usize, mask: u32): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  fcmov(F, r, a, mask);
  fcmov(F, r + fe, a + fe, mask);
  fcmov(F, r + 2 * fe, a + 2 * fe, mask);
}

// All ones when p is the identity (Z = 0).
export function pointIsIdentityMask(C: Curve, p: usize): u32 {
  return fzeroMask(C.F, p + 2 * <usize>C.F.bytes);
}

// r = p + q (RCB Algorithm 4, a = -3): 12M + 2 mul-by-b.
export function pointAdd(C: Curve, r: usize, p: usize, q: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  const X2 = q, Y2 = q + fe, Z2 = q + 2 * fe;
  const b = C.b;
  fmul(F, T0, X1, X2);
  fmul(F, T1, Y1, Y2);
  fmul(F, T2, Z1, Z2);
  fadd(F, T3, X1, Y1);
  fadd(F, T4, X2, Y2);
  fmul(F, T3, T3, T4);
  fadd(F, T4, T0, T1);
  fsub(F, T3, T3, T4);
  fadd(F, T4, Y1, Z1);
  fadd(F, X3, Y2, Z2);
  fmul(F, T4, T4, X3);
  fadd(F, X3, T1, T2);
  fsub(F, T4, T4, X3);
  fadd(F, X3, X1, Z1);
  fadd(F, Y3, X2, Z2);
  fmul(F, X3, X3, Y3);
  fadd(F, Y3, T0, T2);
  fsub(F, Y3, X3, Y3);
  fmul(F, Z3, b, T2);
  fsub(F, X3, Y3, Z3);
  fadd(F, Z3, X3, X3);
  fadd(F, X3, X3, Z3);
  fsub(F, Z3, T1, X3);
  fadd(F, X3, T1, X3);
  fmul(F, Y3, b, Y3);
  fadd(F, T1, T2, T2);
  fadd(F, T2, T1, T2);
  fsub(F, Y3, Y3, T2);
  fsub(F, Y3, Y3, T0);
  fadd(F, T1, Y3, Y3);
  fadd(F, Y3, T1, Y3);
  fadd(F, T1, T0, T0);
  fadd(F, T0, T1, T0);
  fsub(F, T0, T0, T2);
  fmul(F, T1, T4, Y3);
  fmul(F, T2, T0, Y3);
  fmul(F, Y3, X3, Z3);
  fadd(F, Y3, Y3, T2);
  fmul(F, X3, T3, X3);
  fsub(F, X3, X3, T1);
  fmul(F, Z3, T4, Z3);
  fmul(F, T1, T3, T0);
  fadd(F, Z3, Z3, T1);
  out3(F, r);
}

// r = p + (x2, y2) with the second point affine, never the identity (RCB Algorithm 5, a = -3):
// 11M + 2 mul-by-b. Correct for every p, including the identity and p = +-(x2, y2).
export function pointAddAffine(C: Curve, r: usize, p: usize, q: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  const X2 = q, Y2 = q + fe;
  const b = C.b;
  fmul(F, T0, X1, X2);
  fmul(F, T1, Y1, Y2);
  fadd(F, T3, X2, Y2);
  fadd(F, T4, X1, Y1);
  fmul(F, T3, T3, T4);
  fadd(F, T4, T0, T1);
  fsub(F, T3, T3, T4);
  fmul(F, T4, Y2, Z1);
  fadd(F, T4, T4, Y1);
  fmul(F, Y3, X2, Z1);
  fadd(F, Y3, Y3, X1);
  fmul(F, Z3, b, Z1);
  fsub(F, X3, Y3, Z3);
  fadd(F, Z3, X3, X3);
  fadd(F, X3, X3, Z3);
  fsub(F, Z3, T1, X3);
  fadd(F, X3, T1, X3);
  fmul(F, Y3, b, Y3);
  fadd(F, T1, Z1, Z1);
  fadd(F, T2, T1, Z1);
  fsub(F, Y3, Y3, T2);
  fsub(F, Y3, Y3, T0);
  fadd(F, T1, Y3, Y3);
  fadd(F, Y3, T1, Y3);
  fadd(F, T1, T0, T0);
  fadd(F, T0, T1, T0);
  fsub(F, T0, T0, T2);
  fmul(F, T1, T4, Y3);
  fmul(F, T2, T0, Y3);
  fmul(F, Y3, X3, Z3);
  fadd(F, Y3, Y3, T2);
  fmul(F, X3, T3, X3);
  fsub(F, X3, X3, T1);
  fmul(F, Z3, T4, Z3);
  fmul(F, T1, T3, T0);
  fadd(F, Z3, Z3, T1);
  out3(F, r);
}

// r = 2p (RCB Algorithm 6, a = -3): 8M + 3S + 2 mul-by-b.
export function pointDouble(C: Curve, r: usize, p: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X = p, Y = p + fe, Z = p + 2 * fe;
  const b = C.b;
  fsqr(F, T0, X);
  fsqr(F, T1, Y);
  fsqr(F, T2, Z);
  fmul(F, T3, X, Y);
  fadd(F, T3, T3, T3);
  fmul(F, Z3, X, Z);
  fadd(F, Z3, Z3, Z3);
  fmul(F, Y3, b, T2);
  fsub(F, Y3, Y3, Z3);
  fadd(F, X3, Y3, Y3);
  fadd(F, Y3, X3, Y3);
  fsub(F, X3, T1, Y3);
  fadd(F, Y3, T1, Y3);
  fmul(F, Y3, X3, Y3);
  fmul(F, X3, X3, T3);
  fadd(F, T3, T2, T2);
  fadd(F, T2, T2, T3);
  fmul(F, Z3, b, Z3);
  fsub(F, Z3, Z3, T2);
  fsub(F, Z3, Z3, T0);
  fadd(F, T3, Z3, Z3);
  fadd(F, Z3, Z3, T3);
  fadd(F, T3, T0, T0);
  fadd(F, T0, T3, T0);
  fsub(F, T0, T0, T2);
  fmul(F, T0, T0, Z3);
  fadd(F, Y3, Y3, T0);
  fmul(F, T0, Y, Z);
  fadd(F, T0, T0, T0);
  fmul(F, Z3, T0, Z3);
  fsub(F, X3, X3, Z3);
  fmul(F, Z3, T0, T1);
  fadd(F, Z3, Z3, Z3);
  fadd(F, Z3, Z3, Z3);
  out3(F, r);
}

// Wipes the formula temporaries (they held values derived from secret scalars).
export function pointWipeScratch(): void {
  memory.fill(T0, 0, FE_MAX);
  memory.fill(T1, 0, FE_MAX);
  memory.fill(T2, 0, FE_MAX);
  memory.fill(T3, 0, FE_MAX);
  memory.fill(T4, 0, FE_MAX);
  memory.fill(X3, 0, FE_MAX);
  memory.fill(Y3, 0, FE_MAX);
  memory.fill(Z3, 0, FE_MAX);
}
