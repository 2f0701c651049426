// The RAW-interface scenarios (test/scenarios/raw/*.json, docs/scenarios.md "RAW requests") on the
// Node host and the native runtime, each against the core built for vmcall-raw.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRawScenario, RawScenario, asRawScenario, interfaceIndependent } from "../../scripts/sim/raw-scenario.ts";
import { loadScenario } from "../../scripts/sim/scenario.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { NativeHost } from "../../scripts/host/native-host.ts";
import { allScenarios, root, scenarioDir } from "../helpers/scenarios.ts";

const rawDir = join(scenarioDir, "raw");
// The RAW scenarios, then the Service scenario files that do not depend on the interface
// (interfaceIndependent: e.g. vmm-versions, vmm-trap-recovery), run unchanged over RAW.
const scenarios = readdirSync(rawDir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => loadScenario(join(rawDir, f)) as unknown as RawScenario)
  .concat(allScenarios().filter(interfaceIndependent).map(asRawScenario));
const wasm = join(root, "build", "migtd-core-raw.wasm");
const debugWasm = join(root, "build", "migtd-core-raw.debug.wasm");
const binary = join(root, "build", "migtd-linux-raw");

describe.each(["node", "native"] as const)("RAW VMM scenarios (%s host)", (host) => {
  it("the RAW build exists (make core native)", () => {
    expect(existsSync(host === "node" ? wasm : binary)).toBe(true);
  });
  // The debug core (debug_arm_trap) is built for Node only (build/migtd-core-raw.debug.wasm).
  for (const s of scenarios.filter((x) => host === "node" || !x.debugCore)) {
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      expect(s.interface).toBe("raw");
      const result = await runRawScenario(s, async (sim) => host === "node"
        ? new NodeHost({ wasmPath: s.debugCore ? debugWasm : wasm, sim, config: bootWithEnrollment(sim) })
        : new NativeHost({ binary, sim, config: bootWithEnrollment(sim) }));
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- core log ---\n${result.logs.slice(-80).join("\n")}`).toEqual([]);
      expect(result.steps.length).toBe(s.steps.length);
    }, 60_000);
  }
});
