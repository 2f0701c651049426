// Nonce generation for ECDSA: the HMAC-DRBG of RFC 6979 §3.2 steps b-h, with the §3.6 variant
// that appends additional data k' to the seeding inputs of steps d and f. With k' empty this is
// the deterministic nonce of RFC 6979 (used by the known-answer tests); with k' fresh random
// bytes ("hedged" signing) a broken entropy source degrades to RFC 6979 instead of to a nonce
// leak, and fault or side-channel attacks on the deterministic derivation get harder.
//
// State (K, V) lives in static buffers; callers finish with rfc6979Wipe().
import { Hmac } from "../hmac";

const HMAX: i32 = 64;
const K: usize = memory.data(HMAX, 8);
const V: usize = memory.data(HMAX, 8);
const BYTE: usize = memory.data(8, 8);

// Steps b-g. x = int2octets(private key), h1 = bits2octets(digest), each rlen bytes; extra is
// k' (may be empty). hlen is the HMAC output length.
export function rfc6979Init<H>(mac: Hmac<H>, hlen: i32, x: usize, h1: usize, rlen: i32, extra: usize, extraLen: i32): void {
  memory.fill(V, 0x01, <usize>hlen);
  memory.fill(K, 0x00, <usize>hlen);
  for (let step: u8 = 0; step < 2; step++) {
    // K = HMAC_K(V || step || x || h1 [|| k']); V = HMAC_K(V)
    mac.setKeyRaw(K, hlen);
    mac.updateRaw(V, hlen);
    store<u8>(BYTE, step);
    mac.updateRaw(BYTE, 1);
    mac.updateRaw(x, rlen);
    mac.updateRaw(h1, rlen);
    if (extraLen > 0) mac.updateRaw(extra, extraLen);
    mac.finalInto(K);
    mac.setKeyRaw(K, hlen);
    mac.updateRaw(V, hlen);
    mac.finalInto(V);
  }
}

// Step h.1-h.2: the next candidate T, rlen bytes (bits2int(T) is T itself for qlen = 8*rlen).
export function rfc6979Generate<H>(mac: Hmac<H>, hlen: i32, out: usize, rlen: i32): void {
  let off = 0;
  while (off < rlen) {
    mac.updateRaw(V, hlen);
    mac.finalInto(V);
    const n = min(hlen, rlen - off);
    memory.copy(out + <usize>off, V, <usize>n);
    off += n;
  }
}

// Step h.3, after a rejected candidate: K = HMAC_K(V || 0x00); V = HMAC_K(V).
export function rfc6979Reseed<H>(mac: Hmac<H>, hlen: i32): void {
  mac.updateRaw(V, hlen);
  store<u8>(BYTE, 0);
  mac.updateRaw(BYTE, 1);
  mac.finalInto(K);
  mac.setKeyRaw(K, hlen);
  mac.updateRaw(V, hlen);
  mac.finalInto(V);
}

export function rfc6979Wipe<H>(mac: Hmac<H>): void {
  memory.fill(K, 0, HMAX);
  memory.fill(V, 0, HMAX);
  mac.wipe();
}
