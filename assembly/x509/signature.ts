// ECDSA signature checks for certificates, CRLs and Intel's signed JSON (RFC 5758 §3.2 algorithms;
// the hash is named by the signature algorithm, the curve by the signer's key).
import { sha256 } from "../crypto/sha256";
import { sha384 } from "../crypto/sha512";
import { p256Verify, p384Verify, ecdsaSigFromDer } from "../crypto/ecdsa";
import { OID_ECDSA_SHA256, OID_ECDSA_SHA384 } from "../der/oid";
import { CURVE_P256, CURVE_P384 } from "./cert";
import { sigCacheLookup, sigCacheRemember } from "./sigcache";

// Verifies a DER ECDSA-Sig-Value over `data` with the signer's uncompressed key.
export function verifyDerSignature(sigAlg: string, data: Uint8Array, sigDer: Uint8Array, curve: i32, pub: Uint8Array): bool {
  const digest = digestFor(sigAlg, data);
  return digest !== null && verifyDerSignatureOfDigest(digest, sigDer, curve, pub);
}

// The digest a signature algorithm signs `data` with; null for an algorithm not supported.
export function digestFor(sigAlg: string, data: Uint8Array): Uint8Array | null {
  if (sigAlg == OID_ECDSA_SHA256) return sha256(data);
  if (sigAlg == OID_ECDSA_SHA384) return sha384(data);
  return null;
}

// The same check given the digest (a caller that checks one signed object several times).
export function verifyDerSignatureOfDigest(digest: Uint8Array, sigDer: Uint8Array, curve: i32, pub: Uint8Array): bool {
  const scalar = curve == CURVE_P256 ? 32 : curve == CURVE_P384 ? 48 : 0;
  if (scalar == 0) return false;
  const raw = ecdsaSigFromDer(sigDer, scalar);
  if (raw === null) return false;
  return verifyRaw(curve, pub, digest, raw);
}

// Verifies a raw r||s signature over a digest (remembered when it verifies: sigcache.ts).
export function verifyRaw(curve: i32, pub: Uint8Array, digest: Uint8Array, raw: Uint8Array): bool {
  if (curve == CURVE_P256) {
    if (pub.length != 65 || raw.length != 64) return false;
  } else if (curve == CURVE_P384) {
    if (pub.length != 97 || raw.length != 96) return false;
  } else {
    return false;
  }
  if (sigCacheLookup(curve, pub, digest, raw)) return true;
  const ok = curve == CURVE_P256 ? p256Verify(pub, digest, raw) : p384Verify(pub, digest, raw);
  if (ok) sigCacheRemember(curve, pub, digest, raw);
  return ok;
}

// Intel's signed JSON (TCB info, QE identity) and quote signatures: raw r||s ECDSA-P256 over
// SHA-256 of the exact bytes (Intel PCS API spec, "signature" fields).
export function verifyP256Sha256Raw(pub: Uint8Array, data: Uint8Array, raw: Uint8Array): bool {
  return verifyRaw(CURVE_P256, pub, sha256(data), raw);
}

// The same check without the memo: for a signature that is unique to one input (a quote's own
// signature over its header and body), remembering it would only push out entries that do recur
// (chains, CRLs, collateral, the QE report) and make a repeated benchmark look cheaper than a
// second quote from the same platform really is.
export function verifyP256Sha256Fresh(pub: Uint8Array, data: Uint8Array, raw: Uint8Array): bool {
  if (pub.length != 65 || raw.length != 64) return false;
  return p256Verify(pub, sha256(data), raw);
}
