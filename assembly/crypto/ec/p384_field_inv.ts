// Inversion in the P-384 base field by Fermat's little theorem, a^(p-2), along a fixed addition
// chain for p - 2 = 2^384 - 2^128 - 2^96 + 2^32 - 3: 385 squarings and 14 multiplications
// instead of the 384 + 110 of the generic 4-bit window (fld.ts). Used for the Z inversions of
// keygen, signing and ECDH (secret-derived values).
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

const FE: i32 = 48;
const X2: usize = memory.data(FE, 8);
const X3: usize = memory.data(FE, 8);
const X15: usize = memory.data(FE, 8);
const X30: usize = memory.data(FE, 8);
const X32: usize = memory.data(FE, 8);
const T: usize = memory.data(FE, 8);
const U: usize = memory.data(FE, 8);

// r = a^(2^n) * b, n >= 1 (r may alias a or b: it is written last).
function sqrnMul(r: usize, a: usize, n: i32, b: usize): void {
  p384fSqr(U, a);
  for (let i = 1; i < n; i++) p384fSqr(U, U);
  p384fMul(r, U, b);
}

// r = a^-1 (Montgomery form in and out; 0 maps to 0). r may alias a.
export function p384fInv(r: usize, a: usize): void {
  sqrnMul(X2, a, 1, a);
  sqrnMul(X3, X2, 1, a);
  sqrnMul(T, X3, 3, X3); // x6
  sqrnMul(T, T, 6, T); // x12
  sqrnMul(X15, T, 3, X3);
  sqrnMul(X30, X15, 15, X15);
  sqrnMul(X32, X30, 2, X2);
  sqrnMul(T, X30, 30, X30); // x60
  sqrnMul(T, T, 60, T); // x120
  sqrnMul(T, T, 120, T); // x240
  sqrnMul(T, T, 15, X15); // x255
  p384fSqr(T, T); // bit 128: 0
  sqrnMul(T, T, 32, X32);
  p384fSqr(U, T);
  for (let i = 1; i < 64; i++) p384fSqr(U, U); // 64 zeros
  sqrnMul(T, U, 30, X30);
  sqrnMul(r, T, 2, a);
  memory.fill(X2, 0, FE);
  memory.fill(X3, 0, FE);
  memory.fill(X15, 0, FE);
  memory.fill(X30, 0, FE);
  memory.fill(X32, 0, FE);
  memory.fill(T, 0, FE);
  memory.fill(U, 0, FE);
}
