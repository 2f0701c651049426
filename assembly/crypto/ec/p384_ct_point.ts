// The complete Renes-Costello-Batina formulas of point.ts (Algorithms 4 and 5, a = -3), on the
// radix-2^26 P-384 field of p384_r26.ts, for the constant-time multipliers of p384_ct_mul.ts
// (keygen, signing, ECDH). Same operation sequence as point.ts (read it for the formulas); only
// the field representation differs, so the sequences of 2x and 3x additions become a scale by 3
// and a few normalisations are inserted to keep limbs within the field's input bounds.
//
// Constant time: straight-line code. The r26 functions are branch-free and loop-free with fixed
// addresses, and the formulas are complete (no case analysis for doubling or the identity).
//
// Limb bounds, in units u = 2^26 ("[k]" on a line: every limb of the result < k u):
//  - N form (outputs of mul/sqr/norm, inputs and outputs here): [1].
//  - mul/sqr inputs must be < 2^29.5 = 11.3 u; norm inputs < 2^31 = 32 u; scale by 3 needs
//    3 a_i < 2^32.
//  - add: bounds add. sub28 (a - b + K28): needs b <= 4 u, gives < a + 5 u (K28 limbs < 5 u).
// Every subtrahend below is <= [3] and every mul input <= [8]; the largest norm input is [11].
// Outputs are normalised to N form, so the formulas can be chained and their outputs compared
// or converted (toSat in p384_verify.ts reduces fully).
//
// A point: X, Y, Z consecutive N-form Montgomery elements (60 bytes each), homogeneous
// projective as in point.ts, identity (0 : 1 : 0). Outputs may alias inputs.
import {
  p384r26Mul as mul, p384r26Add as add, p384r26Scale as scale, p384r26Sub28 as sub, p384r26Norm as norm,
} from "./p384_r26";

export const FE26: usize = 60;
export const PT26: usize = 3 * FE26;

const T0: usize = memory.data(<i32>FE26, 8);
const T1: usize = memory.data(<i32>FE26, 8);
const T2: usize = memory.data(<i32>FE26, 8);
const T3: usize = memory.data(<i32>FE26, 8);
const T4: usize = memory.data(<i32>FE26, 8);
const X3: usize = memory.data(<i32>FE26, 8);
const Y3: usize = memory.data(<i32>FE26, 8);
const Z3: usize = memory.data(<i32>FE26, 8);

function out3(r: usize): void {
  norm(r, X3);
  norm(r + FE26, Y3);
  norm(r + 2 * FE26, Z3);
}

// r = p + q (RCB Algorithm 4, a = -3), b: the curve coefficient, N-form Montgomery.
export function p384ctAdd(r: usize, p: usize, q: usize, b: usize): void {
  const X1 = p, Y1 = p + FE26, Z1 = p + 2 * FE26;
  const X2 = q, Y2 = q + FE26, Z2 = q + 2 * FE26;
  mul(T0, X1, X2); // [1]
  mul(T1, Y1, Y2); // [1]
  mul(T2, Z1, Z2); // [1]
  add(T3, X1, Y1); // [2]
  add(T4, X2, Y2); // [2]
  mul(T3, T3, T4); // [1]
  add(T4, T0, T1); // [2]
  sub(T3, T3, T4); // [6]
  add(T4, Y1, Z1); // [2]
  add(X3, Y2, Z2); // [2]
  mul(T4, T4, X3); // [1]
  add(X3, T1, T2); // [2]
  sub(T4, T4, X3); // [6]
  add(X3, X1, Z1); // [2]
  add(Y3, X2, Z2); // [2]
  mul(X3, X3, Y3); // [1]
  add(Y3, T0, T2); // [2]
  sub(Y3, X3, Y3); // [6]
  mul(Z3, b, T2); // [1]
  sub(X3, Y3, Z3); // [11]
  norm(X3, X3); // [1]
  scale(X3, X3, 3); // X3 = 3 (Y3 - Z3) [3]
  sub(Z3, T1, X3); // [6]
  add(X3, T1, X3); // [4]
  mul(Y3, b, Y3); // [1]
  scale(T2, T2, 3); // [3]
  sub(Y3, Y3, T2); // [6]
  sub(Y3, Y3, T0); // [11]
  norm(Y3, Y3); // [1]
  scale(Y3, Y3, 3); // [3]
  scale(T0, T0, 3); // [3]
  sub(T0, T0, T2); // [8]
  mul(T1, T4, Y3); // [1]
  mul(T2, T0, Y3); // [1]
  mul(Y3, X3, Z3); // [1]
  add(Y3, Y3, T2); // [2]
  mul(X3, T3, X3); // [1]
  sub(X3, X3, T1); // [6]
  mul(Z3, T4, Z3); // [1]
  mul(T1, T3, T0); // [1]
  add(Z3, Z3, T1); // [2]
  out3(r);
}

// r = p + (x2, y2), the second point affine (RCB Algorithm 5, a = -3). Correct for every p,
// including the identity and p = +-(x2, y2); (x2, y2) itself must not be the identity (it has
// no affine form), so callers that may add "nothing" discard the result by mask.
export function p384ctAddAffine(r: usize, p: usize, q: usize, b: usize): void {
  const X1 = p, Y1 = p + FE26, Z1 = p + 2 * FE26;
  const X2 = q, Y2 = q + FE26;
  mul(T0, X1, X2); // [1]
  mul(T1, Y1, Y2); // [1]
  add(T3, X2, Y2); // [2]
  add(T4, X1, Y1); // [2]
  mul(T3, T3, T4); // [1]
  add(T4, T0, T1); // [2]
  sub(T3, T3, T4); // [6]
  mul(T4, Y2, Z1); // [1]
  add(T4, T4, Y1); // [2]
  mul(Y3, X2, Z1); // [1]
  add(Y3, Y3, X1); // [2]
  mul(Z3, b, Z1); // [1]
  sub(X3, Y3, Z3); // [7]
  norm(X3, X3); // [1]
  scale(X3, X3, 3); // [3]
  sub(Z3, T1, X3); // [6]
  add(X3, T1, X3); // [4]
  mul(Y3, b, Y3); // [1]
  scale(T2, Z1, 3); // [3]
  sub(Y3, Y3, T2); // [6]
  sub(Y3, Y3, T0); // [11]
  norm(Y3, Y3); // [1]
  scale(Y3, Y3, 3); // [3]
  scale(T0, T0, 3); // [3]
  sub(T0, T0, T2); // [8]
  mul(T1, T4, Y3); // [1]
  mul(T2, T0, Y3); // [1]
  mul(Y3, X3, Z3); // [1]
  add(Y3, Y3, T2); // [2]
  mul(X3, T3, X3); // [1]
  sub(X3, X3, T1); // [6]
  mul(Z3, T4, Z3); // [1]
  mul(T1, T3, T0); // [1]
  add(Z3, Z3, T1); // [2]
  out3(r);
}

// Wipes the formula temporaries (they held values derived from secret scalars).
export function p384ctPointWipe(): void {
  memory.fill(T0, 0, FE26);
  memory.fill(T1, 0, FE26);
  memory.fill(T2, 0, FE26);
  memory.fill(T3, 0, FE26);
  memory.fill(T4, 0, FE26);
  memory.fill(X3, 0, FE26);
  memory.fill(Y3, 0, FE26);
  memory.fill(Z3, 0, FE26);
}
