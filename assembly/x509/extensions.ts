// Certificate extensions (RFC 5280 §4.2): kept as a list, with basicConstraints and keyUsage
// decoded onto the certificate. Duplicate extensions are rejected (§4.2: "MUST NOT include more
// than one instance of a particular extension").
import { DerReader } from "../der/reader";
import { TAG_BOOLEAN, TAG_SEQUENCE } from "../der/tags";
import { OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, OID_EXT_KEY_USAGE, OID_SUBJECT_KEY_ID, OID_AUTHORITY_KEY_ID, OID_CRL_DISTRIBUTION_POINTS, OID_SGX_EXTENSIONS } from "../der/oid";
import { Certificate } from "./cert";

// Bound on extensions in one certificate (Intel PCK certificates carry 6).
export const X509_MAX_EXTENSIONS: i32 = 32;

export class Extension {
  constructor(public oid: string, public critical: bool, public value: Uint8Array) {}
}

export function parseExtensions(r: DerReader, out: Extension[]): string {
  const seq = r.sub(TAG_SEQUENCE);
  r.finish("extensions");
  while (!seq.failed && !seq.atEnd()) {
    if (out.length >= X509_MAX_EXTENSIONS) return "X.509: too many extensions";
    // Each extension is read in place (enter/leave), not with a reader of its own.
    const outer = seq.enter(TAG_SEQUENCE);
    const oid = seq.oid();
    let critical = false;
    if (seq.peekTag() == TAG_BOOLEAN) critical = seq.boolean();
    const value = seq.octetString();
    seq.leave(outer, "extension");
    if (seq.failed || value === null) break;
    for (let i = 0; i < out.length; i++) if (out[i].oid == oid) return "X.509: duplicate extension " + oid;
    out.push(new Extension(oid, critical, value));
  }
  r.absorb(seq);
  if (!r.failed && out.length == 0) return "X.509: empty extensions";
  return r.error;
}

export function findExtension(c: Certificate, oid: string): Extension | null {
  for (let i = 0; i < c.extensions.length; i++) if (c.extensions[i].oid == oid) return c.extensions[i];
  return null;
}

// Extensions a verifier may see marked critical and still process (RFC 5280 §4.2: an unknown
// critical extension makes the certificate unusable).
export function isUnderstood(oid: string): bool {
  return (
    oid == OID_BASIC_CONSTRAINTS ||
    oid == OID_KEY_USAGE ||
    oid == OID_EXT_KEY_USAGE ||
    oid == OID_SUBJECT_KEY_ID ||
    oid == OID_AUTHORITY_KEY_ID ||
    oid == OID_CRL_DISTRIBUTION_POINTS ||
    oid == OID_SGX_EXTENSIONS
  );
}

export function applyKnownExtensions(c: Certificate): string {
  const bc = findExtension(c, OID_BASIC_CONSTRAINTS);
  if (bc !== null) {
    // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
    const r = DerReader.of(bc.value);
    const s = r.sub(TAG_SEQUENCE);
    r.finish("basicConstraints");
    let ca = false;
    if (s.peekTag() == TAG_BOOLEAN) ca = s.boolean();
    let pl = -1;
    if (!s.atEnd()) pl = s.smallInt();
    s.finish("basicConstraints");
    r.absorb(s);
    if (r.failed) return r.error;
    c.hasBasicConstraints = true;
    c.isCa = ca;
    c.pathLen = pl;
  }
  const ku = findExtension(c, OID_KEY_USAGE);
  if (ku !== null) {
    const r = DerReader.of(ku.value);
    const v = r.bitFlags();
    r.finish("keyUsage");
    if (r.failed) return r.error;
    c.hasKeyUsage = true;
    c.keyUsage = v;
  }
  return "";
}
