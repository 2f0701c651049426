// The REPORTDATA that binds an RA-TLS key to its TD quote (migtd.md §2.4): SHA-384 of the
// uncompressed public key (04||X||Y, 97 bytes) in bytes 0..48, zeros in 48..64.
import { sha384 } from "../crypto/sha512";

export const REPORT_DATA_LEN: i32 = 64;

export function reportDataForKey(pub97: Uint8Array): Uint8Array {
  const out = new Uint8Array(REPORT_DATA_LEN);
  out.set(sha384(pub97), 0);
  return out;
}
