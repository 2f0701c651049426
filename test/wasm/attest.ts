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
