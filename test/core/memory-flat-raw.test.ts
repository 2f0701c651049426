// The RAW build over hundreds of requests (GetTDReport, rejected operations, StartMigrations that
// fail their local checks, sessions cancelled by the VMM while they wait on Receive): linear memory
// stays flat and every shared buffer (WaitForRequest, ReportStatus, Send, Receive) is returned.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRawScenario, RawScenario, RawStep } from "../../scripts/sim/raw-scenario.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { root } from "../helpers/scenarios.ts";

function steps(n: number): RawStep[] {
  const out: RawStep[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(1000 + i);
    switch (i % 4) {
      case 0: out.push({ name: `report ${i}`, request: { id, op: 3 }, expect: { status: 0 } }); break;
      case 1: out.push({ name: `unknown op ${i}`, request: { id, op: 9 }, expect: { status: 12 } }); break;
      case 2: out.push({ name: `unbound ${i}`, request: { id, td: 1 }, expect: { status: 4 } }); break;
      default:
        out.push({ name: `session ${i}`, request: { id }, holdUntilReceiving: true, expect: { id, noReport: true } });
        out.push({ name: `cancel ${i}`, cancel: id, expect: { status: 10 } });
    }
  }
  return out;
}

describe("RAW: memory stays flat over many requests", () => {
  it("linear memory does not grow between report 100 and report 400, and shared pages are returned", async () => {
    let host!: NodeHost;
    const sizes: number[] = [];
    const s: RawScenario = {
      name: "many-raw", description: "many RAW requests", interface: "raw",
      tds: [{ handle: "0x1", uuid: ["1", "2", "3", "4"] }, { handle: "0x2", uuid: ["5", "6", "7", "8"], bound: false }],
      steps: steps(400),
    };
    let waitPages = 0;
    const result = await runRawScenario(s, async (sim) => {
      host = new NodeHost({ wasmPath: join(root, "build", "migtd-core-raw.wasm"), sim, config: bootWithEnrollment(sim) });
      sim.vmm.onChange = () => {
        const n = sim.vmm.reports.length;
        if (n === 100 || n === 400) sizes.push(host.memory().buffer.byteLength);
      };
      return host;
    }, 20_000);
    expect(result.steps.filter((r) => !r.ok)).toEqual([]);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes[sizes.length - 1]).toBe(sizes[0]);
    waitPages = Number(/WaitForRequest buffer of (\d+) pages/.exec(host.logs.join("\n"))?.[1] ?? -1);
    expect(waitPages).toBeGreaterThan(0);
    // At rest only the outstanding WaitForRequest buffer is shared.
    expect(host.pool.inUse).toBeLessThanOrEqual(waitPages);
  }, 180_000);
});
