// ECDSA signatures in DER: Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2,
// RFC 3279 §2.2.3), X.690 §8.3 and §10 (DER: definite, minimal lengths; minimal INTEGER
// contents). The parser is strict: anything a DER encoder would not produce is rejected.

// Reads a DER length at der[pos]; returns the length and advances via POS, or -1 when the
// encoding is not minimal, not definite, or runs past `end`.
let pos: i32 = 0;

function readLen(der: Uint8Array, end: i32): i32 {
  if (pos >= end) return -1;
  const b0 = <i32>der[pos++];
  if (b0 < 0x80) return b0;
  // Long form: signatures are far below 64 KiB, so at most two length octets.
  const n = b0 & 0x7f;
  if (n == 0 || n > 2 || pos + n > end) return -1;
  let len = 0;
  for (let i = 0; i < n; i++) len = (len << 8) | <i32>der[pos++];
  // Minimal: no leading zero octet, and the long form only for lengths >= 128.
  if (len < 0x80 || (n == 2 && len < 0x100)) return -1;
  return len;
}

// Parses one INTEGER at pos into out[off .. off + scalarLen) (left-padded). False unless it is a
// minimal, positive (non-zero) integer that fits in scalarLen bytes.
function readInt(der: Uint8Array, end: i32, out: Uint8Array, off: i32, scalarLen: i32): bool {
  if (pos >= end || der[pos] != 0x02) return false;
  pos++;
  const len = readLen(der, end);
  if (len <= 0 || pos + len > end) return false;
  let p = pos;
  let n = len;
  const first = <i32>der[p];
  if (first & 0x80) return false; // negative
  if (first == 0) {
    // A leading zero is allowed only to clear the sign bit of the next octet.
    if (n == 1) return false; // the value zero: not a valid r or s
    if ((<i32>der[p + 1] & 0x80) == 0) return false; // not minimal
    p++;
    n--;
  }
  if (n > scalarLen) return false;
  for (let i = 0; i < n; i++) out[off + scalarLen - n + i] = der[p + i];
  pos += len;
  return true;
}

export function sigFromDer(der: Uint8Array, scalarLen: i32): Uint8Array | null {
  if (scalarLen <= 0 || scalarLen > 66) return null;
  const total = der.length;
  pos = 0;
  if (total < 2 || der[0] != 0x30) return null;
  pos = 1;
  const len = readLen(der, total);
  if (len < 0 || pos + len != total) return null; // trailing or missing bytes
  const out = new Uint8Array(2 * scalarLen);
  if (!readInt(der, total, out, 0, scalarLen)) return null;
  if (!readInt(der, total, out, scalarLen, scalarLen)) return null;
  if (pos != total) return null;
  return out;
}

// Minimal INTEGER contents of the unsigned big-endian value raw[off .. off + n).
function intLen(raw: Uint8Array, off: i32, n: i32): i32 {
  let i = 0;
  while (i < n - 1 && raw[off + i] == 0) i++;
  const body = n - i;
  return (raw[off + i] & 0x80) != 0 ? body + 1 : body;
}

function lenOfLen(len: i32): i32 {
  return len < 0x80 ? 1 : len < 0x100 ? 2 : 3;
}

function putLen(out: Uint8Array, p: i32, len: i32): i32 {
  if (len < 0x80) {
    out[p++] = <u8>len;
  } else if (len < 0x100) {
    out[p++] = 0x81;
    out[p++] = <u8>len;
  } else {
    out[p++] = 0x82;
    out[p++] = <u8>(len >> 8);
    out[p++] = <u8>len;
  }
  return p;
}

function putInt(out: Uint8Array, p: i32, raw: Uint8Array, off: i32, n: i32): i32 {
  let i = 0;
  while (i < n - 1 && raw[off + i] == 0) i++;
  const pad = (raw[off + i] & 0x80) != 0;
  const len = n - i + (pad ? 1 : 0);
  out[p++] = 0x02;
  p = putLen(out, p, len);
  if (pad) out[p++] = 0;
  for (; i < n; i++) out[p++] = raw[off + i];
  return p;
}

// raw r||s (two equal halves) -> DER. An odd or empty input gives an empty array.
export function sigToDer(raw: Uint8Array): Uint8Array {
  const total = raw.length;
  if (total == 0 || (total & 1) != 0) return new Uint8Array(0);
  const half = total >> 1;
  const lr = intLen(raw, 0, half);
  const ls = intLen(raw, half, half);
  const body = 1 + lenOfLen(lr) + lr + 1 + lenOfLen(ls) + ls;
  const out = new Uint8Array(1 + lenOfLen(body) + body);
  let p = 0;
  out[p++] = 0x30;
  p = putLen(out, p, body);
  p = putInt(out, p, raw, 0, half);
  putInt(out, p, raw, half, half);
  return out;
}
