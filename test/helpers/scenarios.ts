// Scenario files and the hosts they run on, shared by the Node and native suites.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadScenario, Scenario } from "../../scripts/sim/scenario.ts";

export const root = resolve(import.meta.dirname, "..", "..");
export const scenarioDir = join(root, "test", "scenarios");
export const coreWasm = join(root, "build", "migtd-core.wasm");
export const debugWasm = join(root, "build", "migtd-core.debug.wasm");

export function allScenarios(): Scenario[] {
  return readdirSync(scenarioDir).filter((f) => f.endsWith(".json")).sort().map((f) => loadScenario(join(scenarioDir, f)));
}
