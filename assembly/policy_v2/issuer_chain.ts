// The policy issuer chain (spec migtd.md §3.4, §2.5 V2 step 3): a PEM chain, leaf first, whose
// leaf key signs policyData (and, in their own chains, the ServTD identity and TCB mapping).
//
// Rules: every certificate is signed by the next one with ecdsa-with-SHA384, the last by itself;
// the leaf's own signatureAlgorithm names the algorithm used on the policy and must be
// ecdsa-with-SHA384 too. There is no clock in this check (a MigTD has no trusted time; Intel's
// MigTD does not check validity dates of the policy PKI), so the chain is trusted by linkage and
// by being the one enrolled in the image (measured into RTMR, §5.3).
import { parsePemChain } from "../attest/pckchain";
import { Certificate, CURVE_P384 } from "../x509/cert";
import { verifyDerSignature } from "../x509/signature";
import { OID_ECDSA_SHA384 } from "../der/oid";
import { commonName } from "../x509/name";
import { bytesEqual } from "../util/bytes";
import { sha384 } from "../crypto/sha512";
import { Failure } from "../result/failure";
import { PolicyV2Error } from "./errors";

export class IssuerChain {
  certs: Certificate[] = []; // leaf first
  failure: Failure | null = null;

  get leaf(): Certificate { return this.certs[0]; }
  get root(): Certificate { return this.certs[this.certs.length - 1]; }
}

function name(c: Certificate): string {
  const cn = commonName(c.subject);
  return cn.length > 0 ? "'" + cn + "'" : "certificate";
}

function bad(out: IssuerChain, msg: string): IssuerChain {
  out.failure = new Failure(PolicyV2Error.ChainInvalid, msg);
  return out;
}

export function parseIssuerChain(pem: Uint8Array, what: string): IssuerChain {
  const out = new IssuerChain();
  const p = parsePemChain(pem, what);
  if (p.failure !== null) return bad(out, p.failure!.reason);
  out.certs = p.certs;
  for (let i = 0; i < p.certs.length; i++) {
    const c = p.certs[i];
    const issuer = i + 1 < p.certs.length ? p.certs[i + 1] : c;
    if (c.sigAlg != OID_ECDSA_SHA384) return bad(out, what + ": " + name(c) + " is not signed with ecdsa-with-SHA384");
    if (!bytesEqual(c.issuer, issuer.subject)) {
      return bad(out, what + ": " + name(c) + (i + 1 < p.certs.length ? " is not issued by the next certificate " + name(issuer) : " (last) is not self-signed"));
    }
    if (!verifyDerSignature(c.sigAlg, c.tbs, c.signature, issuer.curve, issuer.publicKey)) {
      return bad(out, what + ": signature of " + name(c) + " does not verify with " + name(issuer));
    }
  }
  return out;
}

// ECDSA-P384-SHA384 over `data` with the leaf key; the DER signature as given in the file.
export function leafSigns(chain: IssuerChain, data: Uint8Array, sigDer: Uint8Array): bool {
  const leaf = chain.leaf;
  if (leaf.curve != CURVE_P384 || leaf.sigAlg != OID_ECDSA_SHA384) return false;
  return verifyDerSignature(OID_ECDSA_SHA384, data, sigDer, leaf.curve, leaf.publicKey);
}

// SHA-384 of the signer's public key (SubjectPublicKey bits = the uncompressed point): what a
// v2 MigTD's MROWNER must be (§3.5 end).
export function signerKeyHash(chain: IssuerChain): Uint8Array {
  return sha384(chain.leaf.publicKey);
}

// §2.5 V2 step 3: a peer's chain must have our root CA (DER equal) and our leaf subject, and
// every non-leaf certificate in it must be a CA. Null when it does.
export function sameIssuer(local: IssuerChain, peer: IssuerChain, what: string): Failure | null {
  if (!bytesEqual(local.root.raw, peer.root.raw)) {
    return new Failure(PolicyV2Error.IssuerMismatch, what + ": root CA " + name(peer.root) + " is not our policy root CA");
  }
  if (!bytesEqual(local.leaf.subject, peer.leaf.subject)) {
    return new Failure(PolicyV2Error.IssuerMismatch, what + ": signer " + name(peer.leaf) + " is not our policy signer " + name(local.leaf));
  }
  for (let i = 1; i < peer.certs.length; i++) {
    const c = peer.certs[i];
    if (!c.hasBasicConstraints || !c.isCa) return new Failure(PolicyV2Error.IssuerMismatch, what + ": " + name(c) + " issues certificates but is not a CA");
  }
  return null;
}
