import { describe, expect, it } from "vitest";
import { runScenario } from "../../scripts/sim/scenario.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { allScenarios, coreWasm, debugWasm } from "../helpers/scenarios.ts";

describe("VMM scenarios on the Node host (V8)", () => {
  for (const s of allScenarios()) {
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      const result = await runScenario(s, async (sim) => new NodeHost({ wasmPath: s.debugCore ? debugWasm : coreWasm, sim, config: bootWithEnrollment(sim) }));
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- core log ---\n${result.logs.join("\n")}`).toEqual([]);
      expect(result.steps.length).toBeGreaterThan(0);
    });
  }
});
