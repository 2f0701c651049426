// `migtd simulate`: runs VMM scenarios against a MigTD core on the embedded simulator and prints
// a readable timeline. Today this covers the VMM service protocol and the local pre-migration
// steps; the secure session between two MigTDs is not part of this build yet.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Command, EXIT_OK, EXIT_REJECTED, UsageError } from "../command.ts";
import { loadScenario, runScenario, Scenario } from "../../sim/scenario.ts";
import { NodeHost } from "../../host/node-host.ts";
import { NativeHost } from "../../host/native-host.ts";
import type { MigtdHost } from "../../host/host.ts";
import type { Simulator } from "../../sim/simulator.ts";

const root = resolve(import.meta.dirname, "..", "..", "..");
const usage = `usage: migtd simulate [--host native|node] [--scenario <file.json>]... [--demo] [--verbose] [--json]

Runs VMM scenarios (test/scenarios/*.json, format in docs/scenarios.md) against the MigTD core on
the embedded simulator (TDX module + VMM) and prints what the VMM observed.

  --host native   the wasm2c-compiled core, build/migtd-linux (default; 'make native' builds it)
  --host node     the same core, build/migtd-core.wasm, in this Node process
  --scenario F    run scenario file F (repeatable); default: every file in test/scenarios/
  --demo          the demo: the basic scenario with the core's log shown
  --verbose       show the core's log for every scenario
  --json          machine-readable results
exit status: 0 all scenarios passed, 1 some step failed, 2 usage error`;

export const command: Command = {
  name: "simulate",
  summary: "run VMM scenarios against the core on the embedded simulator",
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: "string", default: "native" },
        scenario: { type: "string", multiple: true },
        demo: { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
      strict: true,
    });
    const hostName = values.host!;
    if (hostName !== "native" && hostName !== "node") throw new UsageError(`unknown host '${hostName}'`);
    const dir = join(root, "test", "scenarios");
    let files = values.scenario ?? readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
    if (values.demo) files = [join(dir, "vmm-basic.json")];
    const scenarios: Scenario[] = files.map((f) => {
      if (!existsSync(f)) throw new UsageError(`no such scenario file: ${f}`);
      return loadScenario(f);
    });
    const makeHost = (s: Scenario) => async (sim: Simulator): Promise<MigtdHost> => {
      if (hostName === "node") {
        const wasm = join(root, "build", s.debugCore ? "migtd-core.debug.wasm" : "migtd-core.wasm");
        if (!existsSync(wasm)) throw new UsageError(`${wasm} is missing: run 'make core'`);
        return new NodeHost({ wasmPath: wasm, sim });
      }
      const bin = join(root, "build", s.debugCore ? "migtd-linux-debug" : "migtd-linux");
      if (!existsSync(bin)) throw new UsageError(`${bin} is missing: run 'make native'`);
      return new NativeHost({ binary: bin, sim });
    };
    let allOk = true;
    const out = [];
    for (const s of scenarios) {
      const r = await runScenario(s, makeHost(s));
      allOk &&= r.ok;
      out.push(r);
      if (values.json) continue;
      console.log(`\n${r.ok ? "PASS" : "FAIL"}  ${s.name} (${hostName})  ${s.description}`);
      for (const step of r.steps) console.log(`  ${step.ok ? "ok  " : "FAIL"}  ${step.name}${step.ok ? "" : `: ${step.detail}`}`);
      if (values.verbose || values.demo || !r.ok) {
        console.log("  --- MigTD log ---");
        for (const l of r.logs) console.log(`  | ${l}`);
      }
    }
    if (values.json) console.log(JSON.stringify(out.map((r) => ({ name: r.name, ok: r.ok, steps: r.steps, traps: r.traps })), null, 2));
    else {
      const passed = out.filter((r) => r.ok).length;
      console.log(`\n${passed} passed, ${out.length - passed} failed`);
      if (values.demo) {
        console.log("\nThis build serves the VMM protocol and the local pre-migration checks. The RA-TLS session\n" +
          "between two MigTDs and the key exchange are not implemented yet, so every accepted request ends\n" +
          "with UnsupportedOperationError (12) and no migration key is ever written.");
      }
    }
    return allOk ? EXIT_OK : EXIT_REJECTED;
  },
};
