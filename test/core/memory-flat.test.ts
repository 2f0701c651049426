// The core runs for the TD's lifetime, so its memory must stay bounded: the incremental GC
// (asconfig.json "runtime") reclaims each request's garbage, and shared pages are freed when a
// Service call completes. Checked over hundreds of requests, valid and malformed.
import { describe, expect, it } from "vitest";
import { runScenario, Scenario } from "../../scripts/sim/scenario.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { coreWasm } from "../helpers/scenarios.ts";

function manyRequests(n: number, from: number): Scenario {
  return {
    name: "many", description: "many requests", tds: [{ handle: "0x1", uuid: ["1", "2", "3", "4"] }],
    steps: Array.from({ length: n }, (_, i) => i % 3 === 2
      ? { name: `bad ${i}`, request: { id: String(from + i), mutate: { duplicateInfo: true } }, expect: { status: 1 } }
      : { name: `ok ${i}`, request: { id: String(from + i) }, expect: { status: 7 } }),
  };
}

describe("memory stays flat over many requests", () => {
  it("linear memory does not grow between request 100 and request 600, and shared pages are returned", async () => {
    let host!: NodeHost;
    const sizes: number[] = [];
    const s = manyRequests(600, 1);
    const result = await runScenario(s, async (sim) => {
      host = new NodeHost({ wasmPath: coreWasm, sim });
      sim.vmm.onChange = () => {
        if (sim.vmm.reports.length === 100 || sim.vmm.reports.length === 600) sizes.push(host.memory().buffer.byteLength);
      };
      return host;
    });
    expect(result.steps.filter((r) => !r.ok)).toEqual([]);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes[sizes.length - 1]).toBe(sizes[0]);
    // Only the outstanding WaitForRequest (command + response page) holds shared memory at rest.
    expect(host.pool.inUse).toBeLessThanOrEqual(2);
  }, 120_000);
});
