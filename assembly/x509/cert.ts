// X.509 v3 certificates (RFC 5280 §4.1), the subset Intel's SGX/TDX PKI and MigTD's RA-TLS
// certificates use: EC public keys (P-256/P-384), ECDSA signatures. Parsing is strict DER and
// never traps; the result carries `error` instead.
import { DerReader, Tlv } from "../der/reader";
import { TAG_SEQUENCE, TAG_BIT_STRING, ctxCons, ctxPrim } from "../der/tags";
import { readTime, TIME_INVALID } from "../der/time";
import { OID_EC_PUBLIC_KEY, OID_P256, OID_P384 } from "../der/oid";
import { Extension, parseExtensions, applyKnownExtensions } from "./extensions";

export const CURVE_NONE: i32 = 0;
export const CURVE_P256: i32 = 256;
export const CURVE_P384: i32 = 384;

// The placeholder of every byte field until the parser sets it: zero-length, so nothing can be
// written through it, and one allocation instead of eight per certificate.
const NO_BYTES = new Uint8Array(0);

export class Certificate {
  raw: Uint8Array = NO_BYTES; // whole DER
  tbs: Uint8Array = NO_BYTES; // tbsCertificate DER (what is signed)
  version: i32 = 1;
  serial: Uint8Array = NO_BYTES; // INTEGER contents
  tbsSigAlg: string = "";
  sigAlg: string = "";
  signature: Uint8Array = NO_BYTES; // DER ECDSA-Sig-Value
  issuer: Uint8Array = NO_BYTES; // Name DER
  subject: Uint8Array = NO_BYTES; // Name DER
  notBefore: i64 = 0;
  notAfter: i64 = 0;
  curve: i32 = CURVE_NONE;
  publicKey: Uint8Array = NO_BYTES; // uncompressed point 04||X||Y
  spki: Uint8Array = NO_BYTES; // SubjectPublicKeyInfo DER
  extensions: Extension[] = [];
  // From the extensions (RFC 5280 §4.2.1.9, §4.2.1.3).
  hasBasicConstraints: bool = false;
  isCa: bool = false;
  pathLen: i32 = -1; // -1 = no limit
  hasKeyUsage: bool = false;
  keyUsage: i32 = 0; // bit i = KeyUsage named bit i
}

export const KU_DIGITAL_SIGNATURE: i32 = 1 << 0;
export const KU_KEY_CERT_SIGN: i32 = 1 << 5;
export const KU_CRL_SIGN: i32 = 1 << 6;

export class CertParse {
  cert: Certificate | null = null;
  error: string = "";
}

function failed(msg: string): CertParse {
  const p = new CertParse();
  p.error = msg;
  return p;
}

export function parseCertificate(der: Uint8Array): CertParse {
  const top = DerReader.of(der);
  const certR = top.sub(TAG_SEQUENCE);
  top.finish("certificate");
  if (top.failed) return failed(top.error);
  const c = new Certificate();
  c.raw = der;

  const tbsTlv = certR.expect(TAG_SEQUENCE);
  if (tbsTlv === null) return failed(certR.error);
  c.tbs = tbsTlv.raw;
  c.sigAlg = readAlgorithm(certR);
  const sig = certR.bitStringBytes();
  certR.finish("certificate");
  if (certR.failed || sig === null) return failed(certR.error);
  c.signature = sig;

  const err = parseTbs(tbsTlv, c);
  if (err.length > 0) return failed(err);
  if (c.tbsSigAlg != c.sigAlg) return failed("X.509: signature algorithm differs inside and outside TBS");
  const out = new CertParse();
  out.cert = c;
  return out;
}

function parseTbs(tbsTlv: Tlv, c: Certificate): string {
  const r = DerReader.of(tbsTlv.content);
  if (r.peekTag() == ctxCons(0)) {
    const v = r.sub(ctxCons(0));
    const n = v.smallInt();
    v.finish("version");
    r.absorb(v);
    if (r.failed) return r.error;
    if (n < 0 || n > 2) return "X.509: unknown version";
    c.version = n + 1;
  }
  const serial = r.integer();
  if (serial === null) return r.error;
  // RFC 5280 §4.1.2.2: at most 20 octets, positive.
  if (serial.length > 21 || (serial[0] & 0x80) != 0) return "X.509: bad serial number";
  c.serial = serial;
  c.tbsSigAlg = readAlgorithm(r);
  const issuer = r.expect(TAG_SEQUENCE);
  const validity = r.sub(TAG_SEQUENCE);
  c.notBefore = readTime(validity);
  c.notAfter = readTime(validity);
  validity.finish("validity");
  r.absorb(validity);
  const subject = r.expect(TAG_SEQUENCE);
  const spki = r.expect(TAG_SEQUENCE);
  if (r.failed || issuer === null || subject === null || spki === null) return r.error;
  c.issuer = issuer.raw;
  c.subject = subject.raw;
  c.spki = spki.raw;
  const keyErr = parseSpki(spki, c);
  if (keyErr.length > 0) return keyErr;
  // Unique identifiers (v2/v3) are skipped; extensions (v3).
  r.optional(ctxPrim(1));
  r.optional(ctxPrim(2));
  if (r.peekTag() == ctxCons(3)) {
    if (c.version != 3) return "X.509: extensions in a non-v3 certificate";
    const e = r.sub(ctxCons(3));
    const extErr = parseExtensions(e, c.extensions);
    r.absorb(e);
    if (extErr.length > 0) return extErr;
    const known = applyKnownExtensions(c);
    if (known.length > 0) return known;
  }
  r.finish("tbsCertificate");
  if (r.failed) return r.error;
  if (c.notBefore == TIME_INVALID || c.notAfter == TIME_INVALID) return "X.509: bad validity";
  return "";
}

// AlgorithmIdentifier for ECDSA: SEQUENCE { OID } (RFC 5758 §3.2: parameters absent).
export function readAlgorithm(r: DerReader): string {
  const a = r.sub(TAG_SEQUENCE);
  const oid = a.oid();
  a.finish("AlgorithmIdentifier");
  r.absorb(a);
  return oid;
}

// SubjectPublicKeyInfo with id-ecPublicKey and a named curve (RFC 5480 §2.1.1), uncompressed point.
function parseSpki(spki: Tlv, c: Certificate): string {
  const r = DerReader.of(spki.content);
  const alg = r.sub(TAG_SEQUENCE);
  const kind = alg.oid();
  const curve = kind == OID_EC_PUBLIC_KEY ? alg.oid() : "";
  alg.finish("SPKI algorithm");
  r.absorb(alg);
  if (r.peekTag() != TAG_BIT_STRING) r.fail("X.509: SPKI without a key");
  const key = r.bitStringBytes();
  r.finish("SubjectPublicKeyInfo");
  if (r.failed || key === null) return r.error;
  if (kind != OID_EC_PUBLIC_KEY) return "X.509: public key is not an EC key";
  if (curve == OID_P256) c.curve = CURVE_P256;
  else if (curve == OID_P384) c.curve = CURVE_P384;
  else return "X.509: unsupported curve " + curve;
  const want = c.curve == CURVE_P256 ? 65 : 97;
  if (key.length != want || key[0] != 0x04) return "X.509: EC key is not an uncompressed point of the curve's size";
  c.publicKey = key;
  return "";
}
