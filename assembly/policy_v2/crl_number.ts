// The CRL Number (RFC 5280 §5.2.3) of the CRLs carried in a v2 policy's collaterals: the
// evaluation info's pck_crl_num / root_ca_crl_num (spec migtd.md §3.5) come from the LOCAL
// policy's CRLs. -1 when the CRL has no such extension or does not parse.
import { DerReader } from "../der/reader";
import { TAG_INTEGER, TAG_SEQUENCE, TAG_UTC_TIME, TAG_GENERALIZED_TIME, ctxCons } from "../der/tags";
import { OID_CRL_NUMBER } from "../der/oid";
import { pemDecodeAll, utf8Bytes } from "../der/pem";
import { parseCrl } from "../x509/crl";

export function crlNumberOfPem(pem: string): i64 {
  const blocks = pemDecodeAll(utf8Bytes(pem), "X509 CRL");
  if (blocks.error.length > 0 || blocks.blocks.length == 0) return -1;
  const p = parseCrl(blocks.blocks[0]);
  if (p.crl === null) return -1;
  return crlNumberOfTbs(p.crl!.tbs);
}

function crlNumberOfTbs(tbs: Uint8Array): i64 {
  const top = DerReader.of(tbs);
  const r = top.sub(TAG_SEQUENCE);
  if (r.peekTag() == TAG_INTEGER) r.read(); // version
  r.read(); // signature algorithm
  r.read(); // issuer
  r.read(); // thisUpdate
  const t = r.peekTag();
  if (t == TAG_UTC_TIME || t == TAG_GENERALIZED_TIME) r.read();
  if (r.peekTag() == TAG_SEQUENCE) r.read(); // revokedCertificates
  if (r.peekTag() != ctxCons(0)) return -1;
  const wrapper = r.sub(ctxCons(0));
  const exts = wrapper.sub(TAG_SEQUENCE);
  while (!exts.failed && !exts.atEnd()) {
    const e = exts.sub(TAG_SEQUENCE);
    const oid = e.oid();
    if (e.peekTag() == 0x01) e.boolean();
    const value = e.octetString();
    if (e.failed || value === null) return -1;
    if (oid == OID_CRL_NUMBER) {
      const v = DerReader.of(value);
      const n = v.integer();
      if (n === null || v.failed || (n[0] & 0x80) != 0 || n.length > 8) return -1;
      let out: i64 = 0;
      for (let i = 0; i < n.length; i++) out = (out << 8) | <i64>n[i];
      return out;
    }
  }
  return -1;
}
