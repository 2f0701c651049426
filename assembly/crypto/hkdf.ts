// HKDF (RFC 5869) with SHA-256 and SHA-384, and the TLS 1.3 wrappers HKDF-Expand-Label and
// Derive-Secret (RFC 8446 §7.1).
//
// Preconditions, not data-dependent, so checked with assert (a failure is a bug in the caller):
// an output length in 0 ..= 255 * HashLen (RFC 5869 §2.3), a TLS label of at most 249 bytes and a
// context of at most 255 bytes (the HkdfLabel vectors of RFC 8446 §7.1). Every data length,
// including zero, is accepted.
import { Hmac, hmacSha256, hmacSha384, sharedHmacSha256, sharedHmacSha384 } from "./hmac";
import { Sha256 } from "./sha256";
import { Sha512 } from "./sha512";
import { wipeRaw } from "./wipe";

// RFC 5869 §2.2. An absent salt is HashLen zero bytes, which HMAC's zero-padding of the key makes
// identical to an empty salt, so no special case is needed.
export function hkdfExtract256(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmacSha256(salt, ikm);
}

export function hkdfExtract384(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmacSha384(salt, ikm);
}

// RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), output = first `len` bytes of T(1) | T(2) ...
function expand<H>(mac: Hmac<H>, info: Uint8Array, len: i32): Uint8Array {
  const hl = mac.outLen;
  assert(len >= 0 && len <= 255 * hl, "HKDF-Expand: output length out of range");
  const out = new Uint8Array(len);
  const t = new Uint8Array(hl);
  const ctr = new Uint8Array(1);
  let done = 0;
  for (let i = 1; done < len; i++) {
    if (i > 1) mac.updateRaw(t.dataStart, hl);
    mac.update(info);
    ctr[0] = <u8>i;
    mac.update(ctr);
    mac.finalInto(t.dataStart);
    const take = min(hl, len - done);
    memory.copy(out.dataStart + <usize>done, t.dataStart, <usize>take);
    done += take;
  }
  wipeRaw(t.dataStart, <usize>hl);
  mac.wipe();
  return out;
}

export function hkdfExpand256(prk: Uint8Array, info: Uint8Array, len: i32): Uint8Array {
  return expand<Sha256>(sharedHmacSha256(prk), info, len);
}

export function hkdfExpand384(prk: Uint8Array, info: Uint8Array, len: i32): Uint8Array {
  return expand<Sha512>(sharedHmacSha384(prk), info, len);
}

// RFC 8446 §7.1: struct { uint16 length; opaque label<7..255> = "tls13 " + Label;
// opaque context<0..255>; } HkdfLabel. TLS labels are ASCII constants ("c hs traffic", "key",
// ...), written straight in as bytes (a non-ASCII label is a caller bug).
const TLS13_PREFIX = "tls13 ";

function hkdfLabel(label: string, context: Uint8Array, len: i32): Uint8Array {
  const pl = TLS13_PREFIX.length;
  const ll = pl + label.length;
  assert(ll <= 255 && context.length <= 255, "HKDF-Expand-Label: label or context too long");
  const out = new Uint8Array(4 + ll + context.length);
  const p = out.dataStart;
  store<u8>(p, <u8>(len >> 8));
  store<u8>(p + 1, <u8>len);
  store<u8>(p + 2, <u8>ll);
  for (let i = 0; i < pl; i++) store<u8>(p + 3 + <usize>i, <u8>TLS13_PREFIX.charCodeAt(i));
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    assert(c < 0x80, "HKDF-Expand-Label: non-ASCII label");
    store<u8>(p + 3 + <usize>(pl + i), <u8>c);
  }
  store<u8>(p + 3 + <usize>ll, <u8>context.length);
  memory.copy(p + 4 + <usize>ll, context.dataStart, <usize>context.length);
  return out;
}

export function hkdfExpandLabel256(secret: Uint8Array, label: string, context: Uint8Array, len: i32): Uint8Array {
  assert(len >= 0 && len <= 0xffff, "HKDF-Expand-Label: length out of range");
  return hkdfExpand256(secret, hkdfLabel(label, context, len), len);
}

export function hkdfExpandLabel384(secret: Uint8Array, label: string, context: Uint8Array, len: i32): Uint8Array {
  assert(len >= 0 && len <= 0xffff, "HKDF-Expand-Label: length out of range");
  return hkdfExpand384(secret, hkdfLabel(label, context, len), len);
}

// Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
// Transcript-Hash(Messages), Hash.length). The caller keeps the running transcript hash and passes
// its value; for the "derived" steps of the key schedule that is the hash of the empty string.
export function deriveSecret256(secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel256(secret, label, transcriptHash, 32);
}

export function deriveSecret384(secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel384(secret, label, transcriptHash, 48);
}
