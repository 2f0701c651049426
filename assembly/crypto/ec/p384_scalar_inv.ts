// Inversion modulo the P-384 group order n by Fermat's little theorem, a^(n-2), for the signing
// nonce (k^-1 in ecdsa_core.ts, through fld.ts finv): a secret, so constant time.
//
// n - 2 = 2^384 - 2^192 + L with L < 2^192 (FIPS 186-4 D.1.2.4): its top 192 bits are all ones
// and the low 192 bits are L. First the odd powers a, a^3, .., a^15 (1 squaring, 7
// multiplications); with x_k = a^(2^k - 1), x3 = a^7 is one of them, and x6, x12, .., x192 follow
// as x_2k = x_k^(2^k) x_k (189 squarings, 6 multiplications). L follows by left-to-right sliding
// windows of up to 4 bits over the odd powers: 192 squarings and 39 multiplications. In all 382
// squarings and 52 multiplications, against the 388 and 110 of fld.ts's generic 4-bit window.
//
// Constant time: the exponent is the public n - 2, so which squarings and multiplications run,
// in which order, on which table entry, is the same for every input; the field operations are
// straight-line (p384_scalar.ts). The table and temporaries hold powers of the secret and are
// wiped.
import { p384nMul, p384nSqr, P384N_EXP_INV } from "./p384_scalar";

const FE: usize = 48;
const ODD: usize = memory.data(8 * <i32>FE, 8); // a^(2j+1), j = 0..7
const X: usize = memory.data(<i32>FE, 8); // x_k
const Y: usize = memory.data(<i32>FE, 8);
const T: usize = memory.data(<i32>FE, 8);

// r = a^(2^n) * b, n >= 1 (a is read first and b last, so r may alias either).
function sqrnMul(r: usize, a: usize, n: i32, b: usize): void {
  p384nSqr(T, a);
  for (let i = 1; i < n; i++) p384nSqr(T, T);
  p384nMul(r, T, b);
}

// Bit i of n - 2 (public).
// @ts-ignore: decorator
@inline function expBit(i: i32): u32 {
  return (load<u32>(P384N_EXP_INV + (<usize>(i >> 5) << 2)) >> <u32>(i & 31)) & 1;
}

// r = a^-1 mod n (Montgomery form in and out, any R: the chain maps a R to a^-1 R); 0 maps to 0.
// r may alias a.
export function p384nInv(r: usize, a: usize): void {
  // Odd powers a^1 .. a^15 (a^2 in T).
  memory.copy(ODD, a, FE);
  p384nSqr(T, a);
  for (let j: usize = 1; j < 8; j++) p384nMul(ODD + j * FE, ODD + (j - 1) * FE, T);
  // x192 = a^(2^192 - 1): x3 = a^7 is ODD[3], x6 = x3^(2^3) x3, then doublings of k.
  sqrnMul(X, ODD + 3 * FE, 3, ODD + 3 * FE); // x6
  sqrnMul(Y, X, 6, X); // x12
  sqrnMul(X, Y, 12, Y); // x24
  sqrnMul(Y, X, 24, X); // x48
  sqrnMul(X, Y, 48, Y); // x96
  sqrnMul(Y, X, 96, X); // x192
  // The low 192 bits, most significant first, in windows that end on a one bit.
  let i = 191;
  while (i >= 0) {
    if (expBit(i) == 0) {
      p384nSqr(Y, Y);
      i--;
      continue;
    }
    // The longest window i .. j (at most 4 bits) whose lowest bit j is a one.
    let j = i - 3 < 0 ? 0 : i - 3;
    while (expBit(j) == 0) j++;
    let v: u32 = 0;
    for (let b = i; b >= j; b--) v = (v << 1) | expBit(b);
    for (let b = i; b >= j; b--) p384nSqr(Y, Y);
    p384nMul(Y, Y, ODD + <usize>(v >> 1) * FE);
    i = j - 1;
  }
  memory.copy(r, Y, FE);
  memory.fill(ODD, 0, 8 * FE);
  memory.fill(X, 0, FE);
  memory.fill(Y, 0, FE);
  memory.fill(T, 0, FE);
}
