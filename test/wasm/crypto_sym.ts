// Test and benchmark entry for the symmetric crypto (assembly/crypto): raw-pointer wrappers.
// The host allocates every input and output with api_alloc and passes (ptr, len) pairs; outputs
// are written to a caller-provided buffer of the documented size.
export { api_alloc, api_free } from "../../assembly/api/memory";
export { coreAbort } from "../../assembly/util/abort";
import { bytesIn } from "../../assembly/api/memory";
import { Sha256, sha256 } from "../../assembly/crypto/sha256";
import { Sha512, sha384, sha512 } from "../../assembly/crypto/sha512";
import { HmacSha384, hmacSha256, hmacSha384, hmacSha512 } from "../../assembly/crypto/hmac";
import {
  deriveSecret256, deriveSecret384, hkdfExpand256, hkdfExpand384, hkdfExpandLabel256, hkdfExpandLabel384,
  hkdfExtract256, hkdfExtract384,
} from "../../assembly/crypto/hkdf";

function out(dst: usize, data: Uint8Array): void {
  memory.copy(dst, data.dataStart, <usize>data.length);
}

// Hashes: kind 256 / 384 / 512; digest written to `dst`.
export function hash(kind: i32, ptr: usize, len: i32, dst: usize): void {
  const data = bytesIn(ptr, <u32>len);
  out(dst, kind == 256 ? sha256(data) : kind == 384 ? sha384(data) : sha512(data));
}

// Streaming path: the input fed in pieces of `chunk` bytes (chunk >= 1), twice through one
// context to check that final() resets it.
export function hash_chunked(kind: i32, ptr: usize, len: i32, chunk: i32, dst: usize): void {
  if (kind == 256) {
    const h = new Sha256();
    for (let r = 0; r < 2; r++) {
      for (let o = 0; o < len; o += chunk) h.updateRaw(ptr + <usize>o, min(chunk, len - o));
      h.finalInto(dst);
    }
  } else {
    const h = new Sha512(kind == 384);
    for (let r = 0; r < 2; r++) {
      for (let o = 0; o < len; o += chunk) h.updateRaw(ptr + <usize>o, min(chunk, len - o));
      h.finalInto(dst);
    }
  }
}

export function hmac(kind: i32, kp: usize, kl: i32, dp: usize, dl: i32, dst: usize): void {
  const k = bytesIn(kp, <u32>kl);
  const d = bytesIn(dp, <u32>dl);
  out(dst, kind == 256 ? hmacSha256(k, d) : kind == 384 ? hmacSha384(k, d) : hmacSha512(k, d));
}

// Streaming HMAC-SHA-384: two messages under one key, tags written at dst and dst + 48.
export function hmac384_twice(kp: usize, kl: i32, dp: usize, dl: i32, chunk: i32, dst: usize): void {
  const m = new HmacSha384(bytesIn(kp, <u32>kl));
  for (let r = 0; r < 2; r++) {
    for (let o = 0; o < dl; o += chunk) m.updateRaw(dp + <usize>o, min(chunk, dl - o));
    m.finalInto(dst + <usize>(48 * r));
  }
  m.wipe();
}

export function hkdf_extract(kind: i32, sp: usize, sl: i32, ip: usize, il: i32, dst: usize): void {
  const s = bytesIn(sp, <u32>sl);
  const i = bytesIn(ip, <u32>il);
  out(dst, kind == 256 ? hkdfExtract256(s, i) : hkdfExtract384(s, i));
}

export function hkdf_expand(kind: i32, pp: usize, pl: i32, ip: usize, il: i32, len: i32, dst: usize): void {
  const p = bytesIn(pp, <u32>pl);
  const i = bytesIn(ip, <u32>il);
  out(dst, kind == 256 ? hkdfExpand256(p, i, len) : hkdfExpand384(p, i, len));
}

export function hkdf_expand_label(kind: i32, sp: usize, sl: i32, lp: usize, ll: i32, cp: usize, cl: i32, len: i32, dst: usize): void {
  const s = bytesIn(sp, <u32>sl);
  const label = String.UTF8.decodeUnsafe(lp, <usize>ll);
  const c = bytesIn(cp, <u32>cl);
  out(dst, kind == 256 ? hkdfExpandLabel256(s, label, c, len) : hkdfExpandLabel384(s, label, c, len));
}

// Derive-Secret with the transcript hash (32 or 48 bytes per kind) at hp.
export function derive_secret(kind: i32, sp: usize, sl: i32, lp: usize, ll: i32, hp: usize, dst: usize): void {
  const s = bytesIn(sp, <u32>sl);
  const label = String.UTF8.decodeUnsafe(lp, <usize>ll);
  out(dst, kind == 256 ? deriveSecret256(s, label, bytesIn(hp, 32)) : deriveSecret384(s, label, bytesIn(hp, 48)));
}

// Benchmark loop: n SHA-384 digests of the same input, streamed through one context.
export function bench_sha384(n: i32, ptr: usize, len: i32, dst: usize): void {
  const h = new Sha512(true);
  for (let i = 0; i < n; i++) {
    h.updateRaw(ptr, len);
    h.finalInto(dst);
  }
}

import { Aes, aesSubBytes64 } from "../../assembly/crypto/aes";
export function aes_sub_bytes64(p: usize): void { aesSubBytes64(p); }

// Raw AES: `n4` groups of four blocks from src to dst under key (16/24/32 bytes).
export function aes_encrypt(kp: usize, kl: i32, src: usize, dst: usize, n4: i32): void {
  const a = new Aes(bytesIn(kp, <u32>kl));
  for (let i = 0; i < n4; i++) a.encrypt4(src + <usize>(i << 6), dst + <usize>(i << 6));
  a.wipe();
}

import { AesGcm, aesGcmOpen, aesGcmSeal } from "../../assembly/crypto/gcm";

// One-shot seal: dst receives len + 16 bytes.
export function gcm_seal(kp: usize, kl: i32, ip: usize, il: i32, ap: usize, al: i32, pp: usize, pl: i32, dst: usize): void {
  out(dst, aesGcmSeal(bytesIn(kp, <u32>kl), bytesIn(ip, <u32>il), bytesIn(ap, <u32>al), bytesIn(pp, <u32>pl)));
}

// One-shot open of cl bytes (ciphertext || tag): returns 1 and writes cl - 16 bytes, or 0.
export function gcm_open(kp: usize, kl: i32, ip: usize, il: i32, ap: usize, al: i32, cp: usize, cl: i32, dst: usize): i32 {
  const r = aesGcmOpen(bytesIn(kp, <u32>kl), bytesIn(ip, <u32>il), bytesIn(ap, <u32>al), bytesIn(cp, <u32>cl));
  if (r === null) return 0;
  out(dst, r);
  return 1;
}

// Keyed context, in place: seals `pl` bytes at buf (buf holds pl + 16), then opens them back in
// place under a second nonce-identical call. Returns 1 when the round trip restores the input.
let ctx: AesGcm | null = null;
export function gcm_ctx_new(kp: usize, kl: i32): void { ctx = new AesGcm(bytesIn(kp, <u32>kl)); }
export function gcm_ctx_seal(ip: usize, il: i32, ap: usize, al: i32, buf: usize, pl: i32): void {
  ctx!.sealRaw(ip, il, ap, al, buf, pl, buf);
}
export function gcm_ctx_open(ip: usize, il: i32, ap: usize, al: i32, buf: usize, cl: i32): i32 {
  return ctx!.openRaw(ip, il, ap, al, buf, cl, buf + <usize>cl, buf) ? 1 : 0;
}
export function gcm_ctx_wipe(): void { ctx!.wipe(); ctx = null; }

// Benchmark loop: n seals of len bytes under one keyed context (dst holds len + 16).
export function bench_gcm_seal(n: i32, kp: usize, kl: i32, ip: usize, src: usize, len: i32, dst: usize): void {
  const g = new AesGcm(bytesIn(kp, <u32>kl));
  for (let i = 0; i < n; i++) g.sealRaw(ip, 12, ip, 0, src, len, dst);
  g.wipe();
}

// Linear-memory size in 64 KiB pages, to check that repeated operations do not grow it.
export function mem_pages(): i32 { return memory.size(); }

// Many one-shot operations in a row (allocation churn): SHA-384, HMAC-SHA-384, HKDF-Expand-Label,
// AES-256-GCM seal and open, each over len bytes at p.
import { wipe } from "../../assembly/crypto/wipe";
export function churn(n: i32, p: usize, len: i32): i32 {
  const data = bytesIn(p, <u32>len);
  const key = new Uint8Array(32);
  const iv = new Uint8Array(12);
  let ok = 0;
  for (let i = 0; i < n; i++) {
    key[0] = <u8>i;
    const d = sha384(data);
    const t = hmacSha384(key, d);
    const s = hkdfExpandLabel384(t, "key", d, 32);
    const c = aesGcmSeal(s, iv, d, data);
    const o = aesGcmOpen(s, iv, d, c);
    if (o !== null && o.length == len) ok++;
    wipe(s);
  }
  return ok;
}

// wipe() on a view: the `total` bytes at p are copied into an array, wipe() is applied to its
// subarray [off, off + len), and the array is copied back.
export function wipe_range(p: usize, total: i32, off: i32, len: i32): void {
  const a = bytesIn(p, <u32>total);
  wipe(a.subarray(off, off + len));
  memory.copy(p, a.dataStart, <usize>total);
}
