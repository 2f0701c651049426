// Precomputed multiples of the base point G for fixed-base multiplication (keygen, signing, and
// the u1*G half of verification). For each 4-bit window i (0 <= i < C.windows) the table holds
// the affine points j * 16^i * G for j = 1..8, so k*G = sum_i d_i * 16^i * G with signed digits
// d_i in [-8, 8] costs one table addition per window and no doublings.
//
// Size: P-256 65 windows * 8 * 64 B = 33 KiB. Built once on first use (public data, variable
// time is fine) from projective multiples, then converted to affine with one field inversion for
// the whole table (Montgomery's simultaneous-inversion trick). P-384's multipliers run on the
// radix-2^26 field with the same table as generated constant data (p384_base_table.ts); building
// it here for P-384 serves only the test that checks that constant.
import { fmul, fcopy, finv } from "./fld";
import { Curve } from "./curve";
import { pointAdd, pointDouble, pointFromAffine, pointSize } from "./point";

// Entry (window i, multiple j in 1..8): the affine point's address.
// @ts-ignore: decorator
@inline export function baseEntry(C: Curve, table: usize, i: i32, j: i32): usize {
  return table + <usize>((i << 3) + j - 1) * (<usize>C.F.bytes << 1);
}

export function baseTable(C: Curve): usize {
  if (C.baseTable != 0) return C.baseTable;
  const F = C.F;
  const fe = <usize>F.bytes;
  const ps = pointSize(C);
  const count = C.windows << 3;
  const proj = heap.alloc(<usize>count * ps);
  const pre = heap.alloc(<usize>count * fe);
  const table = heap.alloc(<usize>count * 2 * fe);
  const B = heap.alloc(ps);
  memory.copy(B, C.gx, fe);
  memory.copy(B + fe, C.gy, fe);
  pointFromAffine(C, B, B);
  for (let i = 0; i < C.windows; i++) {
    const row = proj + <usize>(i << 3) * ps;
    memory.copy(row, B, ps);
    for (let j = 1; j < 8; j++) pointAdd(C, row + <usize>j * ps, row + <usize>(j - 1) * ps, B);
    pointDouble(C, B, row + 7 * ps); // 16 * 16^i * G
  }
  // pre[k] = Z_0 * ... * Z_k; none is zero (j * 16^i < n, so no entry is the identity).
  fcopy(F, pre, proj + 2 * fe);
  for (let k = 1; k < count; k++) fmul(F, pre + <usize>k * fe, pre + <usize>(k - 1) * fe, proj + <usize>k * ps + 2 * fe);
  const inv = B; // reuse: inv holds (Z_0 ... Z_k)^-1 going down
  const zinv = B + fe;
  finv(F, inv, pre + <usize>(count - 1) * fe);
  for (let k = count - 1; k >= 0; k--) {
    const P = proj + <usize>k * ps;
    if (k > 0) {
      fmul(F, zinv, inv, pre + <usize>(k - 1) * fe);
      fmul(F, inv, inv, P + 2 * fe);
    } else {
      fcopy(F, zinv, inv);
    }
    const e = table + <usize>k * 2 * fe;
    fmul(F, e, P, zinv);
    fmul(F, e + fe, P + fe, zinv);
  }
  heap.free(proj);
  heap.free(pre);
  heap.free(B);
  C.baseTable = table;
  return table;
}
