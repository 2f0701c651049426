// Property tests: random and mutated inputs never trap the core (a trap would throw from the
// Wasm call) and always yield a verdict or an error value.
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, T, prodRoot, secs, NONE } from "./lib.ts";

const runs = Number(process.env.ATTEST_PROPERTY_RUNS ?? 150);

// A seed with some bytes overwritten, a slice cut out, or truncated.
function mutated(seed: Buffer) {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      cut: fc.option(fc.tuple(fc.nat(seed.length), fc.nat(64))),
      trunc: fc.option(fc.nat(seed.length)),
    })
    .map(({ edits, cut, trunc }) => {
      let b = Buffer.from(seed);
      for (const [i, v] of edits) b[i] = v;
      if (cut) b = Buffer.concat([b.subarray(0, cut[0]), b.subarray(Math.min(b.length, cut[0] + cut[1]))]);
      if (trunc !== null) b = b.subarray(0, trunc);
      return b;
    });
}

describeShared("attestation parsers never trap", () => {
  const lib = attestLib();
  const quote = T("quotes/migtd_azure_tdx_v4_90c06f.quote");
  const at = secs("2026-03-01T00:00:00Z");
  const coll = T("collateral/phala_tdx_v4_b0c06f_collateral.json");

  it("mutated quotes: a verdict or an error", () => {
    fc.assert(fc.property(mutated(quote), (q) => {
      const r = lib.callJson("api_quote_verify", q, prodRoot(), NONE, at);
      expect(r.verified === true || typeof r.error === "string").toBe(true);
    }), { numRuns: runs });
  });

  it("mutated root certificates and random bytes as a root: an error, never a trap", () => {
    fc.assert(fc.property(fc.oneof(mutated(prodRoot()), fc.uint8Array({ maxLength: 700 })), (root) => {
      const r = lib.callJson("api_quote_verify", quote, root, NONE, at);
      expect(typeof r.verified).toBe("boolean");
    }), { numRuns: runs });
  });

  it("mutated collateral (JSON text and the CRLs in it)", () => {
    fc.assert(fc.property(mutated(coll), (c) => {
      const r = lib.callJson("api_quote_verify", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"), prodRoot(), c, secs("2025-07-19T10:00:34Z"));
      expect(typeof r.verified).toBe("boolean");
    }), { numRuns: runs });
  });

  it("mutated PCK chains inside the quote (PEM region)", () => {
    const start = quote.indexOf("-----BEGIN CERTIFICATE-----");
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: start, max: start + 3600 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
      const q = Buffer.from(quote);
      for (const [i, v] of edits) q[i] = v;
      const r = lib.callJson("api_quote_verify", q, prodRoot(), NONE, at);
      expect(typeof r.verified).toBe("boolean");
    }), { numRuns: runs });
  });

  it("mutated and random event logs", () => {
    const log = T("eventlogs/ovmf_ccel.bin").subarray(0, 2200);
    fc.assert(fc.property(fc.oneof(mutated(log), fc.uint8Array({ maxLength: 512 })), (l) => {
      const r = lib.callJson("api_eventlog", l, NONE);
      expect(r.error === null ? Array.isArray(r.rtmr) : typeof r.error === "string").toBe(true);
    }), { numRuns: runs });
  });

  it("mutated and random TDREPORTs", () => {
    fc.assert(fc.property(fc.oneof(mutated(T("tdreport/intel_dcap_tdreport_tdx10.bin")), fc.uint8Array({ minLength: 1024, maxLength: 1024 })), (b) => {
      const r = lib.callJson("api_tdreport", b);
      expect(r.error === null || typeof r.error === "string").toBe(true);
    }), { numRuns: runs });
  });

  it("the instance survives all of the above (a later call still verifies)", () => {
    expect(lib.callJson("api_quote_verify", quote, prodRoot(), NONE, at).verified).toBe(true);
  });
});
