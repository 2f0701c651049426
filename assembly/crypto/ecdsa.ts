// Elliptic-curve signatures and key agreement for the core: ECDSA P-256 verification (TDX quotes,
// PCK certificate chains), ECDSA P-384 signing and verification and P-384 ECDH (TLS 1.3 with
// secp384r1). Implementation in crypto/ec/ (field arithmetic, complete point formulas,
// constant-time and variable-time multipliers, RFC 6979 nonces, DER).
//
// Conventions: public keys are SEC 1 uncompressed points 04||X||Y; signatures are raw r||s with
// fixed-length big-endian scalars (convert with ecdsaSigFromDer / ecdsaSigToDer); digests of any
// length are accepted and truncated to the curve's bit length (bits2int, FIPS 186-5 §6.4.1).
// Nothing here traps on bad input: invalid keys, points and signatures give false or null.
import { random } from "../abi";
import { sharedHmacSha384 } from "./hmac";
import { Sha512 } from "./sha512";
import { wipe } from "./wipe";
import { P256, P384 } from "./ec/curve";
import { ecdsaVerifyRaw, ecdsaSignRaw, ecKeygenRaw, ecdhRaw, EC_OK } from "./ec/ecdsa_core";
import { sigFromDer, sigToDer } from "./ec/der";

export const P256_SCALAR_LEN: i32 = 32;
export const P384_SCALAR_LEN: i32 = 48;

// ECDSA P-256 verification. pub: 65 bytes 04||X||Y; digest: any length (SHA-256 normally);
// sig: 64 bytes r||s.
export function p256Verify(pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): bool {
  return ecdsaVerifyRaw(P256, pub.dataStart, pub.length, digest.dataStart, digest.length, sig.dataStart, sig.length);
}

// ECDSA P-384 verification. pub: 97 bytes; digest: any length (SHA-384 normally); sig: 96 bytes.
export function p384Verify(pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): bool {
  return ecdsaVerifyRaw(P384, pub.dataStart, pub.length, digest.dataStart, digest.length, sig.dataStart, sig.length);
}

const EMPTY = new Uint8Array(0);

// ECDSA P-384 signature (raw r||s, 96 bytes) of a digest (any length; SHA-384 normally) with a
// 48-byte private key. The nonce is RFC 6979 (HMAC-SHA-384) hedged with 48 fresh random bytes as
// the §3.6 additional data. Null when randomness is unavailable or the private key is not a
// valid scalar (wrong length, zero, >= n).
export function p384Sign(priv: Uint8Array, digest: Uint8Array): Uint8Array | null {
  if (priv.length != P384_SCALAR_LEN) return null;
  const extra = new Uint8Array(P384_SCALAR_LEN);
  if (random(extra.dataStart, <u32>extra.length) != 0) return null;
  const out = new Uint8Array(2 * P384_SCALAR_LEN);
  const mac = sharedHmacSha384(EMPTY); // re-keyed by the DRBG, wiped by ecdsaSignRaw
  const st = ecdsaSignRaw<Sha512>(P384, mac, 48, out.dataStart, priv.dataStart, digest.dataStart, digest.length, extra.dataStart, extra.length);
  wipe(extra);
  return st == EC_OK ? out : null;
}

export class P384KeyPair {
  constructor(
    public priv: Uint8Array, // 48 bytes, big-endian scalar in [1, n-1]
    public pub: Uint8Array, // 97 bytes, 04||X||Y
  ) {}
  // Zeroes the private key (the public key stays usable).
  wipe(): void {
    wipe(this.priv);
  }
}

// A fresh P-384 key pair; null when randomness is unavailable.
export function p384Keygen(): P384KeyPair | null {
  const priv = new Uint8Array(P384_SCALAR_LEN);
  const pub = new Uint8Array(1 + 2 * P384_SCALAR_LEN);
  if (ecKeygenRaw(P384, priv.dataStart, pub.dataStart) != EC_OK) return null;
  return new P384KeyPair(priv, pub);
}

// P-384 ECDH shared secret: the 48-byte X coordinate of priv * peerPub (RFC 8446 §7.4.2). Null
// when the peer key is not a valid point (wrong length or prefix, coordinate >= p, off the curve)
// or the private key is not a valid scalar.
export function p384Ecdh(priv: Uint8Array, peerPub: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(P384_SCALAR_LEN);
  if (ecdhRaw(P384, out.dataStart, priv.dataStart, priv.length, peerPub.dataStart, peerPub.length) != EC_OK) return null;
  return out;
}

// DER Ecdsa-Sig-Value -> raw r||s with scalarLen-byte scalars (32 for P-256, 48 for P-384).
// Strict DER: minimal lengths and INTEGER encodings, positive non-zero values that fit,
// no trailing bytes. Null on any violation.
export function ecdsaSigFromDer(der: Uint8Array, scalarLen: i32): Uint8Array | null {
  return sigFromDer(der, scalarLen);
}

// Raw r||s (even length) -> DER Ecdsa-Sig-Value. An odd-length or empty input gives an empty
// array.
export function ecdsaSigToDer(raw: Uint8Array): Uint8Array {
  return sigToDer(raw);
}
