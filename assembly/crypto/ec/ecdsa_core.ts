// ECDSA (FIPS 186-5 §6.4, SEC 1 v2 §4.1) and ECDH (SEC 1 §3.3.1, NIST SP 800-56A r3 §5.7.1.2)
// over a Curve, on raw memory. The typed public API is assembly/crypto/ecdsa.ts.
//
// Every input is validated and every failure is a returned status: public keys must be valid
// uncompressed points, r and s must be in [1, n-1], private scalars in [1, n-1]. Secret values
// (private scalars, nonces, their inverses, the DRBG state) live in static scratch that is wiped
// before returning.
import { random } from "../../abi";
import { Hmac } from "../hmac";
import {
  FE_MAX, fmul, fsqr, fadd, finv, fzeroMask, fltModMask, feqMask, fromBytesBE, toBytesBE, ftoMont,
  freduceOnce, KIND_P256N, KIND_P256F,
} from "./fld";
import { p256nInvVartime, p384nInvVartime } from "./scalar_inv";
import { Curve } from "./curve";
import { decodePoint, encodePoint, toAffine, affineXBytes } from "./affine";
import { pointIsIdentityMask } from "./point";
import { mulBaseCT, mulCT } from "./mul_ct";
import { mulDoubleVartime } from "./mul_vartime";
import { p256MulSplitVartime, p256KnownSplit } from "./p256_verify";
import { P256_G_SPLIT26 } from "./p256_split_tables";
import { rfc6979Init, rfc6979Generate, rfc6979Reseed, rfc6979Wipe } from "./rfc6979";

export const EC_OK: i32 = 0;
export const EC_INVALID: i32 = 1; // bad key, scalar or point
export const EC_NO_RANDOM: i32 = 2; // the random import failed
export const EC_EXHAUSTED: i32 = 3; // no acceptable nonce/key after MAX_TRIES candidates

// Each rejection has probability < 2^-32 for both curves (n is within 2^-32 of 2^bits), so 64
// consecutive rejections mean a broken random source or DRBG, not bad luck.
const MAX_TRIES: i32 = 64;

const QA: usize = memory.data(2 * FE_MAX, 8); // public point, affine
const PT: usize = memory.data(3 * FE_MAX, 8); // projective result
const RS: usize = memory.data(FE_MAX, 8); // r
const SS: usize = memory.data(FE_MAX, 8); // s
const ES: usize = memory.data(FE_MAX, 8); // e = bits2int(digest) mod n
const W1: usize = memory.data(FE_MAX, 8);
const W2: usize = memory.data(FE_MAX, 8);
const W3: usize = memory.data(FE_MAX, 8);
const DS: usize = memory.data(FE_MAX, 8); // private scalar
const KS: usize = memory.data(FE_MAX, 8); // nonce
const BUF: usize = memory.data(FE_MAX, 8);
const BUF2: usize = memory.data(FE_MAX, 8);
const EXTRA: usize = memory.data(FE_MAX, 8);

function wipeAll(): void {
  memory.fill(QA, 0, 2 * FE_MAX);
  memory.fill(PT, 0, 3 * FE_MAX);
  memory.fill(RS, 0, FE_MAX);
  memory.fill(SS, 0, FE_MAX);
  memory.fill(ES, 0, FE_MAX);
  memory.fill(W1, 0, FE_MAX);
  memory.fill(W2, 0, FE_MAX);
  memory.fill(W3, 0, FE_MAX);
  memory.fill(DS, 0, FE_MAX);
  memory.fill(KS, 0, FE_MAX);
  memory.fill(BUF, 0, FE_MAX);
  memory.fill(BUF2, 0, FE_MAX);
  memory.fill(EXTRA, 0, FE_MAX);
}

// All ones when the plain scalar x is in [1, n-1]. Constant time.
function scalarOkMask(C: Curve, x: usize): u32 {
  return fltModMask(C.S, x) & ~fzeroMask(C.S, x);
}

// bits2int (RFC 6979 §2.3.2; FIPS 186-5 §6.4.1 step 4): the leftmost qlen bits of the digest,
// as plain limbs at out, then reduced mod n (one subtraction suffices: the value is < 2^qlen).
// qlen is a multiple of 8 for both curves, so truncation is by whole bytes.
function digestToScalar(C: Curve, out: usize, dig: usize, digLen: i32): void {
  const size = C.size;
  const take = min(digLen, size);
  memory.fill(BUF, 0, <usize>size);
  if (take > 0) memory.copy(BUF + <usize>(size - take), dig, <usize>take);
  fromBytesBE(C.S, out, BUF);
  freduceOnce(C.S, out, out);
}

// Verifies raw r||s (sigLen = 2*size) over the digest with the uncompressed public key. A P-256
// key with a built-in split table (p256_split_tables.ts: Intel's root CA key) takes the faster
// fixed-key path; the result is the same.
export function ecdsaVerifyRaw(C: Curve, pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32): bool {
  const split = C.F.kind == KIND_P256F ? p256KnownSplit(pub, pubLen) : 0;
  return ecdsaVerifyRawWith(C, pub, pubLen, dig, digLen, sig, sigLen, split);
}

// ecdsaVerifyRaw with the path chosen by the caller: qSplit = 0 for the generic multiplier, else
// (P-256 only) the split table of exactly this key (p256_split_tables.ts or
// p256SplitTableBuild). Tests run both paths on the same inputs through it.
export function ecdsaVerifyRawWith(C: Curve, pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32, qSplit: usize): bool {
  const ok = verifyInner(C, pub, pubLen, dig, digLen, sig, sigLen, qSplit);
  wipeAll();
  return ok;
}

function verifyInner(C: Curve, pub: usize, pubLen: i32, dig: usize, digLen: i32, sig: usize, sigLen: i32, qSplit: usize): bool {
  const F = C.F;
  const S = C.S;
  const size = C.size;
  const fe = <usize>F.bytes;
  if (sigLen != 2 * size || digLen < 0) return false;
  if (!decodePoint(C, QA, pub, pubLen)) return false;
  fromBytesBE(S, RS, sig);
  fromBytesBE(S, SS, sig + <usize>size);
  if ((scalarOkMask(C, RS) & scalarOkMask(C, SS)) == 0) return false;
  digestToScalar(C, ES, dig, digLen);
  // w = s^-1 (Montgomery form), u1 = e*w, u2 = r*w (plain: Montgomery product of plain x mont).
  // Public input: the variable-time inverse of scalar_inv.ts, then to Montgomery form.
  if (S.kind == KIND_P256N) p256nInvVartime(W1, SS);
  else p384nInvVartime(W1, SS);
  ftoMont(S, W1, W1);
  fmul(S, W2, ES, W1);
  fmul(S, W3, RS, W1);
  if (qSplit != 0 && C.F.kind == KIND_P256F) p256MulSplitVartime(PT, W2, W3, P256_G_SPLIT26, qSplit);
  else mulDoubleVartime(C, PT, W2, W3, QA);
  if (pointIsIdentityMask(C, PT) != 0) return false;
  // R is Jacobian (x = X/Z^2). Accept when x(R) mod n == r, i.e. X == r*Z^2, or
  // X == (r+n)*Z^2 when r+n < p (x < p < 2n).
  const X = PT;
  const Z2 = W3;
  fsqr(F, Z2, PT + 2 * fe);
  ftoMont(F, W1, RS); // r < n < p: a valid field element
  fmul(F, W1, W1, Z2);
  if (feqMask(F, W1, X) != 0) return true;
  // r + n as a plain integer, then compare with p.
  let c: u64 = 0;
  for (let i = 0; i < F.limbs; i++) {
    const o = <usize>(i << 2);
    c += <u64>load<u32>(RS + o) + <u64>load<u32>(S.mod + o);
    store<u32>(W2 + o, <u32>c);
    c >>= 32;
  }
  if (c != 0 || fltModMask(F, W2) == 0) return false;
  ftoMont(F, W1, W2);
  fmul(F, W1, W1, Z2);
  return feqMask(F, W1, X) != 0;
}

// Signs: out = r||s (2*size bytes). priv is size bytes; extra (k', may be empty) is mixed into
// the RFC 6979 DRBG. Returns EC_OK, EC_INVALID (private key not in [1, n-1]) or EC_EXHAUSTED.
export function ecdsaSignRaw<H>(C: Curve, mac: Hmac<H>, hlen: i32, out: usize, priv: usize, dig: usize, digLen: i32, extra: usize, extraLen: i32): i32 {
  const st = signInner<H>(C, mac, hlen, out, priv, dig, digLen, extra, extraLen);
  rfc6979Wipe<H>(mac);
  wipeAll();
  return st;
}

function signInner<H>(C: Curve, mac: Hmac<H>, hlen: i32, out: usize, priv: usize, dig: usize, digLen: i32, extra: usize, extraLen: i32): i32 {
  const S = C.S;
  const size = C.size;
  if (digLen < 0) return EC_INVALID;
  fromBytesBE(S, DS, priv);
  if (scalarOkMask(C, DS) == 0) return EC_INVALID;
  digestToScalar(C, ES, dig, digLen);
  toBytesBE(S, BUF2, ES); // bits2octets(h1) = int2octets(bits2int(h1) mod n)
  rfc6979Init<H>(mac, hlen, priv, BUF2, size, extra, extraLen);
  ftoMont(S, W3, DS); // d (Montgomery)
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if (attempt > 0) rfc6979Reseed<H>(mac, hlen);
    rfc6979Generate<H>(mac, hlen, BUF, size);
    fromBytesBE(S, KS, BUF);
    // A rejected candidate is discarded, so branching on the rejection reveals nothing about the
    // nonce that is used.
    if (scalarOkMask(C, KS) == 0) continue;
    mulBaseCT(C, PT, KS);
    affineXBytes(C, BUF, PT); // k in [1, n-1]: never the identity
    fromBytesBE(S, RS, BUF);
    freduceOnce(S, RS, RS); // r = x mod n (x < p < 2n)
    if (fzeroMask(S, RS) != 0) continue;
    fmul(S, W1, RS, W3); // r*d (plain)
    fadd(S, W1, W1, ES); // e + r*d
    ftoMont(S, W2, KS);
    finv(S, W2, W2); // k^-1 (Montgomery)
    fmul(S, SS, W1, W2); // s = k^-1 (e + r*d), plain
    if (fzeroMask(S, SS) != 0) continue;
    toBytesBE(S, out, RS);
    toBytesBE(S, out + <usize>size, SS);
    return EC_OK;
  }
  return EC_EXHAUSTED;
}

// Generates a key pair: priv (size bytes) uniform in [1, n-1] by rejection sampling (FIPS 186-5
// A.4.2), pub = 04||X||Y (1 + 2*size bytes).
export function ecKeygenRaw(C: Curve, priv: usize, pub: usize): i32 {
  const st = keygenInner(C, priv, pub);
  wipeAll();
  return st;
}

function keygenInner(C: Curve, priv: usize, pub: usize): i32 {
  const size = C.size;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if (random(priv, <u32>size) != 0) {
      memory.fill(priv, 0, <usize>size);
      return EC_NO_RANDOM;
    }
    fromBytesBE(C.S, DS, priv);
    if (scalarOkMask(C, DS) == 0) continue;
    mulBaseCT(C, PT, DS);
    toAffine(C, QA, PT);
    encodePoint(C, pub, QA);
    return EC_OK;
  }
  memory.fill(priv, 0, <usize>size);
  return EC_EXHAUSTED;
}

// ECDH: out = x(d * Q) (size bytes). EC_INVALID for a private scalar outside [1, n-1] or an
// invalid peer point.
export function ecdhRaw(C: Curve, out: usize, priv: usize, privLen: i32, peer: usize, peerLen: i32): i32 {
  const st = ecdhInner(C, out, priv, privLen, peer, peerLen);
  wipeAll();
  return st;
}

function ecdhInner(C: Curve, out: usize, priv: usize, privLen: i32, peer: usize, peerLen: i32): i32 {
  if (privLen != C.size) return EC_INVALID;
  fromBytesBE(C.S, DS, priv);
  if (scalarOkMask(C, DS) == 0) return EC_INVALID;
  if (!decodePoint(C, QA, peer, peerLen)) return EC_INVALID;
  mulCT(C, PT, DS, QA);
  // Prime order and d in [1, n-1]: the product is never the identity; checked anyway.
  if (affineXBytes(C, out, PT) != 0) return EC_INVALID;
  return EC_OK;
}

// Public key from a private key (tests and key import).
export function ecPublicFromPrivateRaw(C: Curve, pub: usize, priv: usize, privLen: i32): i32 {
  let st = EC_INVALID;
  if (privLen == C.size) {
    fromBytesBE(C.S, DS, priv);
    if (scalarOkMask(C, DS) != 0) {
      mulBaseCT(C, PT, DS);
      toAffine(C, QA, PT);
      encodePoint(C, pub, QA);
      st = EC_OK;
    }
  }
  wipeAll();
  return st;
}
