// Hex text for logs, JSON output and policy values (public values only), and its decoding.
const LOWER = "0123456789abcdef";
const UPPER = "0123456789ABCDEF";

// Writes the UTF-16 code units straight into one new string: per-byte substrings joined at the end
// made hex rendering a fifth of a quote verification's instructions. With `quoted` the text is
// wrapped in double quotes (a JSON string: hex needs no escaping).
function hexWith(digits: string, b: Uint8Array, quoted: bool = false): string {
  const n = b.length;
  const q: usize = quoted ? 1 : 0;
  if (n == 0 && !quoted) return "";
  const out = changetype<string>(__new((<usize>n << 2) + (q << 2), idof<string>()));
  const dst = changetype<usize>(out) + (q << 1);
  const tab = changetype<usize>(digits);
  const src = b.dataStart;
  for (let i = 0; i < n; i++) {
    const v = <usize>load<u8>(src + <usize>i);
    store<u16>(dst + (<usize>i << 2), load<u16>(tab + ((v >> 4) << 1)));
    store<u16>(dst + (<usize>i << 2) + 2, load<u16>(tab + ((v & 15) << 1)));
  }
  if (quoted) {
    store<u16>(changetype<usize>(out), 0x22);
    store<u16>(dst + (<usize>n << 2), 0x22);
  }
  return out;
}

// Lowercase hex (JSON output, logs).
export function toHex(b: Uint8Array): string {
  return hexWith(LOWER, b);
}

// Lowercase hex as a JSON string literal (with its quotes).
export function toHexJson(b: Uint8Array): string {
  return hexWith(LOWER, b, true);
}

// Uppercase hex (the form policy v1 reference values use, spec migtd.md §3.2).
export function toUpperHex(b: Uint8Array): string {
  return hexWith(UPPER, b);
}

export function u64Hex(v: u64): string {
  return "0x" + v.toString(16);
}

// Decodes hex (either case); null when the text is not an even number of hex digits.
export function fromHex(s: string): Uint8Array | null {
  const n = s.length;
  if ((n & 1) != 0) return null;
  const out = new Uint8Array(n >> 1);
  const src = changetype<usize>(s);
  const dst = out.dataStart;
  for (let i = 0; i < n; i += 2) {
    const hi = hexDigit(<i32>load<u16>(src + (<usize>i << 1)));
    const lo = hexDigit(<i32>load<u16>(src + (<usize>(i + 1) << 1)));
    if (hi < 0 || lo < 0) return null;
    store<u8>(dst + (<usize>i >> 1), <u8>((hi << 4) | lo));
  }
  return out;
}

// Value of each byte as a hex digit, 0xff when it is not one: one table load per digit.
function buildHexTable(): usize {
  const t = memory.data(256);
  memory.fill(t, 0xff, 256);
  for (let c = 0; c < 256; c++) {
    const d = hexDigit(c);
    if (d >= 0) store<u8>(t + <usize>c, <u8>d);
  }
  return t;
}

const HEX_VALUE: usize = buildHexTable();

// The same for hex held as ASCII bytes (JSON string contents): the decoding of the same text.
// Large hex fields (CRLs in collateral) are read this way, without a UTF-16 copy.
export function fromHexBytes(b: Uint8Array): Uint8Array | null {
  const n = b.length;
  if ((n & 1) != 0) return null;
  const out = new Uint8Array(n >> 1);
  const src = b.dataStart;
  const dst = out.dataStart;
  const t = HEX_VALUE;
  for (let i = 0; i < n; i += 2) {
    const hi = <u32>load<u8>(t + <usize>load<u8>(src + <usize>i));
    const lo = <u32>load<u8>(t + <usize>load<u8>(src + <usize>(i + 1)));
    if ((hi | lo) > 15) return null;
    store<u8>(dst + (<usize>i >> 1), <u8>((hi << 4) | lo));
  }
  return out;
}

// The value of one hex digit (either case), or -1.
export function hexDigit(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
