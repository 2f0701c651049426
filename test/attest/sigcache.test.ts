// The ECDSA memo (assembly/x509/sigcache.ts) changes cost, never verdicts: every real quote with
// its collateral, and mutations of quote, collateral and time, give byte-identical results with
// the memo off and with a memo warmed by earlier verifications; and a second verification of a
// quote from the same platform needs only the signatures that differ (the quote's own two).
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, T, prodRoot, secs } from "./lib.ts";

const runs = Number(process.env.ATTEST_PROPERTY_RUNS ?? 60);

// Quote, collateral and an instant at which the collateral is current (as tcb.test.ts).
const CASES: [string, string, string][] = [
  ["quotes/phala_tdx_v4_b0c06f_uptodate.quote", "collateral/phala_tdx_v4_b0c06f_collateral.json", "2025-07-19T10:00:34Z"],
  ["quotes/migtd_azure_tdx_v4_90c06f.quote", "collateral/migtd_collateral_production_fmspc.json", "2025-12-01T00:00:00Z"],
];

describeShared("signature memo", () => {
  const lib = attestLib();
  const verify = (q: Uint8Array, c: Uint8Array, at: bigint) => JSON.stringify(lib.callJson("api_quote_verify", q, prodRoot(), c, at));
  const memo = (on: boolean) => lib.fn("sigcache_enable")(on ? 1 : 0);
  const count = () => ({ hits: lib.fn("sigcache_hits")() as number, misses: lib.fn("sigcache_misses")() as number });

  it.each(CASES)("%s: identical results without and with the memo, cold and warm", (q, c, at) => {
    memo(false);
    const plain = verify(T(q), T(c), secs(at));
    memo(true);
    const cold = verify(T(q), T(c), secs(at));
    const cold1 = count();
    const warm = verify(T(q), T(c), secs(at));
    const warm1 = count();
    expect(cold).toBe(plain);
    expect(warm).toBe(plain);
    // The first verification already meets some signatures twice; the second needs none anew.
    expect(warm1.misses).toBe(cold1.misses);
    expect(warm1.hits).toBeGreaterThan(cold1.hits);
  });

  it.each(CASES)("%s: mutated quote, collateral and instants give the same verdict with a warm memo", (q, c, at) => {
    const quote = T(q);
    const coll = T(c);
    const t = secs(at);
    const mutant = fc.record({
      target: fc.constantFrom("quote", "collateral", "time"),
      index: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
      shift: fc.integer({ min: -400 * 86400, max: 400 * 86400 }),
    });
    fc.assert(fc.property(mutant, ({ target, index, value, shift }) => {
      const qq = Buffer.from(quote);
      const cc = Buffer.from(coll);
      let tt = t;
      if (target === "quote") qq[index % qq.length] = value;
      else if (target === "collateral") cc[index % cc.length] = value;
      else tt = t + BigInt(shift);
      memo(false);
      const plain = verify(qq, cc, tt);
      memo(true);
      verify(quote, coll, t); // warm with the genuine inputs
      expect(verify(qq, cc, tt)).toBe(plain);
    }), { numRuns: runs });
  });
});
