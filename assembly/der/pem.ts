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
  const begin = "-----BEGIN " + label + "-----";
  const end = "-----END " + label + "-----";
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

function indexOf(hay: Uint8Array, needle: string, from: i32): i32 {
  const n = needle.length;
  const first = needle.charCodeAt(0);
  for (let i = from; i + n <= hay.length; i++) {
    if (<i32>hay[i] != first) continue;
    let ok = true;
    for (let j = 1; j < n; j++) {
      if (<i32>hay[i + j] != needle.charCodeAt(j)) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}
