// Base64 (RFC 4648 §4) decoding for PEM bodies: whitespace is skipped, '=' padding only at the end,
// any other character is an error. Returns null on malformed input.

function val(c: i32): i32 {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (c == 43) return 62;
  if (c == 47) return 63;
  return -1;
}

export function base64Decode(src: Uint8Array): Uint8Array | null {
  const out = new Uint8Array((src.length * 3) >> 2);
  let acc: u32 = 0;
  let bits = 0;
  let n = 0;
  let pad = 0;
  let count = 0;
  for (let i = 0; i < src.length; i++) {
    const c = <i32>src[i];
    if (c == 32 || c == 10 || c == 13 || c == 9) continue;
    if (c == 61) {
      pad++;
      count++;
      continue;
    }
    if (pad > 0) return null; // data after padding
    const v = val(c);
    if (v < 0) return null;
    count++;
    acc = (acc << 6) | <u32>v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = <u8>((acc >> <u32>bits) & 0xff);
    }
  }
  if (pad > 2 || (count & 3) != 0) return null;
  return out.slice(0, n);
}
