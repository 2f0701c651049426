// One MigTD built for the RAW host interface and enrolled with a signed policy v2, against the
// simulator's RAW VMM: GetMigtdData (op 5, migtd.md §1.6) and the init TDINFO checks of a
// StartMigration carrying the 568-byte MigtdMigrationInformation (§1.5, §2.1 step 1, §3.6).
// The success path of a pre-migration with init data is in premigration-v2.test.ts.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { RawVmm, RawReport } from "../../scripts/sim/raw-vmm.ts";
import { RAW, idPayload, rawMigrationInformation } from "../../scripts/sim/raw-wire.ts";
import { simulateFirmwareBoot } from "../../scripts/sim/firmware-boot.ts";
import { simPolicyV2, type SimPolicyV2 } from "../../scripts/sim/policy-v2-world.ts";
import { repoRoot } from "../../scripts/sim/pair.ts";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { until } from "../../scripts/sim/scenario.ts";


let running: NodeHost | null = null;
afterEach(async () => { await running?.stop(); running = null; });

async function startV2(p: SimPolicyV2 = simPolicyV2()) {
  const sim = new Simulator();
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  const raw = new RawVmm(sim.vmm);
  sim.vmm.raw = raw;
  const eventLog = simulateFirmwareBoot(sim.tdx, p.policy, p.chain);
  sim.tdx.mrOwner = p.mrOwner;
  sim.tdx.mrOwnerConfig = p.mrOwnerConfig;
  const td = sim.tdx.bind({ handle: 0x100n, uuid: [1n, 2n, 3n, 4n] });
  const host = new NodeHost({ wasmPath: join(repoRoot, "build", "migtd-core-raw.wasm"), sim, config: { policy: p.policy, rootCa: p.chain, eventLog } });
  running = host;
  await host.start();
  return { sim, raw, host, td };
}

async function request(raw: RawVmm, op: number, payload: Uint8Array, id: bigint): Promise<RawReport> {
  expect(await until(() => raw.waitsIssued > raw.responsesDelivered)).toBe(true);
  const before = raw.rawReports.length;
  raw.enqueue({ op, payload });
  expect(await until(() => raw.rawReports.slice(before).some((r) => r.requestId === id), 10_000), `no ReportStatus for ${id}`).toBe(true);
  return raw.rawReports.slice(before).find((r) => r.requestId === id)!;
}

// A TDINFO_STRUCT as a TDX module with these owner fields reports it.
function tdInfoWith(mrOwner: Uint8Array, mrOwnerConfig: Uint8Array): Uint8Array {
  const m = new TdxModule();
  m.mrOwner = mrOwner;
  m.mrOwnerConfig = mrOwnerConfig;
  return m.tdInfo();
}

function svnConfig(svn: number): Uint8Array {
  const b = new Uint8Array(48);
  new DataView(b.buffer).setUint32(0, svn, true);
  return b;
}

describe("RAW GetMigtdData (op 5), policy v2", () => {
  it("answers the 512-byte TDINFO_STRUCT of a TD report made over the VMM's reportdata (zeros when absent)", async () => {
    const { sim, raw } = await startV2();
    const seen: Uint8Array[] = [];
    const build = sim.tdx.buildReport.bind(sim.tdx);
    sim.tdx.buildReport = (rd: Uint8Array) => { seen.push(rd.slice()); return build(rd); };
    const withData = idPayload(0x50n, 64);
    withData.fill(0xc3, 8);
    const a = await request(raw, RAW.OP.GET_MIGTD_DATA, withData, 0x50n);
    const b = await request(raw, RAW.OP.GET_MIGTD_DATA, idPayload(0x51n), 0x51n);
    for (const rep of [a, b]) {
      expect(rep.code).toBe(0);
      expect(rep.data.length).toBe(512);
      expect(Buffer.from(rep.data).equals(Buffer.from(sim.tdx.tdInfo()))).toBe(true);
    }
    expect(seen.some((rd) => rd.every((x) => x === 0xc3)), "TDG.MR.REPORT got the VMM's reportdata").toBe(true);
    expect(seen.some((rd) => rd.every((x) => x === 0)), "and zeros without it").toBe(true);
  });

  it("a payload neither 8 nor 72 bytes is InvalidParameter (1); a failing TDG.MR.REPORT is 4; the MigTD serves on", async () => {
    const { sim, raw } = await startV2();
    expect((await request(raw, RAW.OP.GET_MIGTD_DATA, idPayload(0x52n, 10), 0x52n)).code).toBe(1);
    const tdcall = sim.tdx.tdcall.bind(sim.tdx);
    sim.tdx.tdcall = function* (regs) {
      if ((regs[0] & 0xffffn) === 4n) { regs[0] = 0xc000_0100_0000_0000n; return; }
      return yield* tdcall(regs);
    };
    expect((await request(raw, RAW.OP.GET_MIGTD_DATA, idPayload(0x53n), 0x53n)).code).toBe(4);
    sim.tdx.tdcall = tdcall;
    const ok = await request(raw, RAW.OP.GET_MIGTD_DATA, idPayload(0x54n), 0x54n);
    expect(ok.code).toBe(0);
    expect(ok.data.length).toBe(512);
  });
});

describe("init TDINFO checks on StartMigration (568 bytes, §3.6), policy v2", () => {
  const p = simPolicyV2({ policySvn: 3 });
  const start = (id: bigint, td: { handle: bigint; uuid: bigint[] }, initTdInfo: Uint8Array) =>
    rawMigrationInformation({ id, source: true, handle: td.handle, uuid: td.uuid, initTdInfo });

  it("MROWNER of another signer: PolicyUnsatisfiedError (8) before any TDCALL on the target, nothing written", async () => {
    const { raw, host, td, sim } = await startV2(p);
    const callsBefore = sim.tdx.calls;
    const other = simPolicyV2({ seed: "another-fleet" });
    const rep = await request(raw, RAW.OP.START_MIGRATION, start(0x60n, td, tdInfoWith(other.mrOwner, svnConfig(3))), 0x60n);
    expect(rep.code).toBe(8);
    expect(td.writes).toBe(0);
    expect(host.logs.some((l) => /init TDINFO MROWNER .* is not our policy signer key hash/.test(l)), host.logs.join("\n")).toBe(true);
    // Nothing reached the binding: no SERVTD.RD / WR (the report TDCALLs of boot came before).
    expect(sim.tdx.calls).toBe(callsBefore);
  });

  it("init policySvn above ours is 8; a MROWNERCONFIG that is not a policySvn is 8; the MigTD serves on", async () => {
    const { raw, host, td } = await startV2(p);
    expect((await request(raw, RAW.OP.START_MIGRATION, start(0x61n, td, tdInfoWith(p.mrOwner, svnConfig(4))), 0x61n)).code).toBe(8);
    expect(host.logs.some((l) => /init TDINFO policySvn 4 is above ours \(3\)/.test(l))).toBe(true);
    const notSvn = svnConfig(1);
    notSvn[20] = 1;
    expect((await request(raw, RAW.OP.START_MIGRATION, start(0x62n, td, tdInfoWith(p.mrOwner, notSvn)), 0x62n)).code).toBe(8);
    expect(td.writes).toBe(0);
    const data = await request(raw, RAW.OP.GET_MIGTD_DATA, idPayload(0x63n), 0x63n);
    expect(data.code).toBe(0);
  });

  it("has_init_data that does not match the length is InvalidParameter (1)", async () => {
    const { raw, td } = await startV2(p);
    const bad = start(0x64n, td, tdInfoWith(p.mrOwner, svnConfig(3)));
    bad[9] = 0;
    expect((await request(raw, RAW.OP.START_MIGRATION, bad, 0x64n)).code).toBe(1);
    const short = rawMigrationInformation({ id: 0x65n, source: true, handle: td.handle, uuid: td.uuid, hasInitData: 1 });
    expect((await request(raw, RAW.OP.START_MIGRATION, short, 0x65n)).code).toBe(1);
  });
});
