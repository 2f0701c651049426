// Strict UTF-8 (RFC 3629 §4): no overlong forms, no encoded surrogates, nothing above U+10FFFF.

// Length of the well-formed sequence starting at byte i of the n bytes at `base`, or 0 when it is
// not well-formed. Reads only base[i .. n) (the caller guarantees 0 <= i < n).
export function utf8SequenceLengthAt(base: usize, i: i32, n: i32): i32 {
  const c0 = <u32>load<u8>(base + <usize>i);
  if (c0 < 0x80) return 1;
  let len = 0;
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    len = 2;
  } else if (c0 >= 0xe0 && c0 <= 0xef) {
    len = 3;
    if (c0 == 0xe0) lo = 0xa0;
    if (c0 == 0xed) hi = 0x9f;
  } else if (c0 >= 0xf0 && c0 <= 0xf4) {
    len = 4;
    if (c0 == 0xf0) lo = 0x90;
    if (c0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  const c1 = <u32>load<u8>(base + <usize>(i + 1));
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k < len; k++) {
    const c = <u32>load<u8>(base + <usize>(i + k));
    if (c < 0x80 || c > 0xbf) return 0;
  }
  return len;
}

// Length of the well-formed sequence starting at b[i], or 0 when it is not well-formed.
export function utf8SequenceLength(b: Uint8Array, i: i32): i32 {
  if (i < 0 || i >= b.length) return 0;
  return utf8SequenceLengthAt(b.dataStart, i, b.length);
}

// True when the whole buffer is well-formed UTF-8.
export function isUtf8(b: Uint8Array): bool {
  const base = b.dataStart;
  const n = b.length;
  let i = 0;
  while (i < n) {
    if (load<u8>(base + <usize>i) < 0x80) {
      i++;
      continue;
    }
    const l = utf8SequenceLengthAt(base, i, n);
    if (l == 0) return false;
    i += l;
  }
  return true;
}
