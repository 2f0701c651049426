// The PCK certificate chain carried in a quote (certification data type 5: concatenated PEM, PCK
// leaf first) decoded and validated to the configured root.
import { pemDecodeAll } from "../der/pem";
import { Certificate, parseCertificate } from "../x509/cert";
import { verifyChain, ChainResult } from "../x509/chain";
import { Crl } from "../x509/crl";
import { Failure } from "./errors";
import { X509Error } from "../x509/errors";

export class CertsParse {
  certs: Certificate[] = [];
  failure: Failure | null = null;
}

// Every certificate in a PEM text; an empty text or any malformed certificate is an error.
export function parsePemChain(pem: Uint8Array, what: string): CertsParse {
  const out = new CertsParse();
  const blocks = pemDecodeAll(pem, "CERTIFICATE");
  if (blocks.error.length > 0) {
    out.failure = new Failure(X509Error.CertMalformed, what + ": " + blocks.error);
    return out;
  }
  if (blocks.blocks.length == 0) {
    out.failure = new Failure(X509Error.CertMalformed, what + ": no certificate");
    return out;
  }
  for (let i = 0; i < blocks.blocks.length; i++) {
    const p = parseCertificate(blocks.blocks[i]);
    const c = p.cert;
    if (c === null) {
      out.failure = new Failure(X509Error.CertMalformed, what + " certificate " + i.toString() + ": " + p.error);
      return out;
    }
    out.certs.push(c);
  }
  return out;
}

export function verifyPemChain(pem: Uint8Array, what: string, root: Certificate, now: i64, crls: Crl[]): ChainResult {
  return verifyParsedChain(parsePemChain(pem, what), what, root, now, crls);
}

// The same for a chain already decoded (a caller that also needs every certificate received).
export function verifyParsedChain(p: CertsParse, what: string, root: Certificate, now: i64, crls: Crl[]): ChainResult {
  if (p.failure !== null) {
    const r = new ChainResult();
    r.failure = p.failure;
    return r;
  }
  const r = verifyChain(p.certs, root, now, crls, true);
  const f = r.failure;
  if (f !== null) r.failure = new Failure(f.code, what + ": " + f.reason);
  return r;
}
