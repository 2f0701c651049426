// OBJECT IDENTIFIER decoding (X.690 §8.19) and the OIDs this core recognises, with their sources.

// Dotted form of OID contents; "" when malformed (empty, non-minimal arc, truncated arc, or an arc
// too large for 53 bits, which no standard OID needs).
export function decodeOid(c: Uint8Array): string {
  return decodeOidAt(c.dataStart, c.length);
}

// The same for the `n` content bytes at `p`. The OIDs this core knows (certificates and CRLs carry
// the same two dozen again and again) are answered with their constant text, without decoding.
export function decodeOidAt(p: usize, n: i32): string {
  if (n == 0) return "";
  const k = knownOids();
  const count = k.length;
  const lens = k.lens;
  const lasts = k.lasts;
  const ders = k.ders;
  // Length and last byte first: most known OIDs differ there (2.5.4.x, 2.5.29.x and the 16 SGX
  // component OIDs share their lengths and prefixes), so few candidates reach the full compare.
  const last = load<u8>(p + <usize>(n - 1));
  for (let i = 0; i < count; i++) {
    if (unchecked(lens[i]) != n || unchecked(lasts[i]) != last) continue;
    if (memory.compare(unchecked(ders[i]).dataStart, p, <usize>n) == 0) return unchecked(k.texts[i]);
  }
  return decodeOidSlow(p, n);
}

// Digits of every arc, written into one buffer and made a string once. An arc below 2^53 has at
// most 16 decimal digits, and the arcs of n bytes are at most n + 1 (the first byte gives two), so
// 17 * (n + 1) bytes hold the text.
function decodeOidSlow(p: usize, n: i32): string {
  const out = new Uint8Array(17 * (n + 1));
  const d = out.dataStart;
  let len = 0;
  let v: u64 = 0;
  let first = true;
  let inArc = false;
  for (let i = 0; i < n; i++) {
    const b = <u64>load<u8>(p + <usize>i);
    if (!inArc && b == 0x80) return ""; // leading 0x80 = non-minimal encoding
    if (v > 0x1fffffffffffff) return "";
    v = (v << 7) | (b & 0x7f);
    inArc = true;
    if ((b & 0x80) == 0) {
      if (first) {
        const a: u64 = v < 40 ? 0 : v < 80 ? 1 : 2;
        len = putArc(d, len, a);
        store<u8>(d + <usize>len, 0x2e);
        len = putArc(d, len + 1, v - a * 40);
        first = false;
      } else {
        store<u8>(d + <usize>len, 0x2e);
        len = putArc(d, len + 1, v);
      }
      v = 0;
      inArc = false;
    }
  }
  if (inArc) return "";
  return String.UTF8.decodeUnsafe(d, <usize>len, false);
}

// Writes the decimal digits of v at d + at; the new length.
function putArc(d: usize, at: i32, v: u64): i32 {
  let digits = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  let q = v;
  for (let i = digits - 1; i >= 0; i--) {
    store<u8>(d + <usize>(at + i), <u8>(0x30 + <u32>(q % 10)));
    q /= 10;
  }
  return at + digits;
}

// The known OIDs: encodings and texts side by side (made once, on first use).
class KnownOids {
  // Each encoding's length and last byte, compared before its bytes.
  lens: StaticArray<i32>;
  lasts: StaticArray<u8>;

  constructor(public ders: StaticArray<Uint8Array>, public texts: StaticArray<string>, public length: i32) {
    this.lens = new StaticArray<i32>(length);
    this.lasts = new StaticArray<u8>(length);
    for (let i = 0; i < length; i++) {
      const d = ders[i];
      this.lens[i] = d.length;
      this.lasts[i] = d.length > 0 ? d[d.length - 1] : 0;
    }
  }
}

let known: KnownOids | null = null;

// Contents encoding of a dotted OID this file defines (X.690 §8.19: first two arcs combined,
// base-128 arcs with the high bit on all but the last byte).
function encodeOid(dotted: string): Uint8Array {
  const parts = dotted.split(".");
  const out = new Array<u8>();
  for (let i = 1; i < parts.length; i++) {
    let v = U64.parseInt(parts[i]);
    if (i == 1) v += U64.parseInt(parts[0]) * 40;
    let groups = 1;
    while ((v >> (7 * <u64>groups)) != 0) groups++;
    for (let g = groups - 1; g >= 0; g--) {
      const b = <u8>((v >> (7 * <u64>g)) & 0x7f);
      out.push(g > 0 ? b | 0x80 : b);
    }
  }
  const c = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) c[i] = out[i];
  return c;
}

function knownOids(): KnownOids {
  let k = known;
  if (k === null) {
    const texts: string[] = [
      OID_EC_PUBLIC_KEY, OID_P256, OID_P384, OID_ECDSA_SHA256, OID_ECDSA_SHA384,
      OID_CN, "2.5.4.6", "2.5.4.7", "2.5.4.8", "2.5.4.10", "2.5.4.11",
      OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, OID_EXT_KEY_USAGE, OID_SUBJECT_KEY_ID, OID_AUTHORITY_KEY_ID,
      OID_CRL_DISTRIBUTION_POINTS, OID_CRL_NUMBER, OID_ISSUING_DISTRIBUTION_POINT, OID_CRL_REASON,
      OID_SGX_EXTENSIONS, OID_SGX_PPID, OID_SGX_TCB, OID_SGX_PCESVN, OID_SGX_CPUSVN, OID_SGX_PCEID,
      OID_SGX_FMSPC, OID_SGX_TYPE,
    ];
    // The 16 SGX TCB component SVNs (…13.1.2.1 to …13.1.2.16).
    for (let i = 1; i <= 16; i++) texts.push(OID_SGX_TCB + "." + i.toString());
    const n = texts.length;
    const ders = new StaticArray<Uint8Array>(n);
    const ts = new StaticArray<string>(n);
    for (let i = 0; i < n; i++) {
      ders[i] = encodeOid(texts[i]);
      ts[i] = texts[i];
    }
    k = new KnownOids(ders, ts, n);
    known = k;
  }
  return k;
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

// True when every known OID's text is exactly what decoding its encoding gives (the table is a
// shortcut, never a different answer); the tests check it.
export function knownOidsAgree(): bool {
  const k = knownOids();
  for (let i = 0; i < k.length; i++) {
    if (decodeOidSlow(k.ders[i].dataStart, k.ders[i].length) != k.texts[i]) return false;
  }
  return k.length > 0;
}
