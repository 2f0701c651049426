// Hex rendering for logs and JSON output (public values only).
const DIGITS = "0123456789abcdef";

export function toHex(data: Uint8Array): string {
  let s = "";
  for (let i = 0; i < data.length; i++) {
    const b = <i32>data[i];
    s += DIGITS.charAt(b >> 4) + DIGITS.charAt(b & 15);
  }
  return s;
}

export function u64Hex(v: u64): string {
  return "0x" + v.toString(16);
}
