// Two MigTDs on one machine doing real pre-migrations: each with its own simulated TDX module,
// VMM and quote service (one test PCK chain), firmware measurements of the same enrolled policy
// and root CA, user TDs bound on both sides, and the VMM's transport relay between them. The
// source's requests and the destination's requests name the same port, as a deployment's socat
// pairs them. Hosts: Node (V8), native (the Linux runtime) or qemu (the firmware under QEMU); native
// and qemu use the build of the engine MIGTD_ENGINE selects (scripts/host/artefacts.ts).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Simulator } from "./simulator.ts";
import { QuoteService } from "./quote-service.ts";
import { testRootDer } from "./pck-chain.ts";
import { simulateFirmwareBoot } from "./firmware-boot.ts";
import { Relay, Tamper } from "./relay.ts";
import { startMigrationResponse } from "./requests.ts";
import { RawRelay, RawVmm } from "./raw-vmm.ts";
import { RAW, enableLogAreaPayload, rawMigrationInformation } from "./raw-wire.ts";
import type { LogEntry } from "./raw-log-area.ts";
import { BoundTd } from "./tdx-module.ts";
import { NodeHost } from "../host/node-host.ts";
import { NativeHost } from "../host/native-host.ts";
import { artefacts, type EngineName } from "../host/artefacts.ts";
import { QemuHost, qemuPairSide } from "../host/qemu-host.ts";
import type { MigtdHost } from "../host/host.ts";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
const VSOCK_CID = 2n;
const FIRST_PORT = 5001;

export interface SideSetup {
  sim: Simulator;
  raw?: RawVmm; // the RAW interface's VMM side (iface "raw")
  eventLog: Uint8Array;
  tds: BoundTd[];
}

export interface PairOptions {
  host: "node" | "native" | "qemu"; // qemu: the firmware (build/fw parts), one session
  // Whose build the native and qemu hosts run (scripts/host/artefacts.ts); default MIGTD_ENGINE.
  engine?: EngineName;
  // The host interface both MigTDs speak: the Service VMCALL + vsock (default) or the GHCI 1.5
  // MigTD leaf, vmcall-raw (docs/host-interfaces.md); "raw" runs the RAW builds of the core.
  iface?: "service" | "raw";
  // RAW: enable each MigTD's log area at this level (1..5) before the pre-migrations; the VMM
  // reads the entries back (PairResult.logArea).
  logArea?: number;
  sessions?: number; // concurrent pre-migrations (default 1)
  // Rounds of `sessions` pre-migrations served by the same two MigTDs, each round once the previous
  // one has reported (default 1); afterRound runs after each.
  rounds?: number;
  afterRound?: (round: number, source: MigtdHost, destination: MigtdHost) => void;
  // Changes the world before every round after the first (e.g. clears an injected fault), so a
  // test can check the MigTD still serves requests after a failure.
  betweenRounds?: (source: SideSetup, destination: SideSetup) => void;
  policy?: Uint8Array; // default config/policy.json, for both sides
  peerPolicy?: Uint8Array; // the destination's policy when it differs
  rootCa?: Uint8Array; // default: the simulator's test root
  peerRootCa?: Uint8Array; // the root CA enrolled in the destination when it differs
  tamper?: Tamper[];
  timeoutMs?: number;
  quoteBusy?: number; // each side's quote service answers busy this many times per quote request
  clockOffsetMs?: number; // node host: the core's monotonic clock starts this far past 0
  // Changes to one side's world after it is set up (e.g. another MRTD, other versions).
  adjust?: (source: SideSetup, destination: SideSetup) => void;
  // Policy v2: StartMigration carries this init TDINFO (has_init_data = 1, §1.5) on each side.
  initTdInfo?: (side: SideSetup) => Uint8Array;
  echo?: boolean;
  qemuBootDebug?: number[]; // qemu host: DEBUG commands each firmware gets at boot (QemuHostOptions.bootDebug)
  // Called once every report is in, before the hosts stop (e.g. to inspect a core's memory).
  beforeStop?: (source: MigtdHost, destination: MigtdHost) => void | Promise<void>;
}

export interface SessionOutcome {
  requestId: bigint;
  sourceStatus?: number;
  destinationStatus?: number;
  keysMatch: boolean; // each side's MIG_DEC_KEY = the other side's MIG_ENC_KEY
  anyKeyWritten: boolean;
  version: bigint;
}

export interface PairResult {
  sessions: SessionOutcome[];
  logs: { side: "source" | "destination"; line: string }[];
  elapsedMs: number; // from the first request to the last report
  cpuMs?: number; // native host: CPU time of both runtime processes, boot included
  workCpuMs?: number; // the same without what each process used before its first request
  quoteRequests: number; // GetQuote requests both VMMs received (retries included)
  ok: boolean; // every session succeeded on both sides with matching keys
  logArea?: { side: "source" | "destination"; entry: LogEntry }[]; // RAW log-area entries read by the VMMs
}

function setupSide(policy: Uint8Array, rootCa: Uint8Array, sessions: number): SideSetup {
  const sim = new Simulator();
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  const eventLog = simulateFirmwareBoot(sim.tdx, policy, rootCa);
  const tds: BoundTd[] = [];
  for (let i = 0; i < sessions; i++) {
    tds.push(sim.tdx.bind({ handle: BigInt(0x100 + i), uuid: [0, 1, 2, 3].map(() => randomBytes(8).readBigUInt64LE()) }));
  }
  return { sim, eventLog, tds };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The RAW build of the native runtime (mk/raw.mk), beside the engine's default one.
export function rawLinux(engine?: EngineName): string {
  return join(dirname(artefacts(engine).linux), "migtd-linux-raw");
}

export async function runPreMigration(opts: PairOptions): Promise<PairResult> {
  const sessions = opts.sessions ?? 1;
  const rounds = opts.rounds ?? 1;
  const total = sessions * rounds;
  const policy = opts.policy ?? readFileSync(join(repoRoot, "config", "policy.json"));
  const rootCa = opts.rootCa ?? testRootDer();
  const src = setupSide(policy, rootCa, total);
  const dst = setupSide(opts.peerPolicy ?? policy, opts.peerRootCa ?? rootCa, total);
  for (const side of [src, dst]) side.sim.vmm.quoteBusyPerRequest = opts.quoteBusy ?? 0;
  const raw = opts.iface === "raw";
  let rawRelay: RawRelay | null = null;
  if (raw) {
    for (const side of [src, dst]) side.sim.vmm.raw = side.raw = new RawVmm(side.sim.vmm);
    rawRelay = new RawRelay(src.raw!, dst.raw!);
    rawRelay.tamper = opts.tamper ?? [];
  }
  opts.adjust?.(src, dst);
  const relay = new Relay();
  relay.tamper = raw ? [] : opts.tamper ?? [];
  const wasmName = raw ? "migtd-core-raw.wasm" : "migtd-core.wasm";
  const logs: PairResult["logs"] = [];
  const dir = mkdtempSync(join(tmpdir(), "migtd-pair-"));
  const hosts: MigtdHost[] = [];
  let started = Date.now();
  let finished = 0;
  try {
    for (const [side, setup, name] of [["a", src, "source"], ["b", dst, "destination"]] as const) {
      let host: MigtdHost;
      const sidePolicy = name === "destination" && opts.peerPolicy ? opts.peerPolicy : policy;
      const sideRoot = name === "destination" && opts.peerRootCa ? opts.peerRootCa : rootCa;
      if (opts.host === "node") {
        host = new NodeHost({
          wasmPath: join(repoRoot, "build", wasmName), sim: setup.sim, vsock: relay.endpoint(side),
          config: { policy: sidePolicy, rootCa: sideRoot, eventLog: setup.eventLog }, clockOffsetMs: opts.clockOffsetMs,
        });
      } else if (opts.host === "qemu") {
        host = await qemuPairSide({ side, sim: setup.sim, policy: sidePolicy, rootCa: sideRoot, relay, dir, cid: VSOCK_CID, port: FIRST_PORT, sessions, echo: opts.echo, fwDir: artefacts(opts.engine).fwDir, iface: opts.iface, bootDebug: opts.qemuBootDebug });
      } else {
        const sideDir = join(dir, side);
        mkdirSync(sideDir, { recursive: true });
        for (let i = 0; i < sessions; i++) await relay.listenUnix(side, sideDir, VSOCK_CID, FIRST_PORT + i);
        host = new NativeHost({ binary: raw ? rawLinux(opts.engine) : artefacts(opts.engine).linux, sim: setup.sim, vsockDir: sideDir, config: { policy: sidePolicy, rootCa: sideRoot, eventLog: setup.eventLog } });
      }
      hosts.push(host);
      await host.start();
    }
    const logAreaId = 0x4c4f47n; // "LOG"
    if (raw && opts.logArea !== undefined) {
      for (const setup of [src, dst]) {
        setup.raw!.expectLogArea.add(logAreaId);
        setup.raw!.enqueue({ op: RAW.OP.ENABLE_LOG_AREA, payload: enableLogAreaPayload(logAreaId, opts.logArea) });
      }
    }
    const extra = raw && opts.logArea !== undefined ? 1 : 0;
    started = Date.now();
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000) * rounds;
    // The VMMs read the log areas as they go, so wrapped-out lines are seen too: every 20 ms, or
    // every 2 s under QEMU, where each 4 KiB read crosses the emulated COM2 UART.
    const readEveryMs = opts.host === "qemu" ? 2000 : 20;
    let lastRead = Date.now();
    for (let round = 0; round < rounds; round++) {
      if (round > 0) opts.betweenRounds?.(src, dst);
      // QEMU on the Service interface: each migration's stream is a new relay connection to each
      // guest's virtio-serial chardev (qemuPairSide), closed once the round has reported.
      const streams: (() => Promise<void>)[] = [];
      if (opts.host === "qemu" && !raw) {
        for (const [i, side] of [[0, "a"], [1, "b"]] as const) {
          streams.push(await relay.connectUnix(side, (hosts[i] as QemuHost).serialPath!, FIRST_PORT));
        }
      }
      for (let i = 0; i < sessions; i++) {
        const n = round * sessions + i;
        for (const [setup, source] of [[src, true], [dst, false]] as const) {
          const td = setup.tds[n];
          if (raw) {
            setup.raw!.enqueue({ op: RAW.OP.START_MIGRATION, payload: rawMigrationInformation({ id: BigInt(n + 1), source, handle: td.handle, uuid: td.uuid, initTdInfo: opts.initTdInfo?.(setup) }) });
            continue;
          }
          setup.sim.vmm.enqueue(startMigrationResponse({
            id: BigInt(n + 1), source, handle: td.handle, uuid: td.uuid, cid: VSOCK_CID, port: FIRST_PORT + i, initTdInfo: opts.initTdInfo?.(setup),
          }));
        }
      }
      const done = () => [src, dst].every((s) => s.sim.vmm.reports.length >= (round + 1) * sessions + extra);
      while (!done() && Date.now() < deadline) {
        await sleep(1);
        if (raw && opts.logArea !== undefined && Date.now() - lastRead >= readEveryMs) {
          lastRead = Date.now();
          for (const s of [src, dst]) s.raw!.pollLogArea();
        }
      }
      for (const end of streams) await end();
      if (!done()) break;
      if (opts.afterRound && hosts.length == 2) opts.afterRound(round, hosts[0], hosts[1]);
    }
    finished = Date.now();
    if (raw && opts.logArea !== undefined) {
      for (const s of [src, dst]) s.raw!.pollLogArea();
      await sleep(opts.host === "qemu" ? 1500 : 50); // detached reads over a link complete asynchronously
    }
    if (opts.beforeStop && hosts.length == 2) await opts.beforeStop(hosts[0], hosts[1]);
  } finally {
    for (const h of hosts) await h.stop();
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
  hosts.forEach((h, i) => h.logs.forEach((line) => logs.push({ side: i === 0 ? "source" : "destination", line })));
  const outcomes: SessionOutcome[] = [];
  for (let i = 0; i < total; i++) {
    const id = BigInt(i + 1);
    const a = src.tds[i];
    const b = dst.tds[i];
    outcomes.push({
      requestId: id,
      sourceStatus: src.sim.vmm.reports.find((r) => r.requestId === id)?.status,
      destinationStatus: dst.sim.vmm.reports.find((r) => r.requestId === id)?.status,
      keysMatch: a.migDecKey.every((k, j) => k === b.migEncKey[j]) && b.migDecKey.every((k, j) => k === a.migEncKey[j]),
      anyKeyWritten: a.writes + b.writes > 0,
      version: a.migVersion,
    });
  }
  const ok = outcomes.every((o) => o.sourceStatus === 0 && o.destinationStatus === 0 && o.keysMatch);
  const cpu = hosts.map((h) => (h as { cpuMs?: number }).cpuMs);
  const cpuMs = cpu.every((c) => typeof c === "number") ? (cpu as number[]).reduce((a, b) => a + b, 0) : undefined;
  const boot = hosts.map((h) => (h as { bootCpuMs?: number }).bootCpuMs);
  const workCpuMs = cpuMs !== undefined && boot.every((c) => typeof c === "number") ? cpuMs - (boot as number[]).reduce((a, b) => a + b, 0) : undefined;
  const quoteRequests = src.sim.vmm.quoteRequests + dst.sim.vmm.quoteRequests;
  const logArea = raw && opts.logArea !== undefined
    ? [...src.raw!.logEntries.map((entry) => ({ side: "source" as const, entry })), ...dst.raw!.logEntries.map((entry) => ({ side: "destination" as const, entry }))]
    : undefined;
  return { sessions: outcomes, logs, elapsedMs: (finished || Date.now()) - started, cpuMs, workCpuMs, quoteRequests, ok, logArea };
}
