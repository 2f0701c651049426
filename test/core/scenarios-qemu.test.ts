// The VMM scenarios in QEMU: the firmware image (build/fw parts, `make firmware-parts`) boots
// under software emulation and its TDCALL/VMCALLs reach the simulator over COM2
// (docs/sim-protocol.md), so the same scenario files pass there as on Node and native.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runScenario } from "../../scripts/sim/scenario.ts";
import { qemuScenarioHost } from "../../scripts/host/qemu-host.ts";
import { allScenarios } from "../helpers/scenarios.ts";
import { engineSuite } from "../helpers/artefacts.ts";

const dir = mkdtempSync(join(tmpdir(), "migtd-qemu-scenarios-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

engineSuite("firmware", "VMM scenarios on the firmware in QEMU (TCG, simulator on COM2)", () => {
  for (const s of allScenarios()) {
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      const result = await runScenario(s, async (sim) => qemuScenarioHost(sim, dir, s.debugCore ?? false), 45_000);
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- guest log ---\n${result.logs.slice(-60).join("\n")}`).toEqual([]);
    }, 180_000);
  }
});
