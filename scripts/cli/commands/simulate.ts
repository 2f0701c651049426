// `migtd simulate`: two MigTDs on the embedded simulator doing full pre-migrations (the default,
// and `make demo`), or the single-MigTD VMM scenarios (--scenarios), with a readable timeline.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ok, rejected, UsageError, type Command, type Io, type Outcome } from "../command.ts";
import { packageRoot } from "../version.ts";
import { loadScenario, runScenario, Scenario } from "../../sim/scenario.ts";
import { NodeHost } from "../../host/node-host.ts";
import { NativeHost } from "../../host/native-host.ts";
import type { MigtdHost } from "../../host/host.ts";
import type { Simulator } from "../../sim/simulator.ts";
import { runPreMigration } from "../../sim/pair.ts";
import { bootWithEnrollment } from "../../sim/enrollment.ts";
import { simPolicyV2, v2PairOptions } from "../../sim/policy-v2-world.ts";
import { runRebinding } from "../../sim/rebind-pair.ts";
import { artefacts } from "../../host/artefacts.ts";
import { sharedCore } from "../../host/library.ts";
import { formatLogEntry } from "../../sim/raw-log-area.ts";
import { runRawScenario, RawScenario } from "../../sim/raw-scenario.ts";

const root = packageRoot;
const usage = `usage: migtd simulate [--host native|node|qemu] [--interface service|raw] [--sessions N] [--transport vsock|serial] [--quote-busy N]
                       [--policy v1|v2] [--json]
       migtd simulate --rebind [--host native|node|qemu] [--json]
       migtd simulate --scenarios [--host native|node] [--interface service|raw] [--scenario <file.json>]... [--verbose] [--json]

Without --scenarios: starts the simulator (two TDX modules, two VMMs, a quote service, the
transport relay) and two MigTDs, binds N user TDs on each side, runs N pre-migrations at once and
prints the timeline: request, attestation, policy verdict, key exchange, status. Checks that each
user TD's MIG_DEC_KEY now equals its peer's MIG_ENC_KEY.

  --host native   the core on the Linux runtime, build/migtd-linux (default; 'make native')
  --host node     the same core, build/migtd-core.wasm, in this Node process
  --host qemu      the firmware image (build/fw parts from 'make image') in two QEMU guests
                  (TCG), TDCALL/VMCALLs over COM2, the stream over virtio-serial; 1 session
                  native and qemu run the wasm2c build; MIGTD_ENGINE=wasm3 picks build/wasm3/
                  ('make native image ENGINE=wasm3 WASM3_SRC=<wasm3 source/>')
  --interface I   the host interface both MigTDs speak: service (TDG.VP.VMCALL<Service> + a
                  stream transport; default) or raw (GHCI 1.5 MigTD leaf, vmcall-raw: requests and
                  the stream over one VMCALL; runs the RAW builds, prints the log areas the VMM
                  reads; with --host qemu: build/fw/payload-raw.elf, no virtio-serial, up to 12
                  sessions; docs/host-interfaces.md)
  --sessions N    concurrent pre-migrations, 1..12 (default 1)
  --transport T   vsock (native/node hosts) or serial (virtio-serial: the qemu host); default:
                  what the host uses
  --quote-busy N  each side's quote service answers "busy" N times to every quote request
                  before serving it (the MigTD backs off and retries; default 0)
  --scenarios     run the single-MigTD VMM scenarios instead (test/scenarios/*.json,
                  docs/scenarios.md); --scenario F picks files, --verbose shows the core's log
  --policy V      v1 (default: config/policy.json and the TEST root CA) or v2 (a signed policy
                  with the simulated platform's collateral and the simulated MigTD in its TCB
                  mapping, signed by the TEST policy PKI whose chain is enrolled; docs/policy.md);
                  on every host and interface (qemu: V2 images, the chain in the config volume)
  --rebind        a V2 rebinding instead (migtd.md §2.9): two MigTDs on one simulated platform,
                  policy v2 over vmcall-raw, the user TD's binding handed from the old MigTD to the
                  new one (StartRebinding); then the simulated host checks the module would
                  complete it (approval token = accept token, REBIND_ATTR, SERVTD_EXT hash);
                  with --host qemu: two RAW V2 firmware guests sharing one simulated platform
  --json          machine-readable results
exit status: 0 all succeeded, 1 something failed, 2 usage error`;

export const command: Command = {
  name: "simulate",
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: "string", default: "native" },
        scenario: { type: "string", multiple: true },
        scenarios: { type: "boolean", default: false },
        sessions: { type: "string", default: "1" },
        "quote-busy": { type: "string", default: "0" },
        policy: { type: "string", default: "v1" },
        transport: { type: "string" },
        interface: { type: "string", default: "service" },
        demo: { type: "boolean", default: false },
        rebind: { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
      },
      strict: true,
    });
    const hostName = values.host!;
    if (hostName !== "native" && hostName !== "node" && hostName !== "qemu") throw new UsageError(`unknown host '${hostName}'`);
    if (values.rebind) {
      if (values.scenarios || values.scenario) throw new UsageError("--rebind and --scenarios are separate runs");
      const need = hostName === "node" ? [join(root, "build", "migtd-core-raw.wasm"), "core"]
        : hostName === "qemu" ? [join(artefacts().fwDir, "payload-raw.elf"), "firmware-parts"]
        : [join(artefacts().dir, "migtd-linux-raw"), "native"];
      if (!existsSync(need[0])) throw new UsageError(`${need[0]} is missing: run 'make ${need[1]}'`);
      return rebindDemo(hostName, io);
    }
    if (!values.scenarios && !values.scenario) {
      const transport = values.transport ?? (hostName === "qemu" ? "serial" : "vsock");
      if (hostName === "qemu" && transport !== "serial" && values.interface !== "raw") throw new UsageError("the qemu host carries the stream over virtio-serial (--transport serial)");
      if (hostName !== "qemu" && transport !== "vsock") throw new UsageError(`the ${hostName} host has vsock only; virtio-serial needs --host qemu`);
      const sessions = Number(values.sessions);
      if (!Number.isInteger(sessions) || sessions < 1 || sessions > 12) throw new UsageError("--sessions must be 1..12");
      if (hostName === "qemu" && sessions !== 1 && values.interface !== "raw") throw new UsageError("the qemu host runs one session (virtio-serial port 1 is a single stream)");
      const iface = values.interface!;
      if (iface !== "service" && iface !== "raw") throw new UsageError(`unknown interface '${iface}' (service or raw)`);
      if (values.policy !== "v1" && values.policy !== "v2") throw new UsageError("--policy is v1 or v2");
      const art = artefacts();
      const need = iface === "raw"
        ? { native: [join(art.dir, "migtd-linux-raw"), "native"], node: [join(root, "build", "migtd-core-raw.wasm"), "core"], qemu: [join(art.fwDir, "payload-raw.elf"), "image INTERFACE=raw"] }[hostName]
        : { native: [art.linux, "native"], node: [join(root, "build", "migtd-core.wasm"), "core"], qemu: [join(art.fwDir, "payload.elf"), "image"] }[hostName];
      if (!existsSync(need[0])) throw new UsageError(`${need[0]} is missing: run 'make ${need[1]}${hostName === "node" || !art.make ? "" : ` ${art.make}`}'`);
      const quoteBusy = Number(values["quote-busy"]);
      if (!Number.isInteger(quoteBusy) || quoteBusy < 0 || quoteBusy > 100) throw new UsageError("--quote-busy must be 0..100");
      return demo(hostName, sessions, quoteBusy, io, iface, values.policy === "v2");
    }
    if (values.policy !== "v1") throw new UsageError("--policy applies to the two-MigTD run, not to --scenarios");
    if (values.interface === "raw") {
      if (hostName === "qemu") throw new UsageError("--scenarios runs on the native or node host");
      return rawScenarios(hostName, values.scenario, values.verbose!, io);
    }
    if (hostName === "qemu") throw new UsageError("--scenarios runs on the native or node host (the QEMU scenario suite is test/core/scenarios-qemu.test.ts)");
    const dir = join(root, "test", "scenarios");
    let files = values.scenario ?? readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
    const scenarios: Scenario[] = files.map((f) => {
      if (!existsSync(f)) throw new UsageError(`no such scenario file: ${f}`);
      return loadScenario(f);
    });
    const makeHost = (s: Scenario) => async (sim: Simulator): Promise<MigtdHost> => {
      if (hostName === "node") {
        const wasm = join(root, "build", s.debugCore ? "migtd-core.debug.wasm" : "migtd-core.wasm");
        if (!existsSync(wasm)) throw new UsageError(`${wasm} is missing: run 'make core'`);
        return new NodeHost({ wasmPath: wasm, sim, config: bootWithEnrollment(sim) });
      }
      const bin = s.debugCore ? artefacts().linuxDebug : artefacts().linux;
      if (!existsSync(bin)) throw new UsageError(`${bin} is missing: run 'make native'`);
      return new NativeHost({ binary: bin, sim, config: bootWithEnrollment(sim) });
    };
    let allOk = true;
    const out = [];
    for (const s of scenarios) {
      const r = await runScenario(s, makeHost(s));
      allOk &&= r.ok;
      out.push(r);
      io.out(`\n${r.ok ? "PASS" : "FAIL"}  ${s.name} (${hostName})  ${s.description}`);
      for (const step of r.steps) io.out(`  ${step.ok ? "ok  " : "FAIL"}  ${step.name}${step.ok ? "" : `: ${step.detail}`}`);
      if (values.verbose || !r.ok) io.out("  --- MigTD log ---", ...r.logs.map((l) => `  | ${l}`));
    }
    const passed = out.filter((r) => r.ok).length;
    io.out(`\n${passed} passed, ${out.length - passed} failed`);
    const result = out.map((r) => ({ name: r.name, ok: r.ok, steps: r.steps, traps: r.traps }));
    return allOk ? ok(result) : rejected(result, "ScenarioFailed", `${out.length - passed} scenario(s) failed`);
  },
};

// The RAW-interface scenarios (test/scenarios/raw, docs/scenarios.md "RAW requests") against the
// RAW build of the core.
async function rawScenarios(host: "native" | "node", files: string[] | undefined, verbose: boolean, io: Io): Promise<Outcome> {
  const dir = join(root, "test", "scenarios", "raw");
  const paths = files ?? readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
  const bin = host === "node" ? join(root, "build", "migtd-core-raw.wasm") : join(artefacts().dir, "migtd-linux-raw");
  if (!existsSync(bin)) throw new UsageError(`${bin} is missing: run 'make core native'`);
  const out = [];
  for (const f of paths) {
    if (!existsSync(f)) throw new UsageError(`no such scenario file: ${f}`);
    const s = loadScenario(f) as unknown as RawScenario;
    if (s.debugCore && host !== "node") {
      io.out(`\nSKIP  ${s.name}: needs the RAW debug core, built for --host node only`);
      continue;
    }
    const wasm = s.debugCore ? join(root, "build", "migtd-core-raw.debug.wasm") : bin;
    const r = await runRawScenario(s, async (sim) => host === "node"
      ? new NodeHost({ wasmPath: wasm, sim, config: bootWithEnrollment(sim) })
      : new NativeHost({ binary: bin, sim, config: bootWithEnrollment(sim) }));
    out.push(r);
    io.out(`\n${r.ok ? "PASS" : "FAIL"}  ${s.name} (${host}, vmcall-raw)  ${s.description}`);
    for (const step of r.steps) io.out(`  ${step.ok ? "ok  " : "FAIL"}  ${step.name}${step.ok ? "" : `: ${step.detail}`}`);
    if (verbose || !r.ok) io.out(...r.logs.map((l) => `  | ${l}`));
  }
  const passed = out.filter((r) => r.ok).length;
  io.out(`\n${passed} passed, ${out.length - passed} failed`);
  const result = out.map((r) => ({ name: r.name, ok: r.ok, steps: r.steps }));
  return passed === out.length ? ok(result) : rejected(result, "ScenarioFailed", `${out.length - passed} scenario(s) failed`);
}

// Result-code names as the core spells them (assembly/result/codes.ts), not a second table.
const resultName = (code: number) => sharedCore().callString("api_result_name", code);

// The two-MigTD pre-migration with its merged timeline.
async function demo(host: "native" | "node" | "qemu", sessions: number, quoteBusy: number, io: Io, iface: "service" | "raw" = "service", v2 = false): Promise<Outcome> {
  const raw = iface === "raw";
  const r = await runPreMigration({ host, sessions, quoteBusy, timeoutMs: 90_000, iface, logArea: raw ? 3 : undefined, ...(v2 ? v2PairOptions(simPolicyV2()) : {}) });
  const result = { ok: r.ok, elapsedMs: r.elapsedMs, sessions: r.sessions };
  const outcome = r.ok ? ok(result) : rejected(result, "PreMigrationFailed", "a pre-migration did not complete");
  if (io.json) return outcome;
  io.out(`Two MigTDs (${host} host, ${raw ? "vmcall-raw" : "Service"} interface, policy ${v2 ? "v2" : "v1"}) on the simulator: ${sessions} pre-migration${sessions > 1 ? "s" : ""}\n`);
  const stamp = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s+(\w+)\s+(.*)$/;
  const rows = r.logs.map((l, i) => {
    const m = stamp.exec(l.line);
    return { t: m ? m[1] : "", i, side: l.side, text: m ? `${m[2].padEnd(5)} ${m[3]}` : l.line };
  }).filter((x) => !/DEBUG|runtime: migtd-linux/.test(x.text));
  if (rows.every((x) => x.t)) rows.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
  for (const x of rows) io.out(`${x.t ? x.t.slice(11) + "  " : ""}${x.side.padEnd(11)}  ${x.text}`);
  io.out("");
  if (r.logArea) {
    io.out("Log areas as the VMMs read them (level, request id):", ...r.logArea.map(({ side, entry }) => `${side.padEnd(11)}  ${formatLogEntry(entry)}`), "");
  }
  for (const s of r.sessions) {
    const name = (c?: number) => (c === undefined ? "no report" : `${c} ${resultName(c)}`);
    io.out(`request ${s.requestId}: source ${name(s.sourceStatus)}, destination ${name(s.destinationStatus)}; ` +
      (s.keysMatch ? `keys cross-checked (each MIG_DEC_KEY = the peer's MIG_ENC_KEY), migration version ${s.version}` : "keys NOT exchanged"));
  }
  io.out(`\n${r.ok ? "PASS" : "FAIL"}: ${r.sessions.filter((s) => s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch).length}/${sessions} pre-migrations in ${r.elapsedMs} ms`);
  return outcome;
}

// The V2 rebinding between two MigTDs on one platform, with its merged timeline.
async function rebindDemo(host: "native" | "node" | "qemu", io: Io): Promise<Outcome> {
  const r = await runRebinding({ host, timeoutMs: 60_000 });
  const round = r.rounds[0];
  const done = round.oldStatus === 0 && round.newStatus === 0 && round.rebind.ok;
  const result = { ok: done, oldStatus: round.oldStatus, newStatus: round.newStatus, rebind: round.rebind };
  const outcome = done ? ok(result) : rejected(result, "RebindingFailed", round.rebind.reason);
  if (io.json) return outcome;
  io.out(`Two MigTDs (${host} host, vmcall-raw, policy v2) on one simulated platform: a rebinding\n`);
  for (const l of r.logs) if (!/DEBUG|runtime: migtd-linux/.test(l.line)) io.out(`${l.side.padEnd(4)}  ${l.line}`);
  const name = (c?: number) => (c === undefined ? "no report" : `${c} ${resultName(c)}`);
  io.out("", `old MigTD ${name(round.oldStatus)}, new MigTD ${name(round.newStatus)}; the TDX module ${round.rebind.ok ? "completes the rebinding" : "refuses the rebinding: " + round.rebind.reason}`);
  io.out(`\n${done ? "PASS" : "FAIL"}`);
  return outcome;
}
