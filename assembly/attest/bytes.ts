// Small byte helpers shared by the attestation parsers and the JSON output.

const HEX = "0123456789abcdef";

export function toHex(b: Uint8Array): string {
  let parts = new Array<string>(b.length);
  for (let i = 0; i < b.length; i++) {
    const v = <i32>b[i];
    parts[i] = HEX.charAt(v >> 4) + HEX.charAt(v & 15);
  }
  return parts.join("");
}

// Decodes hex (either case); null when the text is not an even number of hex digits.
export function fromHex(s: string): Uint8Array | null {
  const n = s.length;
  if ((n & 1) != 0) return null;
  const out = new Uint8Array(n >> 1);
  for (let i = 0; i < n; i += 2) {
    const hi = hexVal(s.charCodeAt(i));
    const lo = hexVal(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i >> 1] = <u8>((hi << 4) | lo);
  }
  return out;
}

function hexVal(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  return memory.compare(a.dataStart, b.dataStart, <usize>a.length) == 0;
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

// Latin-1/ASCII view of bytes (for names and descriptors; non-ASCII bytes become U+00xx).
export function asciiOf(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(<i32>b[i]);
  return s;
}
