// Jacobian doubling for the constant-time variable-base multiplier (mul_ct.ts, mulCT), and the
// conversions between the projective points of point.ts and Jacobian ones.
//
// Why: mulCT doubles four times per window and adds once. The complete projective doubling of
// point.ts costs 8M + 3S and ~21 additions; the Jacobian doubling dbl-2001-b (a = -3) of the
// Explicit-Formulas Database (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html) costs
// 3M + 4S and ~14 additions. The window's four doublings run in Jacobian coordinates and the
// point goes back to projective coordinates for the complete addition: 4M + 2S of conversions
// per window against ~20M saved.
//
// Constant time and correctness for every input (no branches here at all):
//  - dbl-2001-b has no exceptional case on these curves: the only point with Y = 0 would have
//    order 2, and the group order is prime; the identity (Z = 0) doubles to Z3 = 2 Y Z = 0.
//  - Representations: Jacobian (X, Y, Z) is x = X/Z^2, y = Y/Z^3; projective (X : Y : Z) is
//    x = X/Z, y = Y/Z. Projective -> Jacobian: (X Z, Y Z^2, Z). Jacobian -> projective:
//    (X Z, Y, Z^3). Both are exact for finite points (Z != 0).
//  - The identity: projective (0 : Y : 0) would map to (0, 0, 0), which the formulas would keep
//    at all zeros (not a valid point for the complete addition afterwards). So the Jacobian Y is
//    replaced by 1 under a mask when Z = 0; dbl-2001-b then maps (0, 1, 0) to (0, -8, 0), and
//    back to projective (0 : -8 : 0), a valid representation of the identity.
//  - Field arithmetic underneath is straight-line (p*_field.ts); the mask comes from fzeroMask
//    (arithmetic, no branch).
// Layout as in point.ts (X, Y, Z consecutive, Montgomery form). Outputs may alias inputs.
import { FE_MAX, fmul, fsqr, fadd, fsub, fcopy, fcmov, fzeroMask } from "./fld";
import { Curve } from "./curve";

const A: usize = memory.data(FE_MAX, 8);
const B: usize = memory.data(FE_MAX, 8);
const C_: usize = memory.data(FE_MAX, 8);
const D: usize = memory.data(FE_MAX, 8);
const E: usize = memory.data(FE_MAX, 8);

// r = 2p, Jacobian (dbl-2001-b, a = -3): 3M + 4S.
export function jacDoubleCT(C: Curve, r: usize, p: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  fsqr(F, A, Z1); // delta = Z1^2
  fsqr(F, B, Y1); // gamma = Y1^2
  fmul(F, C_, X1, B); // beta = X1 gamma
  fsub(F, D, X1, A);
  fadd(F, E, X1, A);
  fmul(F, D, D, E);
  fadd(F, E, D, D);
  fadd(F, D, E, D); // alpha = 3 (X1 - delta)(X1 + delta)
  fmul(F, E, Y1, Z1);
  fadd(F, r + 2 * fe, E, E); // Z3 = 2 Y1 Z1 (Y1, Z1 are read for the last time above)
  fadd(F, C_, C_, C_);
  fadd(F, C_, C_, C_); // 4 beta
  fsqr(F, E, D);
  fsub(F, E, E, C_);
  fsub(F, r, E, C_); // X3 = alpha^2 - 8 beta (X1 is not read again)
  fsub(F, E, C_, r);
  fmul(F, E, E, D); // alpha (4 beta - X3)
  fsqr(F, B, B);
  fadd(F, B, B, B);
  fadd(F, B, B, B);
  fadd(F, B, B, B); // 8 gamma^2
  fsub(F, r + fe, E, B); // Y3
}

// Projective (X : Y : Z) -> Jacobian (X Z, Y Z^2, Z), the identity to (0, 1, 0). r may alias p.
export function projToJacCT(C: Curve, r: usize, p: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const Z = p + 2 * fe;
  const zmask = fzeroMask(F, Z);
  fsqr(F, A, Z);
  fmul(F, r + fe, p + fe, A);
  fcmov(F, r + fe, F.one, zmask);
  fmul(F, r, p, Z);
  fcopy(F, r + 2 * fe, Z);
}

// Jacobian (X, Y, Z) -> projective (X Z : Y : Z^3). r may alias p.
export function jacToProjCT(C: Curve, r: usize, p: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const Z = p + 2 * fe;
  fmul(F, r, p, Z);
  fsqr(F, A, Z);
  fmul(F, r + 2 * fe, A, Z);
}

// Wipes the temporaries (they held values derived from secret scalars).
export function jacWipeScratch(): void {
  memory.fill(A, 0, FE_MAX);
  memory.fill(B, 0, FE_MAX);
  memory.fill(C_, 0, FE_MAX);
  memory.fill(D, 0, FE_MAX);
  memory.fill(E, 0, FE_MAX);
}
