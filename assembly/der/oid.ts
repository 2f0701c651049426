// OBJECT IDENTIFIER decoding (X.690 §8.19) and the OIDs this core recognises, with their sources.

// Dotted form of OID contents; "" when malformed (empty, non-minimal arc, truncated arc, or an arc
// too large for 53 bits, which no standard OID needs).
export function decodeOid(c: Uint8Array): string {
  if (c.length == 0) return "";
  let parts = new Array<string>();
  let v: u64 = 0;
  let first = true;
  let inArc = false;
  for (let i = 0; i < c.length; i++) {
    const b = <u64>c[i];
    if (!inArc && b == 0x80) return ""; // leading 0x80 = non-minimal encoding
    if (v > 0x1fffffffffffff) return "";
    v = (v << 7) | (b & 0x7f);
    inArc = true;
    if ((b & 0x80) == 0) {
      if (first) {
        const a: u64 = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(a.toString());
        parts.push((v - a * 40).toString());
        first = false;
      } else {
        parts.push(v.toString());
      }
      v = 0;
      inArc = false;
    }
  }
  if (inArc) return "";
  return parts.join(".");
}

// RFC 5480 / RFC 5758 (ECDSA), RFC 5280 (extensions, names).
export const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
export const OID_P256 = "1.2.840.10045.3.1.7";
export const OID_P384 = "1.3.132.0.34";
export const OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";
export const OID_ECDSA_SHA384 = "1.2.840.10045.4.3.3";
export const OID_CN = "2.5.4.3";
export const OID_BASIC_CONSTRAINTS = "2.5.29.19";
export const OID_KEY_USAGE = "2.5.29.15";
export const OID_EXT_KEY_USAGE = "2.5.29.37";
export const OID_SUBJECT_KEY_ID = "2.5.29.14";
export const OID_AUTHORITY_KEY_ID = "2.5.29.35";
export const OID_CRL_DISTRIBUTION_POINTS = "2.5.29.31";
export const OID_CRL_NUMBER = "2.5.29.20";
export const OID_ISSUING_DISTRIBUTION_POINT = "2.5.29.28";
export const OID_CRL_REASON = "2.5.29.21";

// Intel SGX PCK certificate extension (Intel SGX PCK Certificate and CRL Profile §1.3.5).
export const OID_SGX_EXTENSIONS = "1.2.840.113741.1.13.1";
export const OID_SGX_PPID = "1.2.840.113741.1.13.1.1";
export const OID_SGX_TCB = "1.2.840.113741.1.13.1.2";
export const OID_SGX_PCESVN = "1.2.840.113741.1.13.1.2.17";
export const OID_SGX_CPUSVN = "1.2.840.113741.1.13.1.2.18";
export const OID_SGX_PCEID = "1.2.840.113741.1.13.1.3";
export const OID_SGX_FMSPC = "1.2.840.113741.1.13.1.4";
export const OID_SGX_TYPE = "1.2.840.113741.1.13.1.5";
