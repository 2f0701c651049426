// Base64 (RFC 4648 §4) decoding for PEM bodies: whitespace is skipped, '=' padding only at the end,
// any other character is an error. Returns null on malformed input.

// Sextet value of each byte: 0..63, WS for skipped whitespace, PAD for '=', BAD otherwise. One
// table load per input byte instead of a chain of range tests (PEM chains are kilobytes long).
const WS: u8 = 0x40;
const PAD: u8 = 0x41;
const BAD: u8 = 0xff;

function buildTable(): usize {
  const t = memory.data(256);
  memory.fill(t, BAD, 256);
  for (let c = 65; c <= 90; c++) store<u8>(t + <usize>c, <u8>(c - 65));
  for (let c = 97; c <= 122; c++) store<u8>(t + <usize>c, <u8>(c - 71));
  for (let c = 48; c <= 57; c++) store<u8>(t + <usize>c, <u8>(c + 4));
  store<u8>(t + 43, 62);
  store<u8>(t + 47, 63);
  store<u8>(t + 32, WS);
  store<u8>(t + 10, WS);
  store<u8>(t + 13, WS);
  store<u8>(t + 9, WS);
  store<u8>(t + 61, PAD);
  return t;
}

const TABLE: usize = buildTable();

export function base64Decode(src: Uint8Array): Uint8Array | null {
  const len = src.length;
  const out = new Uint8Array((len * 3) >> 2);
  const s = src.dataStart;
  const d = out.dataStart;
  const t = TABLE;
  let acc: u32 = 0;
  let bits = 0;
  let n = 0;
  let pad = 0;
  let count = 0;
  let i = 0;
  // Whole groups of four data characters while nothing but data comes (no whitespace, padding
  // or junk, which the per-character loop below handles): three bytes out per group. Starts
  // only on a group boundary (count % 4 == 0, no bits pending); n + 3 <= 3 * (i + 4) / 4 bounds
  // the stores as in the loop below.
  while (true) {
    while (i + 4 <= len && bits == 0 && pad == 0) {
      const a = <u32>load<u8>(t + <usize>load<u8>(s + <usize>i));
      const b = <u32>load<u8>(t + <usize>load<u8>(s + <usize>(i + 1)));
      const c = <u32>load<u8>(t + <usize>load<u8>(s + <usize>(i + 2)));
      const e = <u32>load<u8>(t + <usize>load<u8>(s + <usize>(i + 3)));
      if ((a | b | c | e) >= 64) break;
      const w = (a << 18) | (b << 12) | (c << 6) | e;
      store<u8>(d + <usize>n, <u8>(w >> 16));
      store<u8>(d + <usize>(n + 1), <u8>(w >> 8));
      store<u8>(d + <usize>(n + 2), <u8>w);
      n += 3;
      count += 4;
      acc = w;
      i += 4;
    }
    if (i >= len) break;
    const v = <u32>load<u8>(t + <usize>load<u8>(s + <usize>i));
    i++;
    if (v < 64) {
      if (pad > 0) return null; // data after padding
      count++;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        // n < len * 3 / 4: every output byte needs 8 of the 6 bits each earlier input byte gave.
        store<u8>(d + <usize>n, <u8>(acc >> <u32>bits));
        n++;
      }
      continue;
    }
    if (v == WS) continue;
    if (v == PAD) {
      pad++;
      count++;
      continue;
    }
    return null;
  }
  if (pad > 2 || (count & 3) != 0) return null;
  return out.slice(0, n);
}
