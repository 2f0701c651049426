// Constant-time scalar multiplication for secret scalars (private keys in keygen and ECDH, the
// signing nonce).
//
// Why there are no secret-dependent branches or memory indices:
//  - The scalar is recoded into signed 4-bit digits d_i in [-8, 8] (d_i = nibble + carry, minus
//    16 when >= 8) with arithmetic only; every window is processed, zero digits included.
//    (P-384 goes to p384_ct_mul.ts, which recodes the same way into 6-bit digits for the fixed
//    base and 5-bit digits for a variable base.)
//  - Table lookups (ctSelect) read every entry of the window, 8 bytes at a time, and keep the
//    wanted one with an all-ones / all-zeros mask; the address sequence is the same for every
//    digit.
//  - Negation for a negative digit is computed always and chosen by mask.
//  - The point formulas are the complete RCB formulas (point.ts): no case analysis for doubling
//    or the identity. The variable-base multiplier doubles in Jacobian coordinates (jac_ct.ts),
//    whose doubling formula has no exceptional case either (argued there). Fixed-base mode adds an affine entry even for a zero digit and then keeps
//    the old accumulator by mask (the affine formula cannot take the identity as its input).
//  - Field arithmetic underneath is straight-line (p*_field.ts).
import { FE_MAX, fneg, fcmov, KIND_P384F } from "./fld";
import { p384MulBaseCT, p384MulCT } from "./p384_ct_mul";
import { Curve } from "./curve";
import { pointAdd, pointAddAffine, pointDouble, pointSetIdentity, pointFromAffine, pointCmov, pointSize, pointWipeScratch } from "./point";
import { baseTable, baseEntry } from "./base_table";
import { jacDoubleCT, projToJacCT, jacToProjCT, jacWipeScratch } from "./jac_ct";
import { ctSelect, eqMask } from "./ct_select";

const MAX_WINDOWS: i32 = 97;
const DIGITS: usize = memory.data(MAX_WINDOWS, 8);
const PT_MAX: i32 = 3 * FE_MAX;
const SEL: usize = memory.data(PT_MAX, 8);
const NEGY: usize = memory.data(FE_MAX, 8);
const TMP: usize = memory.data(PT_MAX, 8);
const VTAB: usize = memory.data(9 * PT_MAX, 8); // 0..8 * P, projective

// k (plain limbs, < 2^bits) -> signed digits at DIGITS[0 .. C.windows), least significant first.
export function recodeSigned4(C: Curve, digits: usize, k: usize): void {
  const nibbles = C.F.limbs << 3;
  let carry: i32 = 0;
  for (let i = 0; i < nibbles; i++) {
    const nib = <i32>((load<u32>(k + (<usize>(i >> 3) << 2)) >> (<u32>(i & 7) << 2)) & 15);
    let d = nib + carry;
    carry = (d + 8) >> 4;
    d -= carry << 4;
    store<i8>(digits + <usize>i, <i8>d);
  }
  store<i8>(digits + <usize>nibbles, <i8>carry);
}

// Conditionally negates the y coordinate at y (mask all ones = negate).
function condNegY(C: Curve, y: usize, mask: u32): void {
  fneg(C.F, NEGY, y);
  fcmov(C.F, y, NEGY, mask);
}

// r = k * G, k plain limbs < 2^bits. Constant time in k.
export function mulBaseCT(C: Curve, r: usize, k: usize): void {
  if (C.F.kind == KIND_P384F) {
    p384MulBaseCT(r, k); // the same method on the faster radix-2^26 field (the curve is public)
    return;
  }
  const F = C.F;
  const fe = <usize>F.bytes;
  const table = baseTable(C);
  recodeSigned4(C, DIGITS, k);
  pointSetIdentity(C, r);
  const W = C.windows;
  for (let i = 0; i < W; i++) {
    const d = <i32>load<i8>(DIGITS + <usize>i);
    const sign = <u32>(d >> 31);
    const a = (d ^ <i32>sign) - <i32>sign;
    // entry a (1..8) of window i; zeros for a = 0 (the addition below is then discarded)
    ctSelect(SEL, baseEntry(C, table, i, 1), 2 * fe, 8, 2 * fe, a - 1);
    condNegY(C, SEL + fe, sign);
    pointAddAffine(C, TMP, r, SEL);
    pointCmov(C, r, TMP, ~eqMask(a, 0));
  }
  wipeScratch();
}

// r = k * P, P affine (Montgomery form, validated), k plain limbs < 2^bits. Constant time in k.
export function mulCT(C: Curve, r: usize, k: usize, P: usize): void {
  if (C.F.kind == KIND_P384F) {
    p384MulCT(r, k, P); // the same method on the faster radix-2^26 field (the curve is public)
    return;
  }
  const F = C.F;
  const ps = pointSize(C);
  const fe = <usize>F.bytes;
  pointSetIdentity(C, VTAB);
  pointFromAffine(C, VTAB + ps, P);
  pointDouble(C, VTAB + 2 * ps, VTAB + ps);
  for (let j = 3; j <= 8; j++) pointAdd(C, VTAB + <usize>j * ps, VTAB + <usize>(j - 1) * ps, VTAB + ps);
  recodeSigned4(C, DIGITS, k);
  const W = C.windows;
  // Top digit is the final carry, 0 or 1.
  pointSetIdentity(C, r);
  pointCmov(C, r, VTAB + ps, eqMask(<i32>load<i8>(DIGITS + <usize>(W - 1)), 1));
  for (let i = W - 2; i >= 0; i--) {
    // r = 16 r: four Jacobian doublings (cheaper, exception-free; see jac_ct.ts).
    projToJacCT(C, r, r);
    jacDoubleCT(C, r, r);
    jacDoubleCT(C, r, r);
    jacDoubleCT(C, r, r);
    jacDoubleCT(C, r, r);
    jacToProjCT(C, r, r);
    const d = <i32>load<i8>(DIGITS + <usize>i);
    const sign = <u32>(d >> 31);
    const a = (d ^ <i32>sign) - <i32>sign;
    ctSelect(SEL, VTAB, ps, 9, ps, a); // a * P, 0 <= a <= 8
    condNegY(C, SEL + fe, sign);
    pointAdd(C, r, r, SEL);
  }
  wipeScratch();
  memory.fill(VTAB, 0, 9 * PT_MAX);
}

function wipeScratch(): void {
  memory.fill(DIGITS, 0, MAX_WINDOWS);
  memory.fill(SEL, 0, PT_MAX);
  memory.fill(NEGY, 0, FE_MAX);
  memory.fill(TMP, 0, PT_MAX);
  pointWipeScratch();
  jacWipeScratch();
}
