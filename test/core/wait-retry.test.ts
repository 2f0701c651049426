// Audit regression: a WaitForRequest the VMM answers with GHCI RETRY must be retried. Before the
// fix the retry timer was set to "never" after one refusal, so a single busy answer stopped the
// MigTD taking requests for good.
import { expect, it } from "vitest";
import { runPreMigration } from "../../scripts/sim/pair.ts";

it("after WaitForRequest VMCALLs answered RETRY, both MigTDs still take and complete the request", async () => {
  const r = await runPreMigration({
    host: "node", timeoutMs: 10_000,
    adjust: (s, d) => { s.sim.vmm.waitRetries = 3; d.sim.vmm.waitRetries = 1; },
  });
  const text = r.logs.map((l) => `${l.side} ${l.line}`).join("\n");
  expect(r.ok, text).toBe(true);
  expect(r.logs.filter((l) => /WaitForRequest could not be issued/.test(l.line)).length, text).toBe(4);
});
