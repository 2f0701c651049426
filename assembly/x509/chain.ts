// Certification path validation (RFC 5280 §6, the parts Intel's PKI exercises): from the leaf up
// to a configured trust anchor, every signature, every validity period at `now` (passed in, never
// read from a clock), CA flags and key usage of issuers, path length, unknown critical
// extensions, and revocation against the CRLs given.
//
// The anchor is matched by its public key, not its name: Intel's production and pre-production
// roots are both "CN=Intel SGX Root CA" (PROVENANCE.md), so a name match alone would let a chain
// from the wrong PKI through. A self-signed certificate carried in the chain is accepted as the
// top only when its key equals the anchor's.
import { Certificate, KU_DIGITAL_SIGNATURE, KU_KEY_CERT_SIGN, KU_CRL_SIGN } from "./cert";
import { isUnderstood } from "./extensions";
import { verifyDerSignature, verifyDerSignatureOfDigest } from "./signature";
import { Crl, isRevoked } from "./crl";
import { bytesEqual } from "../util/bytes";
import { X509Error } from "./errors";
import { Failure } from "../result/failure";
import { commonName } from "./name";

// Bound on path length (leaf + intermediates); Intel's paths are 2-3 long.
export const CHAIN_MAX_DEPTH: i32 = 6;

export class ChainResult {
  failure: Failure | null = null;
  path: Certificate[] = []; // leaf first, anchor last
}

function fail(code: X509Error, msg: string): ChainResult {
  const r = new ChainResult();
  r.failure = new Failure(code, msg);
  return r;
}

export function sameKey(a: Certificate, b: Certificate): bool {
  return a.curve == b.curve && bytesEqual(a.publicKey, b.publicKey);
}

function label(c: Certificate): string {
  const cn = commonName(c.subject);
  return cn.length > 0 ? "'" + cn + "'" : "certificate";
}

function checkCert(c: Certificate, now: i64): Failure | null {
  if (now < c.notBefore || now > c.notAfter) {
    return new Failure(X509Error.CertExpired, label(c) + " is not valid at the given time");
  }
  for (let i = 0; i < c.extensions.length; i++) {
    const e = c.extensions[i];
    if (e.critical && !isUnderstood(e.oid)) return new Failure(X509Error.CertUnknownCritical, label(c) + " has an unknown critical extension " + e.oid);
  }
  return null;
}

function checkIssuerRole(c: Certificate, below: i32): Failure | null {
  if (!c.hasBasicConstraints || !c.isCa) return new Failure(X509Error.CertNotCa, label(c) + " issues certificates but is not a CA");
  if (c.hasKeyUsage && (c.keyUsage & KU_KEY_CERT_SIGN) == 0) return new Failure(X509Error.CertKeyUsage, label(c) + " lacks keyCertSign");
  // pathLenConstraint counts the non-self-issued intermediates below this CA (RFC 5280 §4.2.1.9).
  if (c.pathLen >= 0 && below > c.pathLen) return new Failure(X509Error.CertNotCa, label(c) + " path length constraint exceeded");
  return null;
}

// `chain` = certificates as received (leaf first; order of the rest does not matter).
// `crls` = CRLs to consult; a CRL counts only when its issuer is in the path and its signature
// verifies (stale CRLs are the caller's concern: collateral checks their dates).
export function verifyChain(chain: Certificate[], anchor: Certificate, now: i64, crls: Crl[], leafNeedsSigning: bool): ChainResult {
  if (chain.length == 0) return fail(X509Error.ChainIncomplete, "empty certificate chain");
  const out = new ChainResult();
  let cur = chain[0];
  const path = new Array<Certificate>();
  path.push(cur);
  if (leafNeedsSigning && cur.hasKeyUsage && (cur.keyUsage & KU_DIGITAL_SIGNATURE) == 0) {
    return fail(X509Error.CertKeyUsage, label(cur) + " lacks digitalSignature");
  }
  while (true) {
    const f = checkCert(cur, now);
    if (f !== null) {
      out.failure = f;
      return out;
    }
    // Reached the anchor (a self-signed copy of it in the chain, or the leaf is the anchor itself).
    if (sameKey(cur, anchor) && bytesEqual(cur.subject, anchor.subject)) break;
    if (path.length > CHAIN_MAX_DEPTH) return fail(X509Error.ChainIncomplete, "certificate chain too long");
    // Issued directly by the anchor?
    if (bytesEqual(cur.issuer, anchor.subject) && verifyDerSignature(cur.sigAlg, cur.tbs, cur.signature, anchor.curve, anchor.publicKey)) {
      const g = checkCert(anchor, now);
      if (g !== null) {
        out.failure = g;
        return out;
      }
      const h = checkIssuerRole(anchor, path.length - 1);
      if (h !== null) {
        out.failure = h;
        return out;
      }
      path.push(anchor);
      break;
    }
    // Otherwise find the issuer among the certificates received.
    let next: Certificate | null = null;
    for (let i = 1; i < chain.length; i++) {
      const cand = chain[i];
      if (cand === cur || !bytesEqual(cand.subject, cur.issuer)) continue;
      if (bytesEqual(cand.subject, cand.issuer)) {
        // A self-signed root in the chain that is not our anchor.
        return fail(X509Error.ChainUntrustedRoot, "chain ends in " + label(cand) + " whose public key is not the configured root's");
      }
      if (!verifyDerSignature(cur.sigAlg, cur.tbs, cur.signature, cand.curve, cand.publicKey)) {
        return fail(X509Error.CertSignature, "signature of " + label(cur) + " does not verify with " + label(cand));
      }
      next = cand;
      break;
    }
    if (next === null) {
      if (bytesEqual(cur.issuer, anchor.subject)) {
        return fail(X509Error.CertSignature, "signature of " + label(cur) + " does not verify with the configured root");
      }
      return fail(X509Error.ChainIncomplete, "no issuer for " + label(cur));
    }
    const roleErr = checkIssuerRole(next, path.length - 1);
    if (roleErr !== null) {
      out.failure = roleErr;
      return out;
    }
    path.push(next);
    cur = next;
  }
  // Revocation: each certificate below the anchor against a CRL from its issuer.
  for (let i = 0; i + 1 < path.length; i++) {
    const c = path[i];
    const issuer = path[i + 1];
    for (let j = 0; j < crls.length; j++) {
      const crl = crls[j];
      if (!bytesEqual(crl.issuer, issuer.subject)) continue;
      if (!crlSignedBy(crl, issuer)) continue;
      if (isRevoked(crl, c.serial)) return fail(X509Error.CertRevoked, label(c) + " is revoked");
    }
  }
  out.path = path;
  return out;
}

export function crlSignedBy(crl: Crl, issuer: Certificate): bool {
  if (issuer.hasKeyUsage && (issuer.keyUsage & KU_CRL_SIGN) == 0) return false;
  const digest = crl.tbsDigest();
  return digest !== null && verifyDerSignatureOfDigest(digest, crl.signature, issuer.curve, issuer.publicKey);
}
