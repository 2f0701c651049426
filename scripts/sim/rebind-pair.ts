// A V2 rebinding between two MigTDs on one simulated platform (migtd.md §2.9): the user TD is
// bound to the old MigTD, whose TDX module keeps the binding's SERVTD_EXT; the new MigTD's module
// shares the platform (report key, approvals). Both speak vmcall-raw (StartRebinding, op 2),
// their RAW VMMs relay the stream, and afterwards the host tries the rebinding the way the TDX
// module completes it (completeRebind: approval token = accept token, REBIND_ATTR and the
// SERVTD_EXT hash), so a test sees whether the hand-over would really happen.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Simulator } from "./simulator.ts";
import { QuoteService } from "./quote-service.ts";
import { simulateFirmwareBoot } from "./firmware-boot.ts";
import { RawRelay, RawVmm } from "./raw-vmm.ts";
import { RAW, rawMigrationInformation } from "./raw-wire.ts";
import { BoundTd, completeRebind, servtdInfoHashOf } from "./tdx-module.ts";
import { simPolicyV2, type SimPolicyV2, type SimPolicyV2Options } from "./policy-v2-world.ts";
import { rawLinux, repoRoot } from "./pair.ts";
import type { Tamper } from "./relay.ts";
import { NodeHost } from "../host/node-host.ts";
import { NativeHost } from "../host/native-host.ts";
import type { MigtdHost } from "../host/host.ts";
import { qemuPairSide } from "../host/qemu-host.ts";
import { Relay } from "./relay.ts";

export interface RebindSide {
  sim: Simulator;
  raw: RawVmm;
  policy: SimPolicyV2;
  eventLog: Uint8Array;
}

export interface RebindOptions {
  // qemu: the RAW V2 firmware image of each side under QEMU (scripts/host/qemu-host.ts), its
  // TDCALLs and VMCALLs forwarded to that side's simulator, so both guests still share one platform.
  host?: "node" | "native" | "qemu";
  oldPolicy?: SimPolicyV2Options;
  newPolicy?: SimPolicyV2Options;
  otherPlatform?: boolean; // the new MigTD runs on another platform (its own report key)
  // Changes to the world once both MigTDs booted and the binding is set up, before the request.
  adjust?: (old: RebindSide, neu: RebindSide, td: BoundTd) => void;
  // The StartRebinding payloads carry this init TDINFO (has_init_data = 1).
  initTdInfo?: (old: RebindSide) => Uint8Array;
  tamper?: Tamper[];
  // Rebinding requests served one after the other by the same two MigTDs; betweenRounds runs
  // before each after the first (e.g. clears an injected fault).
  rounds?: number;
  betweenRounds?: (old: RebindSide, neu: RebindSide, td: BoundTd) => void;
  afterRound?: (round: number, old: MigtdHost, neu: MigtdHost) => void; // once both reported
  timeoutMs?: number;
}

export interface RebindRound {
  oldStatus?: number;
  newStatus?: number;
  oldText: string; // the ReportStatus data: ASCII error text on failure (§1.6), else empty
  newText: string;
  rebind: { ok: boolean; reason: string }; // the host's completeRebind after both reported
}

export interface RebindResult {
  rounds: RebindRound[];
  logs: { side: "old" | "new"; line: string }[];
  approvals: number; // TDG.SERVTD.REBIND.APPROVE calls of the old MigTD that succeeded
  acceptWrites: number; // TDG.VM.WR calls of the new MigTD that succeeded
  td: BoundTd;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function side(p: SimPolicyV2): RebindSide {
  const sim = new Simulator();
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  const eventLog = simulateFirmwareBoot(sim.tdx, p.policy, p.chain);
  sim.tdx.mrOwner = p.mrOwner;
  sim.tdx.mrOwnerConfig = p.mrOwnerConfig;
  const raw = new RawVmm(sim.vmm);
  sim.vmm.raw = raw;
  return { sim, raw, policy: p, eventLog };
}

export async function runRebinding(o: RebindOptions = {}): Promise<RebindResult> {
  const old = side(simPolicyV2(o.oldPolicy));
  const neu = side(simPolicyV2(o.newPolicy ?? o.oldPolicy));
  if (!o.otherPlatform) neu.sim.tdx.platform = old.sim.tdx.platform; // one platform: one report key, shared approvals
  const relay = new RawRelay(old.raw, neu.raw);
  relay.tamper = o.tamper ?? [];
  const uuid = [0, 1, 2, 3].map(() => randomBytes(8).readBigUInt64LE());
  const td = old.sim.tdx.bind({ handle: 0x100n, uuid });
  const hosts: MigtdHost[] = [];
  const dir = mkdtempSync(join(tmpdir(), "migtd-rebind-"));
  const rounds: RebindRound[] = [];
  try {
    for (const [s, name] of [[old, "old"], [neu, "new"]] as const) {
      const config = { policy: s.policy.policy, rootCa: s.policy.chain, eventLog: s.eventLog };
      let host: MigtdHost;
      if ((o.host ?? "node") === "node") host = new NodeHost({ wasmPath: join(repoRoot, "build", "migtd-core-raw.wasm"), sim: s.sim, config });
      else if (o.host === "qemu") {
        // The image enrolls the signed policy and its issuer chain; no stream device (RAW).
        host = await qemuPairSide({
          side: name === "old" ? "a" : "b", sim: s.sim, policy: s.policy.policy, rootCa: s.policy.chain, relay: new Relay(), dir,
          cid: 2n, port: 5001, sessions: 1, iface: "raw",
        });
      } else {
        const d = join(dir, name);
        mkdirSync(d, { recursive: true });
        host = new NativeHost({ binary: rawLinux(), sim: s.sim, vsockDir: d, config });
      }
      hosts.push(host);
      await host.start();
    }
    // The old MigTD is the one first bound: its TDINFO (as it stands once it serves) is both the
    // init and the current SERVTD_INFO_HASH of the binding, under SERVTD_ATTR 0.
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    while (Date.now() < deadline && !(old.raw.waitsIssued > 0 && neu.raw.waitsIssued > 0)) await sleep(2);
    td.initServtdInfoHash = servtdInfoHashOf(old.sim.tdx.tdInfo(), td.initAttr);
    td.servtdInfoHash = servtdInfoHashOf(old.sim.tdx.tdInfo(), td.servtdAttr);
    o.adjust?.(old, neu, td);
    const n = o.rounds ?? 1;
    for (let round = 0; round < n; round++) {
      if (round > 0) o.betweenRounds?.(old, neu, td);
      const id = BigInt(round + 1);
      const init = o.initTdInfo?.(old);
      for (const [s, source] of [[old, true], [neu, false]] as const) {
        s.raw.enqueue({ op: RAW.OP.START_REBINDING, payload: rawMigrationInformation({ id, source, handle: td.handle, uuid: td.uuid, initTdInfo: init }) });
      }
      const report = (s: RebindSide) => s.sim.vmm.reports.find((r) => r.requestId === id);
      while (Date.now() < deadline + round * (o.timeoutMs ?? 30_000) && !(report(old) && report(neu))) await sleep(1);
      const text = (s: RebindSide) => Buffer.from(s.raw.rawReports.find((r) => r.requestId === id)?.data ?? []).toString("latin1");
      o.afterRound?.(round, hosts[0], hosts[1]);
      rounds.push({ oldStatus: report(old)?.status, newStatus: report(neu)?.status, oldText: text(old), newText: text(neu), rebind: completeRebind(td.uuid, neu.sim.tdx) });
    }
  } finally {
    for (const h of hosts) await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const logs: RebindResult["logs"] = [];
  hosts.forEach((h, i) => h.logs.forEach((line) => logs.push({ side: i === 0 ? "old" : "new", line })));
  return { rounds, logs, approvals: old.sim.tdx.approvals, acceptWrites: neu.sim.tdx.vmWrites, td };
}
