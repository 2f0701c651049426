// DER encoding (X.690 §8 with the §10 restrictions): definite minimal lengths, minimal INTEGERs,
// BOOLEAN as 0x00/0xFF. Values are built bottom-up as byte arrays (each function returns one
// whole TLV), which is all certificate generation needs. Inputs come from the core itself, not
// from a peer; the only precondition is a well-formed dotted OID, which is checked and yields an
// empty array when broken.
import {
  TAG_BIT_STRING, TAG_BOOLEAN, TAG_GENERALIZED_TIME, TAG_INTEGER, TAG_NULL, TAG_OCTET_STRING, TAG_OID,
  TAG_PRINTABLE_STRING, TAG_SEQUENCE, TAG_SET, TAG_UTF8_STRING, ctxCons,
} from "./tags";

function lengthBytes(n: i32): i32 {
  if (n < 0x80) return 1;
  if (n < 0x100) return 2;
  if (n < 0x10000) return 3;
  if (n < 0x1000000) return 4;
  return 5;
}

// tag || length || content.
export function derTlv(tag: i32, content: Uint8Array): Uint8Array {
  const n = content.length;
  const lb = lengthBytes(n);
  const out = new Uint8Array(1 + lb + n);
  out[0] = <u8>tag;
  if (lb == 1) {
    out[1] = <u8>n;
  } else {
    out[1] = <u8>(0x80 | (lb - 1));
    for (let i = 0; i < lb - 1; i++) out[2 + i] = <u8>(n >> (8 * (lb - 2 - i)));
  }
  out.set(content, 1 + lb);
  return out;
}

export function derConcat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i], o);
    o += parts[i].length;
  }
  return out;
}

export function derSequence(parts: Uint8Array[]): Uint8Array {
  return derTlv(TAG_SEQUENCE, derConcat(parts));
}

export function derSet(parts: Uint8Array[]): Uint8Array {
  return derTlv(TAG_SET, derConcat(parts));
}

// [n] EXPLICIT: a constructed context tag around one whole element.
export function derExplicit(n: i32, inner: Uint8Array): Uint8Array {
  return derTlv(ctxCons(n), inner);
}

// INTEGER from an unsigned big-endian magnitude: leading zeros dropped, a 0x00 added when the top
// bit is set (X.690 §8.3.2).
export function derUnsigned(mag: Uint8Array): Uint8Array {
  let s = 0;
  while (s < mag.length - 1 && mag[s] == 0) s++;
  const body = mag.length == 0 ? new Uint8Array(1) : mag.subarray(s);
  if ((body[0] & 0x80) != 0) {
    const padded = new Uint8Array(body.length + 1);
    padded.set(body, 1);
    return derTlv(TAG_INTEGER, padded);
  }
  return derTlv(TAG_INTEGER, body);
}

export function derSmallInt(v: u32): Uint8Array {
  const b = new Uint8Array(4);
  b[0] = <u8>(v >> 24);
  b[1] = <u8>(v >> 16);
  b[2] = <u8>(v >> 8);
  b[3] = <u8>v;
  return derUnsigned(b);
}

export function derBoolean(v: bool): Uint8Array {
  const c = new Uint8Array(1);
  c[0] = v ? 0xff : 0;
  return derTlv(TAG_BOOLEAN, c);
}

export function derNull(): Uint8Array {
  return derTlv(TAG_NULL, new Uint8Array(0));
}

export function derOctetString(b: Uint8Array): Uint8Array {
  return derTlv(TAG_OCTET_STRING, b);
}

// BIT STRING of whole octets (keys, signatures).
export function derBitString(b: Uint8Array): Uint8Array {
  const c = new Uint8Array(b.length + 1);
  c.set(b, 1);
  return derTlv(TAG_BIT_STRING, c);
}

// BIT STRING of named bits (keyUsage, RFC 5280 §4.2.1.3): trailing zero bits are not encoded
// (X.690 §11.2.2), so the unused-bit count is that of the last octet's trailing zeros.
export function derNamedBits(b: Uint8Array): Uint8Array {
  let n = b.length;
  while (n > 0 && b[n - 1] == 0) n--;
  const c = new Uint8Array(n + 1);
  if (n > 0) {
    c.set(b.subarray(0, n), 1);
    c[0] = <u8>ctz<u32>(<u32>b[n - 1]);
  }
  return derTlv(TAG_BIT_STRING, c);
}

export function derUtf8(s: string): Uint8Array {
  return derTlv(TAG_UTF8_STRING, Uint8Array.wrap(String.UTF8.encode(s)));
}

export function derPrintable(s: string): Uint8Array {
  return derTlv(TAG_PRINTABLE_STRING, Uint8Array.wrap(String.UTF8.encode(s)));
}

// GeneralizedTime from its DER text form "YYYYMMDDHHMMSSZ" (X.690 §11.7).
export function derGeneralizedTime(text: string): Uint8Array {
  return derTlv(TAG_GENERALIZED_TIME, Uint8Array.wrap(String.UTF8.encode(text)));
}

// OBJECT IDENTIFIER from dotted text (X.690 §8.19): first two arcs combined, base-128 arcs.
// An empty array when the text is not a valid OID.
export function derOid(dotted: string): Uint8Array {
  const parts = dotted.split(".");
  if (parts.length < 2) return new Uint8Array(0);
  const arcs = new Array<u64>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length == 0 || p.length > 15) return new Uint8Array(0);
    let v: u64 = 0;
    for (let k = 0; k < p.length; k++) {
      const ch = p.charCodeAt(k);
      if (ch < 48 || ch > 57) return new Uint8Array(0);
      v = v * 10 + <u64>(ch - 48);
    }
    arcs.push(v);
  }
  if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) return new Uint8Array(0);
  const body = new Array<u8>();
  for (let i = 1; i < arcs.length; i++) {
    const v: u64 = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
    let groups = 1;
    while (groups < 10 && (v >> (7 * <u64>groups)) != 0) groups++;
    for (let g = groups - 1; g >= 0; g--) {
      const b = <u8>((v >> (7 * <u64>g)) & 0x7f);
      body.push(g > 0 ? b | 0x80 : b);
    }
  }
  const c = new Uint8Array(body.length);
  for (let i = 0; i < body.length; i++) c[i] = body[i];
  return derTlv(TAG_OID, c);
}
