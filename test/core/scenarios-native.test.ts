import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { runScenario } from "../../scripts/sim/scenario.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { NativeHost } from "../../scripts/host/native-host.ts";
import { allScenarios } from "../helpers/scenarios.ts";
import { ART, engineSuite } from "../helpers/artefacts.ts";

const release = ART.linux;
const debug = ART.linuxDebug;

engineSuite("native", "VMM scenarios on the native runtime", () => {
  it("the native runtime binaries are built (make native)", () => {
    expect(existsSync(release), `${release} missing: run 'make native ${ART.make}'`).toBe(true);
    expect(existsSync(debug), `${debug} missing: run 'make native ${ART.make}'`).toBe(true);
  });
  for (const s of allScenarios()) {
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      const result = await runScenario(s, async (sim) => new NativeHost({ binary: s.debugCore ? debug : release, sim, config: bootWithEnrollment(sim) }));
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- runtime log ---\n${result.logs.slice(-60).join("\n")}`).toEqual([]);
    });
  }
});
