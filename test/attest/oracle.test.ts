// Differential oracle: @phala/dcap-qvl's verify() against the core, same quote, same collateral,
// same instant. Every pair dcap-qvl accepts must verify here with the same TCB status; the known
// disagreements are listed (and explained) in KNOWN.
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, expected, T, prodRoot, secs } from "./lib.ts";
import { migtdToQvl } from "./collateral.ts";

const require = createRequire(import.meta.url);
const qvl = require("@phala/dcap-qvl") as { verify(q: Uint8Array, c: unknown, now: number): { status: string; advisory_ids: string[] } };

// Pairs where the two verifiers are expected to differ, with the reason.
// dcap-qvl also applies a TD-attribute policy inside verify(); in MigTD that is the migration
// policy's job (TDINFO ATTRIBUTES, migtd.md §3), so the quote verifier accepts these quotes and
// reports their attributes.
const KNOWN: Record<string, string> = {
  "quotes/migtd_azure_tdx_v4_90c06f.quote|migtd_collateral_production_fmspc.json":
    "dcap-qvl: 'SEPT_VE_DISABLE is not enabled' (TD ATTRIBUTES bit 28 clear) - a policy decision",
  "quotes/trustee_tdx_v4_50806f.quote|migtd_collateral_production_fmspc.json":
    "dcap-qvl: 'Debug mode is enabled' (TD ATTRIBUTES DEBUG bit) - a policy decision",
};

describeShared("differential oracle: @phala/dcap-qvl", () => {
  const lib = attestLib();
  const quotes = Object.keys(expected().quotes);
  const cases: [string, string, string][] = [];
  for (const q of quotes) {
    cases.push([q, "phala_tdx_v4_b0c06f_collateral.json", "2025-07-19T10:00:34Z"]);
    cases.push([q, "migtd_collateral_production_fmspc.json", "2025-12-01T00:00:00Z"]);
  }

  it.each(cases)("%s + %s agrees with dcap-qvl", (q, c, at) => {
    const fmspc = expected().quotes[q].fmspc as string;
    const coll = c.startsWith("phala") ? JSON.parse(T("collateral", c).toString("utf8")) : migtdToQvl(c, fmspc);
    if (coll === null) return; // FMSPC not in this bundle
    let theirs: { status: string; advisory_ids: string[] } | null = null;
    let theirError = "";
    try {
      theirs = qvl.verify(T(q), coll, Number(secs(at)));
    } catch (e) {
      theirError = String((e as Error).message ?? e);
    }
    const ours = lib.callJson("api_quote_verify", T(q), prodRoot(), Buffer.from(JSON.stringify(coll)), secs(at));
    const key = `${q}|${c}`;
    if (KNOWN[key]) {
      // The disagreement must be exactly the one documented.
      expect(theirs).toBeNull();
      expect(KNOWN[key]).toContain(theirError);
      expect(ours.verified).toBe(true);
      return;
    }
    if (theirs !== null) {
      expect(ours.error, `dcap-qvl accepted (${theirs.status}); we said ${ours.error}`).toBeNull();
      expect(ours.tcbStatus).toBe(theirs.status);
      expect(ours.advisoryIds).toEqual([...theirs.advisory_ids].sort());
    } else {
      // dcap-qvl rejected: we must not be more permissive, except where its stricter 16-byte TDX
      // comparison finds no level and Intel's rule (match.ts) does; then we report the status.
      if (ours.verified) expect(theirError, `dcap-qvl rejected with: ${theirError}`).toMatch(/TCB|tcb/);
    }
  });
});
