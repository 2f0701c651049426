// The engine a test run is about (MIGTD_ENGINE, default wasm2c) and its artefacts, from the one
// place that knows where each engine's build puts them (scripts/host/artefacts.ts). Suites that
// run the native runtime or the firmware use `engineSuite`: with MIGTD_ENGINE=wasm3 and no wasm3
// build (no WASM3_SRC given to make), they are skipped and say so once on stderr.
import { describe } from "vitest";
import { artefacts, missingArtefacts, selectedEngine } from "../../scripts/host/artefacts.ts";

export const ENGINE = selectedEngine();
export const ART = artefacts(ENGINE);

const said = new Set<string>();
export function engineSuite(what: "native" | "firmware", name: string, fn: () => void): void {
  const why = missingArtefacts(what, ART);
  if (why && !said.has(why)) {
    said.add(why);
    process.stderr.write(`${why}\n`);
  }
  (why ? describe.skip : describe)(`${name} [${ENGINE}]`, fn);
}
