// Distinguished names (RFC 5280 §4.1.2.4). Chains link by comparing issuer and subject DER byte for
// byte, which is what Intel's PKI produces; the common name is extracted only for display.
import { DerReader } from "../der/reader";
import { TAG_SEQUENCE, TAG_SET } from "../der/tags";
import { OID_CN } from "../der/oid";
import { asciiOf } from "../util/bytes";

export function commonName(nameDer: Uint8Array): string {
  const r = DerReader.of(nameDer);
  const seq = r.sub(TAG_SEQUENCE);
  while (!seq.failed && !seq.atEnd()) {
    const set = seq.sub(TAG_SET);
    while (!set.failed && !set.atEnd()) {
      const atv = set.sub(TAG_SEQUENCE);
      const oid = atv.oid();
      const v = atv.read();
      if (atv.failed || v === null) return "";
      if (oid == OID_CN) return asciiOf(v.content);
    }
    if (set.failed) return "";
  }
  return "";
}
