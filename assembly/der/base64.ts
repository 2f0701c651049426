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
  for (let i = 0; i < len; i++) {
    const v = <u32>load<u8>(t + <usize>load<u8>(s + <usize>i));
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
