// A request id already in flight is ignored (migtd.md §1.6/§1.8: MigTD keeps a dedupe set), so a
// VMM that repeats a StartMigration never gets two sessions or two reports for one id.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { simulateFirmwareBoot } from "../../scripts/sim/firmware-boot.ts";
import { startMigrationResponse } from "../../scripts/sim/requests.ts";
import { coreWasm, root } from "../helpers/scenarios.ts";

// Resolves when `pred` holds, checked at every observable VMM event (WaitForRequest issued,
// response delivered, status reported); rejects after `ms`.
function when(sim: Simulator, pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const prev = sim.vmm.onChange;
    const done = (err?: Error) => { clearTimeout(timer); sim.vmm.onChange = prev; if (err) reject(err); else resolve(); };
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), ms);
    sim.vmm.onChange = () => { prev(); if (pred()) done(); };
    if (pred()) done();
  });
}

it("a StartMigration repeated while the first is in flight is ignored: one session, one report", async () => {
  const sim = new Simulator();
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  sim.vmm.quoteDelayMs = 300; // keeps the first request in flight while the duplicate arrives
  const policy = readFileSync(join(root, "config", "policy.json"));
  const rootCa = testRootDer();
  const eventLog = simulateFirmwareBoot(sim.tdx, policy, rootCa);
  const td = sim.tdx.bind({ handle: 0x10n, uuid: [1n, 2n, 3n, 4n] });
  const host = new NodeHost({ wasmPath: coreWasm, sim, config: { policy, rootCa, eventLog } });
  await host.start();
  try {
    const request = () => startMigrationResponse({ id: 42n, source: true, handle: td.handle, uuid: td.uuid });
    sim.vmm.enqueue(request());
    sim.vmm.enqueue(request());
    // Both copies taken while the first is still waiting for its quote (300 ms); the core arms
    // its next WaitForRequest only after it has handled the second copy.
    await when(sim, () => sim.vmm.responsesDelivered >= 2 && sim.vmm.waitsIssued > sim.vmm.responsesDelivered, "the duplicate handled");
    expect(sim.vmm.reports).toHaveLength(0);
    await when(sim, () => sim.vmm.reports.length >= 1, "the first report");
    expect(host.logs.some((l) => /request 0x2a is already in flight; duplicate ignored/.test(l)), host.logs.join("\n")).toBe(true);
    expect(sim.vmm.reports.filter((r) => r.requestId === 42n)).toHaveLength(1);
    // No peer is reachable (no transport relay): the one session fails without writing a key.
    expect(sim.vmm.reports[0].status).toBe(5);
    expect(td.writes).toBe(0);
  } finally {
    await host.stop();
  }
});
