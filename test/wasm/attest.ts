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

// Benchmark loop: n quote verifications through the library API (JSON result freed each time).
// With memo == 0 the signature memo is emptied before each one (every verification is a first),
// else it is kept (every verification after the first is a repeat from the same platform).
import { api_quote_verify } from "../../assembly/api/attest";
import { api_free } from "../../assembly/api/memory";
export function bench_quote_verify(n: i32, q: usize, qLen: u32, root: usize, rootLen: u32, c: usize, cLen: u32, at: i64, memo: i32): i32 {
  for (let i = 0; i < n; i++) {
    if (memo == 0) sigCacheEnable(true);
    api_free(api_quote_verify(q, qLen, root, rootLen, c, cLen, at));
  }
  return n;
}
