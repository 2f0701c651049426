// Inversion in the P-384 base field by Fermat's little theorem, a^(p-2), along a fixed addition
// chain for p - 2 = 2^384 - 2^128 - 2^96 + 2^32 - 3: 385 squarings and 14 multiplications
// instead of the 384 + 110 of the generic 4-bit window (fld.ts). Used for the Z inversions of
// keygen, signing and ECDH (secret-derived values), in either representation of the field: the
// saturated one of p384_field.ts (p384fInv) and the radix-2^26 one of p384_r26.ts (p384r26Inv,
// N form in and out; Montgomery form with any R gives a^-1 R from a R along the same chain).
// The representation is a public, per-call-site constant, so the branch on it reveals nothing.
//
// Constant time: the chain is fixed (the exponent is the public p - 2), so the sequence of
// squarings and multiplications and the addresses they touch are the same for every input; the
// field operations are straight-line (p384_field.ts). Temporaries are wiped.
//
// p - 2 in binary, from the top: 255 ones (bits 383..129), a zero (bit 128), 32 ones (127..96),
// 64 zeros (95..32), 30 ones (31..2), then 01. With x_k = a^(2^k - 1):
//   x2, x3, x6, x12, x15, x30, x60, x120, x240, x255 (each x_(i+j) = x_i^(2^j) * x_j), x32;
//   t = x255; t = t^2; t = t^(2^32) x32; t = t^(2^64); t = t^(2^30) x30; t = t^(2^2) a.
import { p384fMul, p384fSqr } from "./p384_field";
import { p384r26Mul, p384r26Sqr } from "./p384_r26";

const FE: i32 = 60; // the larger element (radix 2^26, 15 limbs)
const X2: usize = memory.data(FE, 8);
const X3: usize = memory.data(FE, 8);
const X15: usize = memory.data(FE, 8);
const X30: usize = memory.data(FE, 8);
const X32: usize = memory.data(FE, 8);
const T: usize = memory.data(FE, 8);
const U: usize = memory.data(FE, 8);

// @ts-ignore: decorator
@inline function sqr(r26: bool, r: usize, a: usize): void {
  if (r26) p384r26Sqr(r, a);
  else p384fSqr(r, a);
}

// r = a^(2^n) * b, n >= 1 (r may alias a or b: it is written last).
function sqrnMul(r26: bool, r: usize, a: usize, n: i32, b: usize): void {
  sqr(r26, U, a);
  for (let i = 1; i < n; i++) sqr(r26, U, U);
  if (r26) p384r26Mul(r, U, b);
  else p384fMul(r, U, b);
}

// r = a^-1 (Montgomery form in and out; 0 maps to 0). r may alias a.
export function p384fInv(r: usize, a: usize): void {
  chainInv(false, r, a);
}

// The same in radix 2^26 (N form in and out; 0, p or 2p map to a zero).
export function p384r26Inv(r: usize, a: usize): void {
  chainInv(true, r, a);
}

function chainInv(r26: bool, r: usize, a: usize): void {
  sqrnMul(r26, X2, a, 1, a);
  sqrnMul(r26, X3, X2, 1, a);
  sqrnMul(r26, T, X3, 3, X3); // x6
  sqrnMul(r26, T, T, 6, T); // x12
  sqrnMul(r26, X15, T, 3, X3);
  sqrnMul(r26, X30, X15, 15, X15);
  sqrnMul(r26, X32, X30, 2, X2);
  sqrnMul(r26, T, X30, 30, X30); // x60
  sqrnMul(r26, T, T, 60, T); // x120
  sqrnMul(r26, T, T, 120, T); // x240
  sqrnMul(r26, T, T, 15, X15); // x255
  sqr(r26, T, T); // bit 128: 0
  sqrnMul(r26, T, T, 32, X32);
  sqr(r26, U, T);
  for (let i = 1; i < 64; i++) sqr(r26, U, U); // 64 zeros
  sqrnMul(r26, T, U, 30, X30);
  sqrnMul(r26, r, T, 2, a);
  memory.fill(X2, 0, FE);
  memory.fill(X3, 0, FE);
  memory.fill(X15, 0, FE);
  memory.fill(X30, 0, FE);
  memory.fill(X32, 0, FE);
  memory.fill(T, 0, FE);
  memory.fill(U, 0, FE);
}
