// Certificate revocation lists (RFC 5280 §5.1), as Intel publishes them for the SGX Root CA and
// the PCK Platform/Processor CAs. Parsing is strict and never traps.
import { DerReader } from "../der/reader";
import { TAG_INTEGER, TAG_SEQUENCE, TAG_UTC_TIME, TAG_GENERALIZED_TIME, ctxCons } from "../der/tags";
import { readTime, TIME_INVALID } from "../der/time";
import { readAlgorithm } from "./cert";
import { bytesEqual } from "../util/bytes";
import { sha256 } from "../crypto/sha256";
import { digestFor } from "./signature";

// Bound on revoked entries: Intel's PCK CRLs carry a few hundred; 1 MiB of entries is ~20 K.
export const CRL_MAX_ENTRIES: i32 = 65536;

// Placeholder of the byte fields until the parser sets them (zero-length: nothing to write).
const NO_BYTES = new Uint8Array(0);

export class Crl {
  raw: Uint8Array = NO_BYTES;
  tbs: Uint8Array = NO_BYTES;
  sigAlg: string = "";
  signature: Uint8Array = NO_BYTES;
  issuer: Uint8Array = NO_BYTES;
  thisUpdate: i64 = 0;
  nextUpdate: i64 = TIME_INVALID; // TIME_INVALID when absent
  revoked: Uint8Array[] = []; // serial number INTEGER contents
  private rawDigest: Uint8Array | null = null;
  private tbsDigestMemo: Uint8Array | null = null;
  private tbsDigestDone: bool = false;

  // The digest its signature covers (by sigAlg; null for an unsupported algorithm), computed
  // once: a verification checks a CRL's signature for every certificate its issuer signed.
  tbsDigest(): Uint8Array | null {
    if (!this.tbsDigestDone) {
      this.tbsDigestMemo = digestFor(this.sigAlg, this.tbs);
      this.tbsDigestDone = true;
    }
    return this.tbsDigestMemo;
  }

  // SHA-256 of the whole DER, computed once: the CRL's identity in verification caches.
  digest(): Uint8Array {
    let d = this.rawDigest;
    if (d === null) {
      d = sha256(this.raw);
      this.rawDigest = d;
    }
    return d;
  }
}

export class CrlParse {
  crl: Crl | null = null;
  error: string = "";
}

function failed(msg: string): CrlParse {
  const p = new CrlParse();
  p.error = msg;
  return p;
}

export function parseCrl(der: Uint8Array): CrlParse {
  const top = DerReader.of(der);
  const outer = top.sub(TAG_SEQUENCE);
  top.finish("CRL");
  const tbsTlv = outer.expect(TAG_SEQUENCE);
  const sigAlg = readAlgorithm(outer);
  const sig = outer.bitStringBytes();
  outer.finish("CRL");
  top.absorb(outer);
  if (top.failed || tbsTlv === null || sig === null) return failed(top.error);
  const c = new Crl();
  c.raw = der;
  c.tbs = tbsTlv.raw;
  c.sigAlg = sigAlg;
  c.signature = sig;

  const r = DerReader.of(tbsTlv.content);
  if (r.peekTag() == TAG_INTEGER) {
    const v = r.smallInt();
    if (v != 1) r.fail("CRL: unsupported version");
  }
  const inner = readAlgorithm(r);
  const issuer = r.expect(TAG_SEQUENCE);
  c.thisUpdate = readTime(r);
  const t = r.peekTag();
  if (t == TAG_UTC_TIME || t == TAG_GENERALIZED_TIME) c.nextUpdate = readTime(r);
  if (r.peekTag() == TAG_SEQUENCE) {
    const list = r.sub(TAG_SEQUENCE);
    while (!list.failed && !list.atEnd()) {
      if (c.revoked.length >= CRL_MAX_ENTRIES) {
        list.fail("CRL: too many entries");
        break;
      }
      // Each entry is read in place (enter/leave), not with a reader of its own.
      const outer = list.enter(TAG_SEQUENCE);
      const serial = list.integer();
      readTime(list);
      if (list.peekTag() == TAG_SEQUENCE) list.skip(); // crlEntryExtensions
      list.leave(outer, "revoked certificate");
      if (serial !== null && !list.failed) c.revoked.push(serial);
    }
    r.absorb(list);
  }
  if (r.peekTag() == ctxCons(0)) r.skip(); // crlExtensions
  r.finish("tbsCertList");
  if (r.failed || issuer === null) return failed(r.error);
  if (inner != sigAlg) return failed("CRL: signature algorithm differs inside and outside TBS");
  c.issuer = issuer.raw;
  const out = new CrlParse();
  out.crl = c;
  return out;
}

export function isRevoked(crl: Crl, serial: Uint8Array): bool {
  for (let i = 0; i < crl.revoked.length; i++) if (bytesEqual(crl.revoked[i], serial)) return true;
  return false;
}
