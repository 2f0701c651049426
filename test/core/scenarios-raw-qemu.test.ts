// The RAW scenarios (test/scenarios/raw) on the RAW firmware in QEMU: the same files as on Node
// and native (scenarios-raw.test.ts), the MigTD leaf VMCALLs over COM2.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runRawScenario, RawScenario, asRawScenario, interfaceIndependent } from "../../scripts/sim/raw-scenario.ts";
import { loadScenario } from "../../scripts/sim/scenario.ts";
import { qemuScenarioHost } from "../../scripts/host/qemu-host.ts";
import { allScenarios, scenarioDir } from "../helpers/scenarios.ts";

const dir = mkdtempSync(join(tmpdir(), "migtd-qemu-raw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rawDir = join(scenarioDir, "raw");
const scenarios = readdirSync(rawDir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => loadScenario(join(rawDir, f)) as unknown as RawScenario)
  .concat(allScenarios().filter(interfaceIndependent).map(asRawScenario));

describe("RAW VMM scenarios on the RAW firmware in QEMU (TCG, simulator on COM2)", () => {
  for (const s of scenarios.filter((x) => !x.debugCore)) { // no RAW debug payload is built
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      const result = await runRawScenario(s, async (sim) => qemuScenarioHost(sim, dir, false, true), 20_000);
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- guest log ---\n${result.logs.slice(-60).join("\n")}`).toEqual([]);
    }, 240_000);
  }
});
