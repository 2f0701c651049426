// Test and benchmark entry for the elliptic-curve code (assembly/crypto/ecdsa.ts, crypto/ec/):
// raw-pointer wrappers. The host allocates inputs and outputs with api_alloc and passes
// (ptr, len) pairs; outputs go to caller-provided buffers of the documented size.
export { api_alloc, api_free } from "../../assembly/api/memory";
export { coreAbort } from "../../assembly/util/abort";
import { bytesIn } from "../../assembly/api/memory";
import {
  p256Verify, p384Verify, p384Sign, p384Keygen, p384Ecdh, ecdsaSigFromDer, ecdsaSigToDer,
} from "../../assembly/crypto/ecdsa";
import { HmacSha256, HmacSha384 } from "../../assembly/crypto/hmac";
import { Sha256 } from "../../assembly/crypto/sha256";
import { Sha512 } from "../../assembly/crypto/sha512";
import { P256, P384, Curve } from "../../assembly/crypto/ec/curve";
import { ecdsaSignRaw, ecdsaVerifyRawWith, ecPublicFromPrivateRaw, EC_OK } from "../../assembly/crypto/ec/ecdsa_core";
import { p256SplitTableBuild, p256KnownSplit, SPLIT_BYTES } from "../../assembly/crypto/ec/p256_verify";
import { P256_G_SPLIT26, P256_ROOT_SPLIT26 } from "../../assembly/crypto/ec/p256_split_tables";
import { p26Dbl, p26Add as p26AddPt, p26AddAffine } from "../../assembly/crypto/ec/p256_point26";
import { p256nInvVartime, p384nInvVartime, p384pInvVartime } from "../../assembly/crypto/ec/scalar_inv";
import {
  p26Mul, p26Sqr, p26Add, p26Scale, p26Sub28, p26Sub29, p26Norm, p26Canon,
} from "../../assembly/crypto/ec/p256_r26";
import {
  p384r26Mul, p384r26Sqr, p384r26Add, p384r26Scale, p384r26Sub28, p384r26Sub29, p384r26Norm, p384r26Canon,
} from "../../assembly/crypto/ec/p384_r26";
import { P384R26_ONE } from "../../assembly/crypto/ec/p384_r26";
import { P384_BASE_TABLE26 } from "../../assembly/crypto/ec/p384_base_table";
import { baseTable, baseEntry } from "../../assembly/crypto/ec/base_table";
import { fromSat, toSat } from "../../assembly/crypto/ec/p384_verify";
import { p384ctAdd, p384ctAddAffine } from "../../assembly/crypto/ec/p384_ct_point";
import { decodePoint, encodePoint, toAffine } from "../../assembly/crypto/ec/affine";
import { Fld, FE_MAX, fmul, fsqr, fadd, fsub, finv, ftoMont, ffromMont, fromBytesBE, toBytesBE } from "../../assembly/crypto/ec/fld";

function out(dst: usize, data: Uint8Array): void {
  memory.copy(dst, data.dataStart, <usize>data.length);
}

function curveOf(bits: i32): Curve {
  return bits == 256 ? P256 : P384;
}

// --- public API ---------------------------------------------------------------------------

export function p256_verify(pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32): i32 {
  return p256Verify(bytesIn(pub, <u32>pubLen), bytesIn(dig, <u32>digLen), bytesIn(sig, <u32>sigLen)) ? 1 : 0;
}

export function p384_verify(pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32): i32 {
  return p384Verify(bytesIn(pub, <u32>pubLen), bytesIn(dig, <u32>digLen), bytesIn(sig, <u32>sigLen)) ? 1 : 0;
}

// 1 and 96 bytes at dst, or 0 (null).
export function p384_sign(priv: usize, privLen: i32, dig: usize, digLen: i32, dst: usize): i32 {
  const sig = p384Sign(bytesIn(priv, <u32>privLen), bytesIn(dig, <u32>digLen));
  if (sig === null) return 0;
  out(dst, sig);
  return 1;
}

// 1 with priv (48) at privDst and pub (97) at pubDst, or 0.
export function p384_keygen(privDst: usize, pubDst: usize): i32 {
  const kp = p384Keygen();
  if (kp === null) return 0;
  out(privDst, kp.priv);
  out(pubDst, kp.pub);
  kp.wipe();
  return 1;
}

// 1 and 48 bytes at dst, or 0 (null).
export function p384_ecdh(priv: usize, privLen: i32, peer: usize, peerLen: i32, dst: usize): i32 {
  const s = p384Ecdh(bytesIn(priv, <u32>privLen), bytesIn(peer, <u32>peerLen));
  if (s === null) return 0;
  out(dst, s);
  return 1;
}

// Length of the raw signature written to dst, or -1 (null).
export function sig_from_der(der: usize, len: i32, scalarLen: i32, dst: usize): i32 {
  const raw = ecdsaSigFromDer(bytesIn(der, <u32>len), scalarLen);
  if (raw === null) return -1;
  out(dst, raw);
  return raw.length;
}

// Length of the DER written to dst (the caller provides len + 16 bytes).
export function sig_to_der(raw: usize, len: i32, dst: usize): i32 {
  const der = ecdsaSigToDer(bytesIn(raw, <u32>len));
  out(dst, der);
  return der.length;
}

// --- internals (known-answer tests) ----------------------------------------------------------

// Purely deterministic RFC 6979 signature (no additional data): P-256 with HMAC-SHA-256 or
// P-384 with HMAC-SHA-384. 1 and 2*size bytes at dst, or 0.
export function ecdsa_sign_det(bits: i32, priv: usize, dig: usize, digLen: i32, dst: usize): i32 {
  let st: i32;
  if (bits == 256) {
    st = ecdsaSignRaw<Sha256>(P256, new HmacSha256(new Uint8Array(0)), 32, dst, priv, dig, digLen, 0, 0);
  } else {
    st = ecdsaSignRaw<Sha512>(P384, new HmacSha384(new Uint8Array(0)), 48, dst, priv, dig, digLen, 0, 0);
  }
  return st == EC_OK ? 1 : 0;
}

// Public key (1 + 2*size bytes at dst) of a private key; 1 or 0.
export function ec_pub_from_priv(bits: i32, priv: usize, privLen: i32, dst: usize): i32 {
  return ecPublicFromPrivateRaw(curveOf(bits), dst, priv, privLen) == EC_OK ? 1 : 0;
}

// Field operations on Montgomery-form limbs: which 0 = p, 1 = n; op 0 mul, 1 sqr, 2 add, 3 sub,
// 4 inv, 5 variable-time inv (mod n; mod p for P-384 only).
export function field_op(bits: i32, which: i32, op: i32, r: usize, a: usize, b: usize): void {
  const C = curveOf(bits);
  const F: Fld = which == 0 ? C.F : C.S;
  if (op == 0) fmul(F, r, a, b);
  else if (op == 1) fsqr(F, r, a);
  else if (op == 2) fadd(F, r, a, b);
  else if (op == 3) fsub(F, r, a, b);
  else if (op == 4) finv(F, r, a);
  else {
    // 5: the variable-time inverses of verification (plain limbs in and out)
    ffromMont(F, r, a);
    if (which == 0) p384pInvVartime(r, r); // (only P-384's exists)
    else if (bits == 256) p256nInvVartime(r, r);
    else p384nInvVartime(r, r);
    ftoMont(F, r, r);
  }
}

// The same operations on plain big-endian values < m (F.bytes each): converted into Montgomery
// form, operated on, converted back into r. Independent of the Montgomery constant R, so tests
// can check it against BigInt arithmetic.
const FA: usize = memory.data(FE_MAX, 8);
const FB: usize = memory.data(FE_MAX, 8);
export function field_eval(bits: i32, which: i32, op: i32, r: usize, a: usize, b: usize): void {
  const C = curveOf(bits);
  const F: Fld = which == 0 ? C.F : C.S;
  fromBytesBE(F, FA, a);
  fromBytesBE(F, FB, b);
  ftoMont(F, FA, FA);
  ftoMont(F, FB, FB);
  field_op(bits, which, op, FA, FA, FB);
  ffromMont(F, FA, FA);
  toBytesBE(F, r, FA);
}

// The radix-2^26 fields of verification on raw limb vectors (10 or 15 u32 limbs, no conversion):
// op 0 mul, 1 sqr, 2 add, 3 sub28, 4 sub29, 5 norm, 6 canon, 7 scale by b's first limb. Tests
// feed limbs up to each function's documented bound and check value and output bounds.
export function r26_op(bits: i32, op: i32, r: usize, a: usize, b: usize): void {
  if (bits == 256) {
    if (op == 0) p26Mul(r, a, b);
    else if (op == 1) p26Sqr(r, a);
    else if (op == 2) p26Add(r, a, b);
    else if (op == 3) p26Sub28(r, a, b);
    else if (op == 4) p26Sub29(r, a, b);
    else if (op == 5) p26Norm(r, a);
    else if (op == 6) p26Canon(r, a);
    else p26Scale(r, a, load<u32>(b));
  } else {
    if (op == 0) p384r26Mul(r, a, b);
    else if (op == 1) p384r26Sqr(r, a);
    else if (op == 2) p384r26Add(r, a, b);
    else if (op == 3) p384r26Sub28(r, a, b);
    else if (op == 4) p384r26Sub29(r, a, b);
    else if (op == 5) p384r26Norm(r, a);
    else if (op == 6) p384r26Canon(r, a);
    else p384r26Scale(r, a, load<u32>(b));
  }
}

// --- benchmark loops -------------------------------------------------------------------------

export function bench_p256_verify(n: i32, pub: usize, dig: usize, sig: usize): i32 {
  const P = bytesIn(pub, 65), D = bytesIn(dig, 32), S = bytesIn(sig, 64);
  let ok = 0;
  for (let i = 0; i < n; i++) if (p256Verify(P, D, S)) ok++;
  return ok;
}

export function bench_p384_verify(n: i32, pub: usize, dig: usize, sig: usize): i32 {
  const P = bytesIn(pub, 97), D = bytesIn(dig, 48), S = bytesIn(sig, 96);
  let ok = 0;
  for (let i = 0; i < n; i++) if (p384Verify(P, D, S)) ok++;
  return ok;
}

export function bench_p384_sign(n: i32, priv: usize, dig: usize): i32 {
  const K = bytesIn(priv, 48), D = bytesIn(dig, 48);
  let ok = 0;
  for (let i = 0; i < n; i++) if (p384Sign(K, D) !== null) ok++;
  return ok;
}

// Keygen followed by ECDH with a fixed peer key (one TLS key exchange).
export function bench_p384_keygen_ecdh(n: i32, peer: usize): i32 {
  const Q = bytesIn(peer, 97);
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const kp = p384Keygen();
    if (kp === null) continue;
    if (p384Ecdh(kp.priv, Q) !== null) ok++;
    kp.wipe();
  }
  return ok;
}

// The complete P-384 formulas on the radix-2^26 field (p384_ct_point.ts), for the exceptional
// cases incomplete formulas would get wrong. a, b: 97 bytes each, 04 || X || Y, or a first byte
// 0 for the identity. mixed = 1 takes b as affine (Algorithm 5; b must not be the identity),
// else projective (Algorithm 4). dst: 97 bytes, 04 || X || Y, or all zeros for the identity.
// Returns 0 when an input does not decode.
const CT_A: usize = memory.data(96, 8);
const CT_P: usize = memory.data(180, 8);
const CT_Q: usize = memory.data(180, 8);
const CT_S: usize = memory.data(144, 8);
function ctLoad(dst: usize, src: usize): bool {
  if (load<u8>(src) == 0) {
    memory.fill(dst, 0, 180);
    memory.copy(dst + 60, P384R26_ONE, 60);
    return true;
  }
  if (!decodePoint(P384, CT_A, src, 97)) return false;
  fromSat(dst, CT_A);
  fromSat(dst + 60, CT_A + 48);
  memory.copy(dst + 120, P384R26_ONE, 60);
  return true;
}
export function p384ct_add(mixed: i32, dst: usize, a: usize, b: usize): i32 {
  if (!ctLoad(CT_P, a) || !ctLoad(CT_Q, b)) return 0;
  fromSat(CT_A, P384.b);
  if (mixed != 0) p384ctAddAffine(CT_P, CT_P, CT_Q, CT_A);
  else p384ctAdd(CT_P, CT_P, CT_Q, CT_A);
  toSat(CT_S, CT_P);
  toSat(CT_S + 48, CT_P + 60);
  toSat(CT_S + 96, CT_P + 120);
  const id = toAffine(P384, CT_A, CT_S);
  if (id != 0) memory.fill(dst, 0, 97);
  else encodePoint(P384, dst, CT_A);
  return 1;
}

// Entries of the generated fixed-base table (p384_base_table.ts, j * 64^i * G) that differ from
// the table base_table.ts computes at run time (j * 16^i * G, j <= 8; converted to radix 2^26 and
// fully reduced): 64^i = 16^(3i/2) for even i, so those windows' first eight entries are
// compared; 0 expected. p384_base_table_points gives every entry for the test against noble.
export function p384_base_table_mismatches(): i32 {
  const src = baseTable(P384);
  let bad = 0;
  for (let i = 0; i < 65; i += 2) {
    for (let j = 1; j <= 8; j++) {
      const s = baseEntry(P384, src, (i >> 1) * 3, j);
      for (let c = 0; c < 2; c++) {
        fromSat(CT_P, s + <usize>c * 48);
        p384r26Canon(CT_P, CT_P);
        if (memory.compare(CT_P, P384_BASE_TABLE26 + <usize>(32 * i + j - 1) * 120 + <usize>c * 60, 60) != 0) bad++;
      }
    }
  }
  return bad;
}

// Every entry of the generated fixed-base table as an uncompressed SEC1 point (97 bytes each, in
// table order) at dst; returns the number of entries (65 * 32).
export function p384_base_table_points(dst: usize): i32 {
  const count = 65 * 32;
  for (let k = 0; k < count; k++) {
    const e = P384_BASE_TABLE26 + <usize>k * 120;
    toSat(CT_A, e);
    toSat(CT_A + 48, e + 60);
    encodePoint(P384, dst + <usize>k * 97, CT_A);
  }
  return count;
}

// --- P-256 split tables (p256_verify.ts, p256_split_tables.ts) --------------------------------

// A split table of the last key given to p256_verify_path with path 2, built at run time.
let splitBuilt: usize = 0;
const SPLIT_KEY: usize = memory.data(65, 8);
const SPLIT_Q: usize = memory.data(64, 8);

// Builds the split table of pub (65 bytes) into the run-time table; false if pub does not decode.
function splitFor(pub: usize): bool {
  if (splitBuilt != 0 && memory.compare(SPLIT_KEY, pub, 65) == 0) return true;
  if (!decodePoint(P256, SPLIT_Q, pub, 65)) return false;
  if (splitBuilt == 0) splitBuilt = heap.alloc(SPLIT_BYTES);
  p256SplitTableBuild(splitBuilt, SPLIT_Q);
  memory.copy(SPLIT_KEY, pub, 65);
  return true;
}

// P-256 verification on a chosen path: 0 the generic multiplier, 1 the automatic choice (the
// built-in table for Intel's root key, else generic: what p256_verify does), 2 a split table of
// pub built at run time (any key; pub must then be 65 bytes and decode, else 0 is returned).
export function p256_verify_path(path: i32, pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32): i32 {
  let split: usize = 0;
  if (path == 1) split = p256KnownSplit(pub, pubLen);
  else if (path == 2) {
    if (pubLen != 65 || !splitFor(pub)) return 0;
    split = splitBuilt;
  }
  return ecdsaVerifyRawWith(P256, pub, pubLen, dig, digLen, sig, sigLen, split) ? 1 : 0;
}

// 1 when pub (65 bytes) has a built-in split table.
export function p256_has_split(pub: usize, pubLen: i32): i32 {
  return p256KnownSplit(pub, pubLen) != 0 ? 1 : 0;
}

// Copies a split table (SPLIT_BYTES, 20480 bytes) to dst, every coordinate fully reduced:
// which 0 = the generated G table, 1 = the generated root-key table, 2 = one built at run time
// for pub (65 bytes; returns 0 if it does not decode). Returns 1.
export function p256_split_table(which: i32, pub: usize, dst: usize): i32 {
  let src: usize;
  if (which == 0) src = P256_G_SPLIT26;
  else if (which == 1) src = P256_ROOT_SPLIT26;
  else {
    if (!splitFor(pub)) return 0;
    src = splitBuilt;
  }
  for (let o: usize = 0; o < SPLIT_BYTES; o += 40) p26Canon(dst + o, src + o);
  return 1;
}

export function bench_p256_verify_path(n: i32, path: i32, pub: usize, dig: usize, sig: usize): i32 {
  let ok = 0;
  for (let i = 0; i < n; i++) ok += p256_verify_path(path, pub, 65, dig, 32, sig, 64);
  return ok;
}

// The generated point formulas (p256_point26.ts) or the compositions of p26* calls they replace
// (as p256_verify.ts computed them before), on N-form Jacobian points of 120 bytes: op 0 doubles
// q, 1 adds Jacobian b, 2 adds affine b (80 bytes). Returns 0 when an addition has H = 0 (and
// then writes nothing), else 1.
const DA: usize = memory.data(40, 8);
const DB: usize = memory.data(40, 8);
const DC: usize = memory.data(40, 8);
const DD: usize = memory.data(40, 8);
const DE: usize = memory.data(40, 8);
const DH: usize = memory.data(40, 8);
const DR: usize = memory.data(40, 8);
const DX: usize = memory.data(40, 8);
const DY: usize = memory.data(40, 8);
const DZ: usize = memory.data(40, 8);
const P26_ZERO: usize = memory.data(40, 8);
function composedDbl(r: usize, q: usize): void {
  const X1 = q, Y1 = q + 40, Z1 = q + 80;
  p26Sqr(DA, Z1);
  p26Sqr(DB, Y1);
  p26Mul(DC, X1, DB);
  p26Sub28(DD, X1, DA);
  p26Add(DE, X1, DA);
  p26Mul(DD, DD, DE);
  p26Scale(DD, DD, 3);
  p26Add(DE, Y1, Z1);
  p26Sqr(DZ, DE);
  p26Add(DE, DA, DB);
  p26Sub28(DZ, DZ, DE);
  p26Norm(DZ, DZ);
  p26Scale(DC, DC, 4);
  p26Add(DE, DC, DC);
  p26Sqr(DX, DD);
  p26Sub29(DX, DX, DE);
  p26Norm(DX, DX);
  p26Sub28(DY, DC, DX);
  p26Mul(DY, DY, DD);
  p26Sqr(DB, DB);
  p26Scale(DB, DB, 8);
  p26Sub29(DY, DY, DB);
  p26Norm(r + 40, DY);
  memory.copy(r, DX, 40);
  memory.copy(r + 80, DZ, 40);
}
// H (at DH), rr (at DR), U1 at u1, S1 at s1, Z3 at DZ -> r.
function composedTail(r: usize, u1: usize, s1: usize): void {
  p26Add(DR, DR, DR);
  p26Sqr(DA, DH);
  p26Scale(DA, DA, 4);
  p26Mul(DB, DH, DA);
  p26Mul(DC, u1, DA);
  p26Sqr(DX, DR);
  p26Sub28(DX, DX, DB);
  p26Add(DD, DC, DC);
  p26Sub29(DX, DX, DD);
  p26Norm(DX, DX);
  p26Sub28(DD, DC, DX);
  p26Mul(DY, DR, DD);
  p26Mul(DD, s1, DB);
  p26Add(DD, DD, DD);
  p26Sub28(DY, DY, DD);
  p26Norm(r + 40, DY);
  memory.copy(r, DX, 40);
  memory.copy(r + 80, DZ, 40);
}
function zeroN(a: usize): bool {
  p26Canon(DE, a);
  return memory.compare(DE, P26_ZERO, 40) == 0;
}
export function p256_point(op: i32, fused: i32, r: usize, q: usize, b: usize): i32 {
  if (op == 0) {
    if (fused != 0) p26Dbl(r, q);
    else composedDbl(r, q);
    return 1;
  }
  if (fused != 0) return (op == 1 ? p26AddPt(r, q, b) : p26AddAffine(r, q, b)) ? 1 : 0;
  const X1 = q, Y1 = q + 40, Z1 = q + 80;
  const X2 = b, Y2 = b + 40, Z2 = b + 80;
  const U1 = DX, S1 = DY; // free until the tail
  p26Sqr(DA, Z1);
  if (op == 1) {
    p26Sqr(DB, Z2);
    p26Mul(U1, X1, DB);
    p26Mul(DD, X2, DA);
    p26Mul(S1, Y1, Z2);
    p26Mul(S1, S1, DB);
    p26Mul(DR, Y2, Z1);
    p26Mul(DR, DR, DA);
  } else {
    memory.copy(U1, X1, 40);
    memory.copy(S1, Y1, 40);
    p26Mul(DD, X2, DA);
    p26Mul(DR, Y2, Z1);
    p26Mul(DR, DR, DA);
  }
  p26Sub28(DH, DD, U1);
  p26Norm(DH, DH);
  p26Sub28(DR, DR, S1);
  p26Norm(DR, DR);
  if (zeroN(DH)) return 0;
  if (op == 1) {
    p26Mul(DZ, Z1, Z2);
    p26Add(DD, DH, DH);
    p26Mul(DZ, DZ, DD);
  } else {
    p26Add(DD, DH, DH);
    p26Mul(DZ, Z1, DD);
  }
  // The tail writes DX/DY (U1/S1): keep copies.
  memory.copy(r, U1, 40);
  memory.copy(r + 40, S1, 40);
  composedTail(r, r, r + 40);
  return 1;
}
