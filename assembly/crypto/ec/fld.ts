// A prime field as the curve code sees it: a small descriptor plus operations on elements stored
// in linear memory (N little-endian 32-bit limbs, Montgomery form, fully reduced). The hot
// multiply/square/add/sub are the generated straight-line functions in p256_field.ts,
// p384_field.ts, p256_scalar.ts and p384_scalar.ts; this file dispatches on the (public) field
// kind and adds the rarer helpers.
//
// Constant time: the helpers here are loops over all N limbs whose trip counts depend only on
// the field, never on values; comparisons and selections build masks arithmetically. Inversion is
// Fermat's little theorem, x^(m-2), with a fixed 4-bit window over the public exponent m-2, so
// the sequence of squarings/multiplications and the table index (an exponent nibble) are the
// same for every x. The P-384 base field (keygen, signing and ECDH invert Z there) uses a fixed
// addition chain instead (p384_field_inv.ts), constant time for the same reason.
import { p256fMul, p256fSqr, p256fAdd, p256fSub } from "./p256_field";
import { p384fMul, p384fSqr, p384fAdd, p384fSub } from "./p384_field";
import { p384fInv } from "./p384_field_inv";
import { p384nInv } from "./p384_scalar_inv";
import { p256nMul, p256nSqr, p256nAdd, p256nSub } from "./p256_scalar";
import { p384nMul, p384nSqr, p384nAdd, p384nSub } from "./p384_scalar";

export const KIND_P256F: i32 = 0;
export const KIND_P256N: i32 = 1;
export const KIND_P384F: i32 = 2;
export const KIND_P384N: i32 = 3;

// The largest element size (P-384, 12 limbs): sizes static scratch buffers.
export const FE_MAX: i32 = 48;

// All-zero element of the largest size (also 0 in Montgomery form).
export const FE_ZERO: usize = memory.data(FE_MAX, 8);

// The four hot operations below are inlined dispatchers: each call site switches on the kind
// and calls the generated function directly, which saves a call level and the runtime's
// shadow-stack bookkeeping for F on every field operation (natively ~4% of keygen+ECDH and 3% of
// signing, for ~13 KB of core code).

export class Fld {
  constructor(
    public kind: i32,
    public limbs: i32,
    public mod: usize, // plain limbs
    public one: usize, // R mod m
    public r2: usize, // R^2 mod m
    public expInv: usize, // m - 2
  ) {}
  get bytes(): i32 {
    return this.limbs << 2;
  }
}

// @ts-ignore: decorator
@inline export function fmul(F: Fld, r: usize, a: usize, b: usize): void {
  switch (F.kind) {
    case KIND_P256F: p256fMul(r, a, b); break;
    case KIND_P384F: p384fMul(r, a, b); break;
    case KIND_P256N: p256nMul(r, a, b); break;
    default: p384nMul(r, a, b);
  }
}

// @ts-ignore: decorator
@inline export function fsqr(F: Fld, r: usize, a: usize): void {
  switch (F.kind) {
    case KIND_P256F: p256fSqr(r, a); break;
    case KIND_P384F: p384fSqr(r, a); break;
    case KIND_P256N: p256nSqr(r, a); break;
    default: p384nSqr(r, a);
  }
}

// @ts-ignore: decorator
@inline export function fadd(F: Fld, r: usize, a: usize, b: usize): void {
  switch (F.kind) {
    case KIND_P256F: p256fAdd(r, a, b); break;
    case KIND_P384F: p384fAdd(r, a, b); break;
    case KIND_P256N: p256nAdd(r, a, b); break;
    default: p384nAdd(r, a, b);
  }
}

// @ts-ignore: decorator
@inline export function fsub(F: Fld, r: usize, a: usize, b: usize): void {
  switch (F.kind) {
    case KIND_P256F: p256fSub(r, a, b); break;
    case KIND_P384F: p384fSub(r, a, b); break;
    case KIND_P256N: p256nSub(r, a, b); break;
    default: p384nSub(r, a, b);
  }
}

// r = -a mod m.
export function fneg(F: Fld, r: usize, a: usize): void {
  fsub(F, r, FE_ZERO, a);
}

// r = x mod m for any x < 2m (x < 2^(32N) suffices for our moduli, which exceed 2^(32N-1)):
// the generated add subtracts m exactly once when the sum is >= m.
export function freduceOnce(F: Fld, r: usize, x: usize): void {
  fadd(F, r, x, FE_ZERO);
}

export function fcopy(F: Fld, r: usize, a: usize): void {
  memory.copy(r, a, <usize>F.bytes);
}

export function fzero(F: Fld, r: usize): void {
  memory.fill(r, 0, <usize>F.bytes);
}

// r = mask ? a : r, with mask all ones or zero.
export function fcmov(F: Fld, r: usize, a: usize, mask: u32): void {
  for (let i = 0; i < F.limbs; i++) {
    const o = <usize>(i << 2);
    store<u32>(r + o, (load<u32>(r + o) & ~mask) | (load<u32>(a + o) & mask));
  }
}

// All ones when a == 0, else zero.
export function fzeroMask(F: Fld, a: usize): u32 {
  let acc: u32 = 0;
  for (let i = 0; i < F.limbs; i++) acc |= load<u32>(a + (<usize>i << 2));
  // acc | -acc has the top bit set exactly when acc != 0.
  return ~(<u32>(<i32>(acc | (0 - acc)) >> 31));
}

export function fisZero(F: Fld, a: usize): bool {
  return fzeroMask(F, a) != 0;
}

// All ones when a == b, else zero.
export function feqMask(F: Fld, a: usize, b: usize): u32 {
  let acc: u32 = 0;
  for (let i = 0; i < F.limbs; i++) {
    const o = <usize>(i << 2);
    acc |= load<u32>(a + o) ^ load<u32>(b + o);
  }
  return ~(<u32>(<i32>(acc | (0 - acc)) >> 31));
}

// All ones when the plain integer a (N limbs) is < m, else zero.
export function fltModMask(F: Fld, a: usize): u32 {
  let bw: i64 = 0;
  for (let i = 0; i < F.limbs; i++) {
    const o = <usize>(i << 2);
    bw = (<i64>load<u32>(a + o) - <i64>load<u32>(F.mod + o) + bw) >> 32;
  }
  return <u32>bw; // -1 (borrow: a < m) or 0
}

// Big-endian bytes (exactly F.bytes of them) -> plain limbs.
export function fromBytesBE(F: Fld, r: usize, src: usize): void {
  const n = F.limbs;
  for (let i = 0; i < n; i++) {
    store<u32>(r + (<usize>i << 2), bswap<u32>(load<u32>(src + (<usize>(n - 1 - i) << 2))));
  }
}

// Plain limbs -> big-endian bytes (F.bytes of them).
export function toBytesBE(F: Fld, dst: usize, a: usize): void {
  const n = F.limbs;
  for (let i = 0; i < n; i++) {
    store<u32>(dst + (<usize>(n - 1 - i) << 2), bswap<u32>(load<u32>(a + (<usize>i << 2))));
  }
}

// Plain (< m) -> Montgomery form.
export function ftoMont(F: Fld, r: usize, a: usize): void {
  fmul(F, r, a, F.r2);
}

// Montgomery form -> plain: multiply by 1 (plain 1 = the limb vector 1,0,...).
const PLAIN_ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
export function ffromMont(F: Fld, r: usize, a: usize): void {
  fmul(F, r, a, PLAIN_ONE);
}

// Window table for inversion: a^0 .. a^15 (Montgomery form), largest size.
const INV_TAB: usize = memory.data(16 * FE_MAX, 8);
const INV_ACC: usize = memory.data(FE_MAX, 8);

// r = a^(m-2) = a^-1 (Montgomery form in, Montgomery form out; 0 maps to 0). r may alias a.
export function finv(F: Fld, r: usize, a: usize): void {
  if (F.kind == KIND_P384F) {
    p384fInv(r, a); // a fixed addition chain for p - 2 (the field kind is public)
    return;
  }
  if (F.kind == KIND_P384N) {
    p384nInv(r, a); // the same idea for n - 2 (p384_scalar_inv.ts)
    return;
  }
  const fe = <usize>F.bytes;
  fcopy(F, INV_TAB, F.one);
  fcopy(F, INV_TAB + fe, a);
  for (let i = 2; i < 16; i++) fmul(F, INV_TAB + <usize>i * fe, INV_TAB + <usize>(i - 1) * fe, a);
  const acc = INV_ACC;
  fcopy(F, acc, F.one);
  // Exponent nibbles from the most significant; the exponent is a public constant.
  for (let k = F.limbs * 8 - 1; k >= 0; k--) {
    fsqr(F, acc, acc);
    fsqr(F, acc, acc);
    fsqr(F, acc, acc);
    fsqr(F, acc, acc);
    const nib = (load<u32>(F.expInv + (<usize>(k >> 3) << 2)) >> (<u32>(k & 7) << 2)) & 15;
    fmul(F, acc, acc, INV_TAB + <usize>nib * fe);
  }
  fcopy(F, r, acc);
  memory.fill(INV_TAB, 0, 16 * FE_MAX);
  memory.fill(INV_ACC, 0, FE_MAX);
}
