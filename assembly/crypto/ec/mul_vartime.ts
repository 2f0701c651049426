// u1*G + u2*Q for signature verification, where every input is public, so this code may branch
// on scalar digits and use the faster exception-handling Jacobian formulas. P-256 goes to
// p256_verify.ts (radix-2^26 field, interleaved wNAF); P-384 uses point_jac.ts here:
// width-5 NAF of u2 over the odd multiples Q, 3Q, .., 15Q (Horner, one
// doubling per bit, an addition every ~6 bits), then u1*G added window by window from the
// precomputed base table (base_table.ts), skipping zero digits.
import { FE_MAX, fneg } from "./fld";
import { Curve } from "./curve";
import { pointSetIdentity, pointFromAffine, pointCopy, pointSize } from "./point";
import { jacAdd, jacAddAffine, jacDouble } from "./point_jac";
import { baseTable, baseEntry } from "./base_table";
import { recodeSigned4 } from "./mul_ct";
import { KIND_P256F } from "./fld";
import { p256MulDoubleVartime } from "./p256_verify";

const MAX_BITS: i32 = 384;
const NAF: usize = memory.data(MAX_BITS + 2, 8);
const DIGITS: usize = memory.data(MAX_BITS / 4 + 1, 8);
const KBUF: usize = memory.data(4 * 14, 8);
const QTAB: usize = memory.data(8 * 3 * FE_MAX, 8); // (2j+1)Q, j = 0..7
const SEL: usize = memory.data(3 * FE_MAX, 8);
const TMP: usize = memory.data(3 * FE_MAX, 8);

// Width-5 NAF of k (plain limbs); returns the number of digits written to NAF.
function wnaf5(C: Curve, k: usize): i32 {
  const n = C.F.limbs + 1;
  memory.copy(KBUF, k, <usize>C.F.bytes);
  store<u32>(KBUF + (<usize>C.F.limbs << 2), 0);
  let len = 0;
  for (;;) {
    let any: u32 = 0;
    for (let i = 0; i < n; i++) any |= load<u32>(KBUF + (<usize>i << 2));
    if (any == 0) break;
    const low = load<u32>(KBUF);
    let d: i32 = 0;
    if (low & 1) {
      d = <i32>(low & 31);
      if (d >= 16) d -= 32;
      // k -= d (d odd, |d| < 16): clears the low 5 bits.
      let c: i64 = -<i64>d;
      for (let i = 0; i < n && c != 0; i++) {
        const o = KBUF + (<usize>i << 2);
        c += <i64>load<u32>(o);
        store<u32>(o, <u32>c);
        c >>= 32;
      }
    }
    store<i8>(NAF + <usize>len, <i8>d);
    len++;
    // k >>= 1
    for (let i = 0; i < n; i++) {
      const o = KBUF + (<usize>i << 2);
      const hi: u32 = i + 1 < n ? load<u32>(o + 4) << 31 : 0;
      store<u32>(o, (load<u32>(o) >> 1) | hi);
    }
  }
  return len;
}

// r = u1*G + u2*Q (Jacobian: x = X/Z^2). u1, u2 plain limbs < n; Q affine, Montgomery form.
export function mulDoubleVartime(C: Curve, r: usize, u1: usize, u2: usize, Q: usize): void {
  if (C.F.kind == KIND_P256F) {
    p256MulDoubleVartime(r, u1, u2, Q); // radix-2^26 field, interleaved wNAF (p256_verify.ts)
    return;
  }
  const F = C.F;
  const fe = <usize>F.bytes;
  const ps = pointSize(C);
  // Odd multiples of Q.
  pointFromAffine(C, QTAB, Q);
  jacDouble(C, TMP, QTAB);
  for (let j = 1; j < 8; j++) jacAdd(C, QTAB + <usize>j * ps, QTAB + <usize>(j - 1) * ps, TMP);

  pointSetIdentity(C, r);
  const len = wnaf5(C, u2);
  let started = false;
  for (let i = len - 1; i >= 0; i--) {
    if (started) jacDouble(C, r, r);
    const d = <i32>load<i8>(NAF + <usize>i);
    if (d == 0) continue;
    const e = QTAB + <usize>((d < 0 ? -d : d) >> 1) * ps;
    if (d > 0) {
      jacAdd(C, r, r, e);
    } else {
      pointCopy(C, SEL, e);
      fneg(F, SEL + fe, SEL + fe);
      jacAdd(C, r, r, SEL);
    }
    started = true;
  }

  const table = baseTable(C);
  recodeSigned4(C, DIGITS, u1);
  for (let i = 0; i < C.windows; i++) {
    const d = <i32>load<i8>(DIGITS + <usize>i);
    if (d == 0) continue;
    const e = baseEntry(C, table, i, d < 0 ? -d : d);
    if (d > 0) {
      jacAddAffine(C, r, r, e);
    } else {
      memory.copy(SEL, e, fe);
      fneg(F, SEL + fe, e + fe);
      jacAddAffine(C, r, r, SEL);
    }
  }
}
