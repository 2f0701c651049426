// PEM (RFC 7468): "-----BEGIN <label>-----", base64 body (whitespace allowed), "-----END <label>-----".
// Used for the PCK chain inside quotes (certification data type 5) and collateral issuer chains.
import { base64Decode } from "./base64";

// Bound on blocks in one PEM text; Intel chains have 2-3 certificates.
export const PEM_MAX_BLOCKS: i32 = 16;

export class PemBlocks {
  blocks: Uint8Array[] = [];
  error: string = "";
}

// Every block with the given label, in order. Bytes outside blocks (NULs, newlines) are ignored;
// a BEGIN without its END, bad base64 or too many blocks is an error.
export function pemDecodeAll(text: Uint8Array, label: string): PemBlocks {
  const out = new PemBlocks();
  const begin = utf8Bytes("-----BEGIN " + label + "-----");
  const end = utf8Bytes("-----END " + label + "-----");
  let pos = 0;
  while (true) {
    const b = indexOf(text, begin, pos);
    if (b < 0) break;
    const bodyStart = b + begin.length;
    const e = indexOf(text, end, bodyStart);
    if (e < 0) {
      out.error = "PEM: BEGIN " + label + " without END";
      return out;
    }
    if (out.blocks.length >= PEM_MAX_BLOCKS) {
      out.error = "PEM: too many blocks";
      return out;
    }
    const der = base64Decode(text.subarray(bodyStart, e));
    if (der === null) {
      out.error = "PEM: bad base64 in " + label;
      return out;
    }
    out.blocks.push(der);
    pos = e + end.length;
  }
  return out;
}

export function utf8Bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

// First index >= from where `needle` (ASCII) occurs in hay, or -1. The needle's UTF-8 bytes are
// compared against the haystack's memory directly; `i + m <= n` bounds every load.
function indexOf(hay: Uint8Array, needle: Uint8Array, from: i32): i32 {
  const m = needle.length;
  const n = hay.length;
  if (m == 0) return from <= n ? from : -1;
  const h = hay.dataStart;
  const p = needle.dataStart;
  const first = load<u8>(p);
  for (let i = from; i + m <= n; i++) {
    if (load<u8>(h + <usize>i) != first) continue;
    let j = 1;
    while (j < m && load<u8>(h + <usize>(i + j)) == load<u8>(p + <usize>j)) j++;
    if (j == m) return i;
  }
  return -1;
}
