// The switch over every cache quote verification uses: the ECDSA memo (x509/sigcache.ts), parsed
// collateral (collateral/parse_cache.ts) and verified platforms (verified_platform.ts). They only
// save work, never change a result; turning them off (and back on, empty) is how the differential
// tests and the benchmarks' first-verification figures compare.
import { sigCacheEnable } from "../x509/sigcache";
import { parseCache } from "./collateral/parse_cache";
import { platformCache } from "./verified_platform";

export function attestCachesEnable(on: bool): void {
  sigCacheEnable(on);
  parseCache.clear();
  parseCache.enabled = on;
  platformCache.clear();
  platformCache.enabled = on;
}
