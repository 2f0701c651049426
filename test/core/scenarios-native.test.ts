import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../scripts/sim/scenario.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { NativeHost } from "../../scripts/host/native-host.ts";
import { allScenarios, root } from "../helpers/scenarios.ts";

const release = join(root, "build", "migtd-linux");
const debug = join(root, "build", "migtd-linux-debug");

describe("VMM scenarios on the native runtime (wasm2c)", () => {
  it("the native runtime binaries are built (make native)", () => {
    expect(existsSync(release), `${release} missing: run 'make native'`).toBe(true);
    expect(existsSync(debug), `${debug} missing: run 'make native'`).toBe(true);
  });
  for (const s of allScenarios()) {
    it(`${s.name}: ${s.description.slice(0, 80)}`, async () => {
      const result = await runScenario(s, async (sim) => new NativeHost({ binary: s.debugCore ? debug : release, sim, config: bootWithEnrollment(sim) }));
      const failed = result.steps.filter((r) => !r.ok);
      expect(failed, `${JSON.stringify(failed, null, 1)}\n--- runtime log ---\n${result.logs.slice(-60).join("\n")}`).toEqual([]);
    });
  }
});
