// Library test module for the attestation layers: the same exports as the core's library API
// (assembly/api/attest.ts), built alone so attestation tests do not depend on the service loop.
import "../../assembly/util/abort";
export { api_alloc, api_free } from "../../assembly/api/memory";
export * from "../../assembly/api/attest";
import { sigCacheEnable, sigCacheHits, sigCacheMisses } from "../../assembly/x509/sigcache";

// The signature memo (assembly/x509/sigcache.ts), for the differential test: off, on, and counts.
export function sigcache_enable(on: i32): void { sigCacheEnable(on != 0); }
export function sigcache_hits(): i32 { return sigCacheHits; }
export function sigcache_misses(): i32 { return sigCacheMisses; }

// Every verification cache (assembly/attest/caches.ts): off, or on and empty; and the counters
// of the parsed-collateral and verified-platform caches (hits, misses, expired drops, size).
import { attestCachesEnable } from "../../assembly/attest/caches";
import { parseCache } from "../../assembly/attest/collateral/parse_cache";
import { platformCache } from "../../assembly/attest/verified_platform";
import { ExpiringCache } from "../../assembly/util/expiring_cache";
export function attest_caches_enable(on: i32): void { attestCachesEnable(on != 0); }
export function platform_cache_stat(which: i32): i32 {
  return which == 0 ? platformCache.hits : which == 1 ? platformCache.misses : which == 2 ? platformCache.expired : platformCache.size;
}
export function parse_cache_stat(which: i32): i32 {
  return which == 0 ? parseCache.hits : which == 1 ? parseCache.misses : which == 2 ? parseCache.expired : parseCache.size;
}
export function platform_cache_capacity(): i32 { return platformCache.capacity; }

// The cache class on its own: `n` distinct keys into a cache of `capacity`, each valid over
// [10, 20]; then the size, and whether the newest key is found at 15, and at 21 (dropped).
// Answers size | found15 << 16 | found21 << 17 | sizeAfter << 18.
export function expiring_cache_probe(capacity: i32, n: i32): i32 {
  const c = new ExpiringCache<Uint8Array>(capacity);
  let last = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    const k = new Uint8Array(32);
    k[0] = <u8>i;
    k[1] = <u8>(i >> 8);
    c.put(k, k, 10, 20);
    last = k;
  }
  const size = c.size;
  const at15 = c.get(last, 15) !== null ? 1 : 0;
  const at21 = c.get(last, 21) !== null ? 1 : 0;
  return size | (at15 << 16) | (at21 << 17) | (c.size << 18);
}

// Benchmark loop: n quote verifications through the library API (JSON result freed each time).
// With memo == 0 every cache is emptied before each one (every verification is a first); with
// memo == 1 they are kept (every verification after the first is a repeat from the same platform;
// the quote's own signature is never cached, so a repeat costs what a second quote would); with
// memo == 2 they are off (each distinct signature is verified as often as it occurs). The caches
// are left on and empty afterwards.
import { api_quote_verify } from "../../assembly/api/attest";
import { api_free } from "../../assembly/api/memory";
export function bench_quote_verify(n: i32, q: usize, qLen: u32, root: usize, rootLen: u32, c: usize, cLen: u32, at: i64, memo: i32): i32 {
  if (memo == 2) attestCachesEnable(false);
  for (let i = 0; i < n; i++) {
    if (memo == 0) attestCachesEnable(true);
    api_free(api_quote_verify(q, qLen, root, rootLen, c, cLen, at));
  }
  if (memo == 2) attestCachesEnable(true);
  return n;
}

// The byte decoders under the collateral and certificate parsers, for their property tests
// (test/attest/decoders.test.ts). Decoders answer [1, bytes...] or [0] when they reject.
import { bytesIn, returnBytes, returnString } from "../../assembly/api/memory";
import { parseJson } from "../../assembly/json/parse";
import { stringifyJson } from "../../assembly/json/write";
import { JsonKind, JsonString } from "../../assembly/json/value";
import { JsonWriter } from "../../assembly/json/writer";
import { base64Decode } from "../../assembly/der/base64";
import { fromHex, fromHexBytes, toHex } from "../../assembly/util/hex";
import { knownOidsAgree } from "../../assembly/der/oid";
import { bytesEqual } from "../../assembly/util/bytes";
import { parseCrl } from "../../assembly/x509/crl";

function decoded(b: Uint8Array | null): usize {
  if (b === null) return returnBytes(new Uint8Array(1));
  const out = new Uint8Array(b.length + 1);
  out[0] = 1;
  out.set(b!, 1);
  return returnBytes(out);
}

// {ok, canonical, bytes (hex of a top-level string's UTF-8), escaped} or {ok: false, pos, message}.
export function json_probe(ptr: usize, len: u32): usize {
  const r = parseJson(bytesIn(ptr, len));
  const w = new JsonWriter().beginObject().bool("ok", r.error === null);
  const v = r.value;
  if (v !== null) {
    w.str("canonical", stringifyJson(v));
    if (v.kind == JsonKind.String) w.str("bytes", toHex((<JsonString>v).bytes)).bool("escaped", (<JsonString>v).escaped);
  } else {
    w.int("pos", r.error!.pos).str("message", r.error!.message);
  }
  return returnString(w.endObject().toString());
}
export function base64_decode(ptr: usize, len: u32): usize { return decoded(base64Decode(bytesIn(ptr, len))); }
export function hex_decode_bytes(ptr: usize, len: u32): usize { return decoded(fromHexBytes(bytesIn(ptr, len))); }
export function hex_decode_text(ptr: usize, len: u32): usize {
  const b = bytesIn(ptr, len);
  return decoded(fromHex(String.UTF8.decodeUnsafe(b.dataStart, b.length, false)));
}
export function oid_known_agree(): i32 { return knownOidsAgree() ? 1 : 0; }
// bytesEqual of b[0..k) and b[k..), views at any alignment: [1] when equal, else [0].
export function bytes_equal_split(ptr: usize, len: u32, k: u32): usize {
  const b = bytesIn(ptr, len);
  const out = new Uint8Array(1);
  out[0] = bytesEqual(b.subarray(0, <i32>k), b.subarray(<i32>k)) ? 1 : 0;
  return returnBytes(out);
}

// {ok, revoked: [serial hex...], thisUpdate, nextUpdate} or {ok: false, message} for a DER CRL.
export function crl_probe(ptr: usize, len: u32): usize {
  const p = parseCrl(bytesIn(ptr, len));
  const c = p.crl;
  const w = new JsonWriter().beginObject().bool("ok", c !== null);
  if (c !== null) {
    w.int("thisUpdate", c.thisUpdate).int("nextUpdate", c.nextUpdate).beginArray("revoked");
    for (let i = 0; i < c.revoked.length; i++) w.itemHex(c.revoked[i]);
    w.endArray();
  } else {
    w.str("message", p.error);
  }
  return returnString(w.endObject().toString());
}
