// Two MigTDs on one machine doing real pre-migrations: each with its own simulated TDX module,
// VMM and quote service (one test PCK chain), firmware measurements of the same enrolled policy
// and root CA, user TDs bound on both sides, and the VMM's transport relay between them. The
// source's requests and the destination's requests name the same port, as a deployment's socat
// pairs them. Hosts: Node (V8), native (wasm2c) or qemu (the firmware image under QEMU).
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Simulator } from "./simulator.ts";
import { QuoteService } from "./quote-service.ts";
import { testRootDer } from "./pck-chain.ts";
import { simulateFirmwareBoot } from "./firmware-boot.ts";
import { Relay, Tamper } from "./relay.ts";
import { startMigrationResponse } from "./requests.ts";
import { BoundTd } from "./tdx-module.ts";
import { NodeHost } from "../host/node-host.ts";
import { NativeHost } from "../host/native-host.ts";
import { qemuPairSide } from "../host/qemu-host.ts";
import type { MigtdHost } from "../host/host.ts";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
const VSOCK_CID = 2n;
const FIRST_PORT = 5001;

export interface SideSetup {
  sim: Simulator;
  eventLog: Uint8Array;
  tds: BoundTd[];
}

export interface PairOptions {
  host: "node" | "native" | "qemu"; // qemu: the firmware (build/fw parts), one session
  sessions?: number; // concurrent pre-migrations (default 1)
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
  echo?: boolean;
  // Rounds of `sessions` requests, each started once the previous one is reported (default 1);
  // betweenRounds changes the world before the next (e.g. clears an injected fault), so a test
  // can check the MigTD still serves requests after a failure.
  rounds?: number;
  betweenRounds?: (source: SideSetup, destination: SideSetup) => void;
  // Called once every report is in, before the hosts stop (e.g. to inspect a core's memory).
  beforeStop?: (source: MigtdHost, destination: MigtdHost) => void;
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
  quoteRequests: number; // GetQuote requests both VMMs received (retries included)
  ok: boolean; // every session succeeded on both sides with matching keys
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

export async function runPreMigration(opts: PairOptions): Promise<PairResult> {
  const perRound = opts.sessions ?? 1;
  const rounds = opts.rounds ?? 1;
  const sessions = perRound * rounds;
  const policy = opts.policy ?? readFileSync(join(repoRoot, "config", "policy.json"));
  const rootCa = opts.rootCa ?? testRootDer();
  const src = setupSide(policy, rootCa, sessions);
  const dst = setupSide(opts.peerPolicy ?? policy, opts.peerRootCa ?? rootCa, sessions);
  for (const side of [src, dst]) side.sim.vmm.quoteBusyPerRequest = opts.quoteBusy ?? 0;
  opts.adjust?.(src, dst);
  const relay = new Relay();
  relay.tamper = opts.tamper ?? [];
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
          wasmPath: join(repoRoot, "build", "migtd-core.wasm"), sim: setup.sim, vsock: relay.endpoint(side),
          config: { policy: sidePolicy, rootCa: sideRoot, eventLog: setup.eventLog }, clockOffsetMs: opts.clockOffsetMs,
        });
      } else if (opts.host === "qemu") {
        host = await qemuPairSide({ side, sim: setup.sim, policy: sidePolicy, rootCa: sideRoot, relay, dir, cid: VSOCK_CID, port: FIRST_PORT, sessions, echo: opts.echo });
      } else {
        const sideDir = join(dir, side);
        mkdirSync(sideDir, { recursive: true });
        for (let i = 0; i < sessions; i++) await relay.listenUnix(side, sideDir, VSOCK_CID, FIRST_PORT + i);
        host = new NativeHost({ binary: join(repoRoot, "build", "migtd-linux"), sim: setup.sim, vsockDir: sideDir, config: { policy: sidePolicy, rootCa: sideRoot, eventLog: setup.eventLog } });
      }
      hosts.push(host);
      await host.start();
    }
    started = Date.now();
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000) * rounds;
    for (let round = 0; round < rounds; round++) {
      if (round > 0) opts.betweenRounds?.(src, dst);
      for (let i = round * perRound; i < (round + 1) * perRound; i++) {
        for (const [setup, source] of [[src, true], [dst, false]] as const) {
          const td = setup.tds[i];
          setup.sim.vmm.enqueue(startMigrationResponse({
            id: BigInt(i + 1), source, handle: td.handle, uuid: td.uuid, cid: VSOCK_CID, port: FIRST_PORT + i,
          }));
        }
      }
      const done = () => [src, dst].every((s) => s.sim.vmm.reports.length >= (round + 1) * perRound);
      while (!done() && Date.now() < deadline) await sleep(1);
    }
    finished = Date.now();
    if (opts.beforeStop && hosts.length == 2) opts.beforeStop(hosts[0], hosts[1]);
  } finally {
    for (const h of hosts) await h.stop();
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
  hosts.forEach((h, i) => h.logs.forEach((line) => logs.push({ side: i === 0 ? "source" : "destination", line })));
  const outcomes: SessionOutcome[] = [];
  for (let i = 0; i < sessions; i++) {
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
  const quoteRequests = src.sim.vmm.quoteRequests + dst.sim.vmm.quoteRequests;
  return { sessions: outcomes, logs, elapsedMs: (finished || Date.now()) - started, cpuMs, quoteRequests, ok };
}
