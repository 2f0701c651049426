// Byte-array helpers shared by the parsers and verifiers (public and secret values alike).

// Equal contents. The time depends only on the lengths, never on where the bytes differ, so this
// is the comparison for MACs, Finished values and key material too. Reads eight bytes at a time
// straight from the arrays' memory (the lengths, checked equal first, bound every load): this is
// on every path that compares names, keys and chains, and per-byte checked reads cost ~25x more.
export function bytesEqual(a: Uint8Array, b: Uint8Array): bool {
  const n = a.length;
  if (n != b.length) return false;
  const pa = a.dataStart;
  const pb = b.dataStart;
  let diff: u64 = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) diff |= load<u64>(pa + <usize>i) ^ load<u64>(pb + <usize>i);
  for (; i < n; i++) diff |= <u64>(load<u8>(pa + <usize>i) ^ load<u8>(pb + <usize>i));
  return diff == 0;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function isAllZero(b: Uint8Array): bool {
  for (let i = 0; i < b.length; i++) if (b[i] != 0) return false;
  return true;
}

// Little-endian unsigned value of up to 8 bytes (bytes past the eighth shift out).
export function leU64(b: Uint8Array): u64 {
  let v: u64 = 0;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8) | <u64>b[i];
  return v;
}

// Latin-1/ASCII view of bytes (for names and descriptors; non-ASCII bytes become U+00xx).
export function asciiOf(b: Uint8Array): string {
  // Each byte becomes the one UTF-16 unit of the same value (what String.fromCharCode gives),
  // written straight into one new string: appending a character at a time made two strings per
  // byte.
  const n = b.length;
  if (n == 0) return "";
  const out = changetype<string>(__new(<usize>n << 1, idof<string>()));
  const dst = changetype<usize>(out);
  const src = b.dataStart;
  for (let i = 0; i < n; i++) store<u16>(dst + (<usize>i << 1), <u16>load<u8>(src + <usize>i));
  return out;
}
