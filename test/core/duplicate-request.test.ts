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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    const deadline = Date.now() + 10_000;
    while (sim.vmm.reports.length < 1 && Date.now() < deadline) await sleep(5);
    await sleep(200);
    expect(host.logs.some((l) => /request 0x2a is already in flight; duplicate ignored/.test(l)), host.logs.join("\n")).toBe(true);
    expect(sim.vmm.reports.filter((r) => r.requestId === 42n)).toHaveLength(1);
    // No peer is reachable (no transport relay): the one session fails without writing a key.
    expect(sim.vmm.reports[0].status).toBe(5);
    expect(td.writes).toBe(0);
  } finally {
    await host.stop();
  }
});
