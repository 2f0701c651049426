// u1*G + u2*Q on P-384 for signature verification, in the radix-2^26 field of p384_r26.ts. The
// same method, formulas and limb bounds as p256_verify.ts (read it first): only the field (15
// limbs instead of 10, top limb < 2^21 in N form), the scalar length and the tables differ.
//
// Every input here is public (the key, the digest, the signature), so this code branches on
// scalar digits and on exceptional cases; it is never used with a secret. Both scalars in
// width-w NAF sharing one chain of 384 doublings: u2 with w = 5 over the odd multiples Q, 3Q,
// .., 15Q computed per call and made affine with one batched inversion (variable time, public
// data: scalar_inv.ts), so that its additions are mixed ones too; u1 with w = 8 over the affine
// odd multiples G, 3G, .., 127G, a 7.5 KiB generated constant (p384_base_table.ts). About 384
// doublings and 107 mixed additions per verification; a mixed addition costs about half a
// Jacobian one, which pays for the inversion several times over.
//
// Formulas (Jacobian, x = X/Z^2, y = Y/Z^3, identity Z = 0), from the Explicit-Formulas Database
// (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html): doubling dbl-2001-b (a = -3),
// addition add-2007-bl and mixed addition madd-2007-bl, with the identity and P = +-Q handled by
// branches, and 2*Z1*Z2 computed as one product.
//
// Limb bounds. Stored points and table entries are in N form (limbs < 2^26, top < 2^21). The
// multiplication takes limbs < 2^29.5, sub28/sub29 take subtrahends with limbs <= 2^28 / 2^29
// and add less than 2^29.2 to each limb of the minuend, norm takes limbs < 2^31. The comment on
// each line gives the bound of its result limbs.
import { FE_MAX, ffromMont, ftoMont, fromBytesBE } from "./fld";
import { P384 } from "./curve";
import { P384_ODD_TABLE26 } from "./p384_base_table";
import {
  p384r26Mul, p384r26Sqr, p384r26Add, p384r26Scale, p384r26Sub28, p384r26Sub29, p384r26Norm, p384r26Canon, P384R26_P, P384R26_2P, P384R26_ONE, P384R26_R2,
  P384R26_PLAIN_ONE,
} from "./p384_r26";
import { wnafRecode } from "./wnaf";
import { p384pInvVartime } from "./scalar_inv";

const FE: usize = 60;
const PT: usize = 3 * FE;

// Scratch elements.
const A: usize = memory.data(<i32>FE, 8);
const B: usize = memory.data(<i32>FE, 8);
const C_: usize = memory.data(<i32>FE, 8);
const D: usize = memory.data(<i32>FE, 8);
const E: usize = memory.data(<i32>FE, 8);
const H: usize = memory.data(<i32>FE, 8);
const R: usize = memory.data(<i32>FE, 8);
const X3: usize = memory.data(<i32>FE, 8);
const Y3: usize = memory.data(<i32>FE, 8);
const Z3: usize = memory.data(<i32>FE, 8);
const CONV: usize = memory.data(FE_MAX, 8);

const QTAB: usize = memory.data(8 * <i32>PT, 8); // (2j+1)Q, j = 0..7, Jacobian
const QAFF: usize = memory.data(8 * 2 * <i32>FE, 8); // the same, affine
const PREF: usize = memory.data(8 * <i32>FE, 8); // prefix products of their Z
const ZI: usize = memory.data(<i32>FE, 8);
const ZI2: usize = memory.data(<i32>FE, 8);
const PLAIN: usize = memory.data(48, 8);
// The key the tables above were built for (saturated affine x || y as passed in): an RA-TLS peer's
// key verifies two signatures in a row (its certificate's self-signature, then CertificateVerify),
// and the second reuses the tables. Public data.
const QKEY: usize = memory.data(96, 8);
let qCached = false;
let qAffine = false;
const NEG: usize = memory.data(2 * <i32>FE, 8); // a negated affine entry
const NEGJ: usize = memory.data(<i32>PT, 8); // a negated Jacobian entry
const ACC: usize = memory.data(<i32>PT, 8);
const NAF1: usize = memory.data(388, 8);
const NAF2: usize = memory.data(388, 8);

const G_WIDTH: i32 = 8;
const G_COUNT: i32 = 1 << (G_WIDTH - 2); // odd multiples 1..127

// --- field helpers -----------------------------------------------------------------------------

function copy(r: usize, a: usize): void {
  memory.copy(r, a, FE);
}

// All ones when a == 0 mod p; a in N form (< 2^385 < 3p, so a is 0, p or 2p).
function isZeroN(a: usize): bool {
  let z: u32 = 0, zp: u32 = 0, z2p: u32 = 0;
  for (let i: usize = 0; i < FE; i += 4) {
    const v = load<u32>(a + i);
    z |= v;
    zp |= v ^ load<u32>(P384R26_P + i);
    z2p |= v ^ load<u32>(P384R26_2P + i);
  }
  return z == 0 || zp == 0 || z2p == 0;
}

// Saturated Montgomery element of fld.ts (P384.F) -> N-form Montgomery element here.
export function fromSat(r: usize, a: usize): void {
  ffromMont(P384.F, CONV, a); // plain, 12 x 32 bits
  let acc: u64 = 0;
  let bits: u32 = 0;
  let src: usize = 0;
  for (let i: usize = 0; i < 15; i++) {
    while (bits < 26 && src < 48) {
      acc |= <u64>load<u32>(CONV + src) << bits;
      bits += 32;
      src += 4;
    }
    store<u32>(r + (i << 2), i < 14 ? <u32>(acc & 0x3ffffff) : <u32>acc);
    acc >>= 26;
    bits = bits >= 26 ? bits - 26 : 0;
  }
  p384r26Mul(r, r, P384R26_R2);
}

// N-form Montgomery element here -> saturated Montgomery element of fld.ts (fully reduced, so
// a zero in N form, 0, p or 2p, becomes 0).
export function toSat(r: usize, a: usize): void {
  p384r26Mul(E, a, P384R26_PLAIN_ONE);
  p384r26Canon(E, E);
  let acc: u64 = 0;
  let bits: u32 = 0;
  let dst: usize = 0;
  for (let i: usize = 0; i < 15; i++) {
    acc |= <u64>load<u32>(E + (i << 2)) << bits;
    bits += 26;
    while (bits >= 32 && dst < 48) {
      store<u32>(CONV + dst, <u32>acc);
      acc >>= 32;
      bits -= 32;
      dst += 4;
    }
  }
  if (dst < 48) store<u32>(CONV + dst, <u32>acc);
  ftoMont(P384.F, r, CONV);
}

// r = a^-1 (N-form Montgomery in and out; a != 0 mod p), variable time: public data only.
function invVartime(r: usize, a: usize): void {
  p384r26Mul(E, a, P384R26_PLAIN_ONE); // plain
  p384r26Canon(E, E);
  let acc: u64 = 0;
  let bits: u32 = 0;
  let dst: usize = 0;
  for (let i: usize = 0; i < 15; i++) {
    acc |= <u64>load<u32>(E + (i << 2)) << bits;
    bits += 26;
    while (bits >= 32 && dst < 48) {
      store<u32>(PLAIN + dst, <u32>acc);
      acc >>= 32;
      bits -= 32;
      dst += 4;
    }
  }
  if (dst < 48) store<u32>(PLAIN + dst, <u32>acc);
  p384pInvVartime(PLAIN, PLAIN);
  acc = 0;
  bits = 0;
  let src: usize = 0;
  for (let i: usize = 0; i < 15; i++) {
    while (bits < 26 && src < 48) {
      acc |= <u64>load<u32>(PLAIN + src) << bits;
      bits += 32;
      src += 4;
    }
    store<u32>(r + (i << 2), i < 14 ? <u32>(acc & 0x3ffffff) : <u32>acc);
    acc >>= 26;
    bits = bits >= 26 ? bits - 26 : 0;
  }
  p384r26Mul(r, r, P384R26_R2); // back to Montgomery form
}

// QAFF[j] = QTAB[j] made affine, j = 0..7: Montgomery's batched inversion (one inversion and
// three multiplications per point). False when some Z is 0 mod p, which odd multiples (2j+1)Q
// of a valid key (2j+1 < n, n prime) never have; the caller then keeps the Jacobian table.
function tableToAffine(): bool {
  copy(PREF, QTAB + 2 * FE);
  for (let j: usize = 1; j < 8; j++) p384r26Mul(PREF + j * FE, PREF + (j - 1) * FE, QTAB + j * PT + 2 * FE);
  if (isZeroN(PREF + 7 * FE)) return false;
  invVartime(ZI, PREF + 7 * FE); // (Z0 .. Z7)^-1
  for (let j: isize = 7; j >= 0; j--) {
    const e = QTAB + <usize>j * PT;
    // Z_j^-1 = (Z0 .. Zj)^-1 * (Z0 .. Zj-1); then (Z0 .. Zj-1)^-1 = (Z0 .. Zj)^-1 * Z_j.
    if (j > 0) {
      p384r26Mul(ZI2, ZI, PREF + <usize>(j - 1) * FE);
      p384r26Mul(ZI, ZI, e + 2 * FE);
    } else {
      copy(ZI2, ZI);
    }
    const out = QAFF + <usize>j * 2 * FE;
    p384r26Sqr(A, ZI2); // Z^-2
    p384r26Mul(out, e, A); // x = X Z^-2
    p384r26Mul(A, A, ZI2); // Z^-3
    p384r26Mul(out + FE, e + FE, A); // y = Y Z^-3
  }
  return true;
}

// Wipes the scratch of dbl, fromSat and toSat (after use with secret-derived values).
export function p384r26WipeScratch(): void {
  memory.fill(A, 0, FE);
  memory.fill(B, 0, FE);
  memory.fill(C_, 0, FE);
  memory.fill(D, 0, FE);
  memory.fill(E, 0, FE);
  memory.fill(X3, 0, FE);
  memory.fill(Y3, 0, FE);
  memory.fill(Z3, 0, FE);
  memory.fill(CONV, 0, FE_MAX);
}

// --- point formulas ----------------------------------------------------------------------------

function setIdentity(r: usize): void {
  memory.fill(r, 0, PT);
  copy(r + FE, P384R26_ONE);
}

// r = 2p, p Jacobian in N form (r may alias p). Straight-line: the constant-time multiplier of
// p384_ct_mul.ts uses it too (no exceptional case, see jac_ct.ts). Each coordinate of r is
// written once the inputs it would overwrite are no longer read (X1 and Y1 before Z3, Z1 by
// Z3's own product, X1 before X3), so no copies are needed when r is p.
export function dbl(r: usize, p: usize): void {
  const X1 = p, Y1 = p + FE, Z1 = p + 2 * FE;
  const RX = r, RY = r + FE, RZ = r + 2 * FE;
  p384r26Sqr(A, Z1); // delta, N
  p384r26Sqr(B, Y1); // gamma, N
  p384r26Mul(C_, X1, B); // beta, N
  p384r26Sub28(D, X1, A); // X1 - delta < 2^29.3
  p384r26Add(E, X1, A); // X1 + delta < 2^27
  p384r26Mul(D, D, E); // N
  p384r26Scale(D, D, 3); // alpha = 3 (X1 - delta)(X1 + delta) < 2^27.6
  p384r26Add(E, Y1, Y1); // 2 Y1 < 2^27 (the last read of Y1)
  p384r26Mul(RZ, E, Z1); // Z3 = 2 Y1 Z1, N (the last read of Z1)
  p384r26Scale(C_, C_, 4); // 4 beta < 2^28
  p384r26Add(E, C_, C_); // 8 beta < 2^29
  p384r26Sqr(X3, D); // alpha^2, N
  p384r26Sub29(X3, X3, E); // < 2^29.3
  p384r26Norm(RX, X3); // X3 = alpha^2 - 8 beta, N
  p384r26Sub28(Y3, C_, RX); // 4 beta - X3 < 2^29.2
  p384r26Mul(Y3, Y3, D); // N
  p384r26Sqr(B, B); // gamma^2, N
  p384r26Scale(B, B, 8); // 8 gamma^2 < 2^29
  p384r26Sub29(Y3, Y3, B); // < 2^29.3
  p384r26Norm(RY, Y3); // Y3 = alpha (4 beta - X3) - 8 gamma^2, N
}

// Shared tail of the additions: H and rr = S2 - S1 (both N, non-zero H), U1 = V source, S1.
// X3 = rr'^2 - J - 2V, Y3 = rr' (V - X3) - 2 S1 J with rr' = 2 rr, I = 4 H^2, J = H I, V = U1 I.
function addTail(r: usize, u1: usize, s1: usize): void {
  p384r26Add(R, R, R); // rr' < 2^27
  p384r26Sqr(A, H);
  p384r26Scale(A, A, 4); // I = 4 H^2 < 2^28
  p384r26Mul(B, H, A); // J, N
  p384r26Mul(C_, u1, A); // V, N
  p384r26Sqr(X3, R); // N
  p384r26Sub28(X3, X3, B); // < 2^29.3
  p384r26Add(D, C_, C_); // 2V < 2^27
  p384r26Sub29(X3, X3, D); // < 2^30.3
  p384r26Norm(X3, X3); // N
  p384r26Sub28(D, C_, X3); // V - X3 < 2^29.2
  p384r26Mul(Y3, R, D); // N
  p384r26Mul(D, s1, B); // S1 J, N
  p384r26Add(D, D, D); // < 2^27
  p384r26Sub28(Y3, Y3, D); // < 2^29.3
  p384r26Norm(r + FE, Y3);
  copy(r, X3);
  copy(r + 2 * FE, Z3);
}

// r = p + q, both Jacobian in N form (add-2007-bl). r may alias p.
function add(r: usize, p: usize, q: usize): void {
  const X1 = p, Y1 = p + FE, Z1 = p + 2 * FE;
  const X2 = q, Y2 = q + FE, Z2 = q + 2 * FE;
  if (isZeroN(Z2)) {
    if (r != p) memory.copy(r, p, PT);
    return;
  }
  if (isZeroN(Z1)) {
    memory.copy(r, q, PT);
    return;
  }
  p384r26Sqr(A, Z1); // Z1Z1
  p384r26Sqr(B, Z2); // Z2Z2
  p384r26Mul(C_, X1, B); // U1
  p384r26Mul(D, X2, A); // U2
  p384r26Mul(E, Y1, Z2);
  p384r26Mul(E, E, B); // S1
  p384r26Mul(R, Y2, Z1);
  p384r26Mul(R, R, A); // S2
  p384r26Sub28(H, D, C_);
  p384r26Norm(H, H); // H = U2 - U1, N
  p384r26Sub28(R, R, E);
  p384r26Norm(R, R); // S2 - S1, N
  if (isZeroN(H)) {
    if (isZeroN(R)) dbl(r, p);
    else setIdentity(r);
    return;
  }
  p384r26Mul(Z3, Z1, Z2);
  p384r26Add(D, H, H); // 2H < 2^27
  p384r26Mul(Z3, Z3, D); // Z3 = 2 Z1 Z2 H, N
  addTail(r, C_, E);
}

// r = p + (x2, y2), p Jacobian, q affine, both N form (madd-2007-bl). r may alias p.
function addAffine(r: usize, p: usize, q: usize): void {
  const X1 = p, Y1 = p + FE, Z1 = p + 2 * FE;
  const X2 = q, Y2 = q + FE;
  if (isZeroN(Z1)) {
    copy(r, X2);
    copy(r + FE, Y2);
    copy(r + 2 * FE, P384R26_ONE);
    return;
  }
  p384r26Sqr(A, Z1); // Z1Z1
  p384r26Mul(D, X2, A); // U2
  p384r26Mul(R, Y2, Z1);
  p384r26Mul(R, R, A); // S2
  p384r26Sub28(H, D, X1);
  p384r26Norm(H, H); // H = U2 - X1, N
  p384r26Sub28(R, R, Y1);
  p384r26Norm(R, R); // S2 - Y1, N
  if (isZeroN(H)) {
    if (isZeroN(R)) dbl(r, p);
    else setIdentity(r);
    return;
  }
  p384r26Add(D, H, H); // 2H < 2^27
  p384r26Mul(Z3, Z1, D); // Z3 = 2 Z1 H (= (Z1 + H)^2 - Z1Z1 - HH), N
  // The tail reads X1 and Y1 before it writes r, so r may alias p.
  addTail(r, X1, Y1);
}

// y -> -y (N form in and out), into dst.
function negate(dst: usize, y: usize): void {
  memory.fill(dst, 0, FE);
  p384r26Sub28(dst, dst, y);
  p384r26Norm(dst, dst);
}

// --- tables and recoding -----------------------------------------------------------------------

// r = u1*G + u2*Q as a Jacobian point of fld.ts (saturated Montgomery form, x = X/Z^2; Z = 0 for
// the identity). u1, u2: plain 12-limb scalars < n; Q: affine, saturated Montgomery form.
export function p384MulDoubleVartime(r: usize, u1: usize, u2: usize, Q: usize): void {
  const gt = P384_ODD_TABLE26; // the affine odd multiples (2j+1)G, j < G_COUNT, N form (generated)
  // Odd multiples of Q, unless they are those of the last key.
  let affine = qAffine;
  if (!qCached || memory.compare(QKEY, Q, 96) != 0) {
    qCached = false;
    fromSat(QTAB, Q);
    fromSat(QTAB + FE, Q + 48);
    copy(QTAB + 2 * FE, P384R26_ONE);
    dbl(ACC, QTAB);
    for (let j = 1; j < 8; j++) add(QTAB + <usize>j * PT, QTAB + <usize>(j - 1) * PT, ACC);
    affine = tableToAffine();
    memory.copy(QKEY, Q, 96);
    qAffine = affine;
    qCached = true;
  }

  const len1 = wnafRecode(NAF1, u1, 12, G_WIDTH);
  const len2 = wnafRecode(NAF2, u2, 12, 5);
  setIdentity(ACC);
  let started = false;
  for (let i = max(len1, len2) - 1; i >= 0; i--) {
    if (started) dbl(ACC, ACC);
    const d2 = i < len2 ? <i32>load<i8>(NAF2 + <usize>i) : 0;
    if (d2 != 0) {
      const k = <usize>((d2 < 0 ? -d2 : d2) >> 1);
      if (affine) {
        const e = QAFF + k * 2 * FE;
        if (d2 > 0) {
          addAffine(ACC, ACC, e);
        } else {
          copy(NEG, e);
          negate(NEG + FE, e + FE);
          addAffine(ACC, ACC, NEG);
        }
      } else {
        const e = QTAB + k * PT;
        if (d2 > 0) {
          add(ACC, ACC, e);
        } else {
          copy(NEGJ, e);
          negate(NEGJ + FE, e + FE);
          copy(NEGJ + 2 * FE, e + 2 * FE);
          add(ACC, ACC, NEGJ);
        }
      }
      started = true;
    }
    const d1 = i < len1 ? <i32>load<i8>(NAF1 + <usize>i) : 0;
    if (d1 != 0) {
      const e = gt + <usize>((d1 < 0 ? -d1 : d1) >> 1) * 2 * FE;
      if (d1 > 0) {
        addAffine(ACC, ACC, e);
      } else {
        copy(NEG, e);
        negate(NEG + FE, e + FE);
        addAffine(ACC, ACC, NEG);
      }
      started = true;
    }
  }
  const fe = <usize>P384.F.bytes;
  toSat(r, ACC);
  toSat(r + fe, ACC + FE);
  if (isZeroN(ACC + 2 * FE)) memory.fill(r + 2 * fe, 0, fe);
  else toSat(r + 2 * fe, ACC + 2 * FE);
}
