// Variable-time point arithmetic in Jacobian coordinates (x = X/Z^2, y = Y/Z^3, identity Z = 0)
// for signature verification only, where every input is public. Cheaper than the complete
// projective formulas (doubling 3M+5S instead of 8M+3S) at the price of case analysis:
// doubling dbl-2001-b (a = -3), addition add-2007-bl, mixed addition madd-2007-bl, from the
// Explicit-Formulas Database (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html), with the
// exceptional cases (identity inputs, P = Q, P = -Q) handled by branches.
// Layout as in point.ts: X, Y, Z consecutive, Montgomery form. Outputs may alias inputs.
import { FE_MAX, fmul, fsqr, fadd, fsub, fcopy, fisZero } from "./fld";
import { Curve } from "./curve";
import { pointSetIdentity } from "./point";

const A: usize = memory.data(FE_MAX, 8);
const B: usize = memory.data(FE_MAX, 8);
const C_: usize = memory.data(FE_MAX, 8);
const D: usize = memory.data(FE_MAX, 8);
const E: usize = memory.data(FE_MAX, 8);
const H: usize = memory.data(FE_MAX, 8);
const R: usize = memory.data(FE_MAX, 8);
const X3: usize = memory.data(FE_MAX, 8);
const Y3: usize = memory.data(FE_MAX, 8);
const Z3: usize = memory.data(FE_MAX, 8);

function out3(C: Curve, r: usize): void {
  const fe = <usize>C.F.bytes;
  fcopy(C.F, r, X3);
  fcopy(C.F, r + fe, Y3);
  fcopy(C.F, r + 2 * fe, Z3);
}

// r = 2p (dbl-2001-b). The identity doubles to itself (Z3 = 2*Y*Z = 0).
export function jacDouble(C: Curve, r: usize, p: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  fsqr(F, A, Z1); // delta
  fsqr(F, B, Y1); // gamma
  fmul(F, C_, X1, B); // beta
  fsub(F, D, X1, A);
  fadd(F, E, X1, A);
  fmul(F, D, D, E);
  fadd(F, E, D, D);
  fadd(F, D, E, D); // alpha = 3 (X1 - delta)(X1 + delta)
  fadd(F, Z3, Y1, Z1);
  fsqr(F, Z3, Z3);
  fsub(F, Z3, Z3, B);
  fsub(F, Z3, Z3, A); // Z3 = (Y1 + Z1)^2 - gamma - delta
  fadd(F, C_, C_, C_);
  fadd(F, C_, C_, C_); // 4 beta
  fsqr(F, X3, D);
  fsub(F, X3, X3, C_);
  fsub(F, X3, X3, C_); // X3 = alpha^2 - 8 beta
  fsub(F, Y3, C_, X3);
  fmul(F, Y3, Y3, D);
  fsqr(F, B, B);
  fadd(F, B, B, B);
  fadd(F, B, B, B);
  fadd(F, B, B, B); // 8 gamma^2
  fsub(F, Y3, Y3, B);
  out3(C, r);
}

// r = p + q, both Jacobian (add-2007-bl).
export function jacAdd(C: Curve, r: usize, p: usize, q: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  const X2 = q, Y2 = q + fe, Z2 = q + 2 * fe;
  if (fisZero(F, Z2)) {
    if (r != p) memory.copy(r, p, 3 * fe);
    return;
  }
  if (fisZero(F, Z1)) {
    memory.copy(r, q, 3 * fe);
    return;
  }
  fsqr(F, A, Z1); // Z1Z1
  fsqr(F, B, Z2); // Z2Z2
  fmul(F, C_, X1, B); // U1
  fmul(F, D, X2, A); // U2
  fmul(F, E, Y1, Z2);
  fmul(F, E, E, B); // S1
  fmul(F, R, Y2, Z1);
  fmul(F, R, R, A); // S2
  fsub(F, H, D, C_); // H = U2 - U1
  fsub(F, R, R, E); // S2 - S1
  if (fisZero(F, H)) {
    if (fisZero(F, R)) jacDouble(C, r, p);
    else pointSetIdentity(C, r);
    return;
  }
  fadd(F, R, R, R); // r = 2 (S2 - S1)
  fadd(F, Z3, Z1, Z2);
  fsqr(F, Z3, Z3);
  fsub(F, Z3, Z3, A);
  fsub(F, Z3, Z3, B);
  fmul(F, Z3, Z3, H); // Z3
  fadd(F, A, H, H);
  fsqr(F, A, A); // I = (2H)^2
  fmul(F, B, H, A); // J = H * I
  fmul(F, C_, C_, A); // V = U1 * I
  fsqr(F, X3, R);
  fsub(F, X3, X3, B);
  fsub(F, X3, X3, C_);
  fsub(F, X3, X3, C_); // X3 = r^2 - J - 2V
  fsub(F, Y3, C_, X3);
  fmul(F, Y3, Y3, R);
  fmul(F, E, E, B);
  fadd(F, E, E, E);
  fsub(F, Y3, Y3, E); // Y3 = r (V - X3) - 2 S1 J
  out3(C, r);
}

// r = p + (x2, y2) affine (madd-2007-bl).
export function jacAddAffine(C: Curve, r: usize, p: usize, q: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  const X1 = p, Y1 = p + fe, Z1 = p + 2 * fe;
  const X2 = q, Y2 = q + fe;
  if (fisZero(F, Z1)) {
    fcopy(F, r, X2);
    fcopy(F, r + fe, Y2);
    fcopy(F, r + 2 * fe, F.one);
    return;
  }
  fsqr(F, A, Z1); // Z1Z1
  fmul(F, D, X2, A); // U2
  fmul(F, R, Y2, Z1);
  fmul(F, R, R, A); // S2
  fsub(F, H, D, X1); // H = U2 - X1
  fsub(F, R, R, Y1); // S2 - Y1
  if (fisZero(F, H)) {
    if (fisZero(F, R)) jacDouble(C, r, p);
    else pointSetIdentity(C, r);
    return;
  }
  fadd(F, R, R, R); // r
  fsqr(F, B, H); // HH
  fadd(F, Z3, Z1, H);
  fsqr(F, Z3, Z3);
  fsub(F, Z3, Z3, A);
  fsub(F, Z3, Z3, B); // Z3 = (Z1 + H)^2 - Z1Z1 - HH
  fadd(F, B, B, B);
  fadd(F, B, B, B); // I = 4 HH
  fmul(F, C_, H, B); // J
  fmul(F, D, X1, B); // V
  fsqr(F, X3, R);
  fsub(F, X3, X3, C_);
  fsub(F, X3, X3, D);
  fsub(F, X3, X3, D); // X3 = r^2 - J - 2V
  fsub(F, Y3, D, X3);
  fmul(F, Y3, Y3, R);
  fmul(F, E, Y1, C_);
  fadd(F, E, E, E);
  fsub(F, Y3, Y3, E); // Y3 = r (V - X3) - 2 Y1 J
  out3(C, r);
}
