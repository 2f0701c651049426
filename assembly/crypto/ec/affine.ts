// Affine points: SEC 1 v2 §2.3.3/§2.3.4 uncompressed encoding 04 || X || Y, public-key
// validation (SEC 1 §3.2.2.1 / NIST SP 800-56A r3 §5.6.2.3.3 full validation: coordinates in
// [0, p-1], on the curve; with cofactor 1 every such point has order n and is not the identity),
// and conversion from projective form.
import { fmul, fsqr, fadd, fsub, finv, feqMask, fltModMask, fromBytesBE, toBytesBE, ftoMont, ffromMont, FE_MAX } from "./fld";
import { Curve } from "./curve";
import { pointIsIdentityMask } from "./point";
import { KIND_P384F } from "./fld";
import { p384ToAffine } from "./p384_ct_mul";

const A0: usize = memory.data(FE_MAX, 8);
const A1: usize = memory.data(FE_MAX, 8);
const A2: usize = memory.data(FE_MAX, 8);

// y^2 == x^3 - 3x + b for Montgomery-form x, y.
export function isOnCurve(C: Curve, x: usize, y: usize): bool {
  const F = C.F;
  fsqr(F, A0, x); // x^2
  fmul(F, A0, A0, x); // x^3
  fsub(F, A0, A0, x);
  fsub(F, A0, A0, x);
  fsub(F, A0, A0, x); // x^3 - 3x
  fadd(F, A0, A0, C.b);
  fsqr(F, A1, y);
  return feqMask(F, A0, A1) != 0;
}

// Decodes and validates 04 || X || Y (len bytes at src) into Montgomery-form (x, y) at out.
// Returns false for a wrong length or prefix, a coordinate >= p, or a point off the curve.
export function decodePoint(C: Curve, out: usize, src: usize, len: i32): bool {
  const F = C.F;
  const sz = C.size;
  if (len != 1 + 2 * sz) return false;
  if (load<u8>(src) != 4) return false;
  const fe = <usize>F.bytes;
  fromBytesBE(F, A0, src + 1);
  fromBytesBE(F, A1, src + 1 + <usize>sz);
  if ((fltModMask(F, A0) & fltModMask(F, A1)) == 0) return false;
  ftoMont(F, out, A0);
  ftoMont(F, out + fe, A1);
  return isOnCurve(C, out, out + fe);
}

// Encodes Montgomery-form affine (x, y) as 04 || X || Y at dst (1 + 2*size bytes).
export function encodePoint(C: Curve, dst: usize, a: usize): void {
  const F = C.F;
  const fe = <usize>F.bytes;
  store<u8>(dst, 4);
  ffromMont(F, A0, a);
  toBytesBE(F, dst + 1, A0);
  ffromMont(F, A0, a + fe);
  toBytesBE(F, dst + 1 + fe, A0);
  memory.fill(A0, 0, FE_MAX);
}

// Projective p -> affine (x, y) at out (Montgomery form), constant time. Returns all ones when p
// is the identity (out is then (0, 0)).
export function toAffine(C: Curve, out: usize, p: usize): u32 {
  const F = C.F;
  const fe = <usize>F.bytes;
  const id = pointIsIdentityMask(C, p);
  if (F.kind == KIND_P384F) {
    p384ToAffine(out, p, true); // the inversion in the faster radix-2^26 field
    return id;
  }
  finv(F, A2, p + 2 * fe);
  fmul(F, out, p, A2);
  fmul(F, out + fe, p + fe, A2);
  memory.fill(A2, 0, FE_MAX);
  return id;
}

// Big-endian bytes of the affine x coordinate of projective p (size bytes at dst).
export function affineXBytes(C: Curve, dst: usize, p: usize): u32 {
  const F = C.F;
  const id = pointIsIdentityMask(C, p);
  if (F.kind == KIND_P384F) {
    p384ToAffine(A0, p, false); // the inversion in the faster radix-2^26 field
  } else {
    finv(F, A2, p + 2 * <usize>F.bytes);
    fmul(F, A0, p, A2);
  }
  ffromMont(F, A0, A0);
  toBytesBE(F, dst, A0);
  memory.fill(A0, 0, FE_MAX);
  memory.fill(A2, 0, FE_MAX);
  return id;
}
