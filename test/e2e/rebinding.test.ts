// V2 rebinding (migtd.md §2.9) between two MigTDs on one simulated platform, RAW StartRebinding
// (op 2): the old MigTD (TLS client) and the new one (TLS server) run the pre-session exchange,
// attest each other with TD reports the TDX module verifies (TDG.MR.VERIFYREPORT), the old one
// hands its binding's SERVTD_EXT and init TDINFO over, sends a random token and approves; the new
// one writes the token, REBIND_ATTR and the SERVTD_EXT hash. The simulated host then completes the
// rebinding only if the module's checks pass (scripts/sim/tdx-module.ts completeRebind).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/sim/pair.ts";
import { runRebinding, type RebindResult } from "../../scripts/sim/rebind-pair.ts";
import { servtdInfoHashOf } from "../../scripts/sim/tdx-module.ts";

const explain = (r: RebindResult) => JSON.stringify(r.rounds) + "\n" + r.logs.map((l) => `${l.side.padEnd(4)} ${l.line}`).join("\n");

describe("V2 rebinding on one platform (node host)", () => {
  it("completes: both report Success, the module's approval and accept tokens match", async () => {
    const r = await runRebinding();
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    expect(r.approvals).toBe(1);
    expect(r.acceptWrites).toBe(4 + 1 + 6);
    expect(r.logs.some((l) => l.side === "new" && /accept token, REBIND_ATTR and SERVTD_EXT hash written/.test(l.line)), explain(r)).toBe(true);
  }, 60_000);

  it("SERVTD_ATTR IGNORE bits: SERVTD_INFO_HASH leaves the selected TDINFO fields out, REBIND_ATTR carries the current attributes", async () => {
    const r = await runRebinding({
      adjust: (o, _n, td) => {
        td.initAttr = 1n << 37n; // MROWNERCONFIG ignored in the init hash
        td.servtdAttr = (1n << 36n) | (1n << 38n); // MROWNER and RTMR0 ignored in the current one
        td.initServtdInfoHash = servtdInfoHashOf(o.sim.tdx.tdInfo(), td.initAttr);
        td.servtdInfoHash = servtdInfoHashOf(o.sim.tdx.tdInfo(), td.servtdAttr);
      },
    });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    // The same hashes over the whole TDINFO would not have matched.
    expect(Buffer.from(servtdInfoHashOf(new Uint8Array(512).fill(1), 1n << 38n)).equals(Buffer.from(servtdInfoHashOf(new Uint8Array(512).fill(1), 0n)))).toBe(false);
  }, 60_000);
});

// Each failing case: the codes each side reports, no acceptance written and no rebinding possible;
// then, with the fault gone, the same two MigTDs complete the next rebinding.
describe("V2 rebinding fails closed (node host)", () => {
  it("the new MigTD's policy does not list the old MigTD: 8 on the new one, nothing written, no rebinding", async () => {
    const r = await runRebinding({ newPolicy: { mapMeasurements: false } });
    expect(r.rounds[0].newStatus, explain(r)).toBe(8);
    // §2.9 has no acknowledgement after the token: the old MigTD (TLS client) is done with the
    // handshake before the new one judges its certificate, so it has sent the token and approved.
    // The approval alone hands nothing over: the module needs the new MigTD's matching accept.
    expect(r.rounds[0].oldStatus).toBe(0);
    expect(r.approvals).toBe(1);
    expect(r.acceptWrites).toBe(0);
    expect(r.rounds[0].rebind.ok).toBe(false);
    expect(r.logs.some((l) => l.side === "new" && /not in the policy's TCB mapping/.test(l.line)), explain(r)).toBe(true);
    // §1.6: StartRebinding's ReportStatus carries the reason as ASCII text.
    expect(r.rounds[0].newText).toMatch(/^secure session failed: .*not in the policy's TCB mapping/);
    expect(r.rounds[0].oldText).toBe("");
  }, 60_000);

  it("the old MigTD's policy does not list the new MigTD: 8 on the old one, no approval, nothing written", async () => {
    const r = await runRebinding({ oldPolicy: { mapMeasurements: false }, newPolicy: {} });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 8, newStatus: 6, rebind: { ok: false } });
    expect(r.approvals).toBe(0);
    expect(r.acceptWrites).toBe(0);
  }, 60_000);

  it("SERVTD_EXT.cur_servtd_info_hash not the old MigTD's TDINFO: 8 on the new one, nothing written; the next rebinding succeeds", async () => {
    let good = new Uint8Array(48);
    const r = await runRebinding({
      rounds: 2,
      adjust: (_o, _n, td) => { good = td.servtdInfoHash; td.servtdInfoHash = new Uint8Array(48).fill(0x5a); },
      betweenRounds: (_o, _n, td) => { td.servtdInfoHash = good; },
    });
    expect(r.rounds[0].newStatus, explain(r)).toBe(8);
    expect(r.rounds[0].rebind.ok).toBe(false);
    expect(r.logs.some((l) => l.side === "new" && /cur_servtd_info_hash is not the hash of the old MigTD's TDINFO/.test(l.line)), explain(r)).toBe(true);
    expect(r.rounds[1], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    expect(r.acceptWrites).toBe(11); // the second round's only
  }, 90_000);

  it("init_servtd_info_hash not the init TDINFO: 8 on the new one, nothing written", async () => {
    const r = await runRebinding({ adjust: (_o, _n, td) => { td.initServtdInfoHash = new Uint8Array(48).fill(0x11); } });
    expect(r.rounds[0].newStatus, explain(r)).toBe(8);
    expect(r.acceptWrites).toBe(0);
    expect(r.logs.some((l) => /init TDINFO does not hash to SERVTD_EXT.init_servtd_info_hash/.test(l.line)), explain(r)).toBe(true);
  }, 60_000);

  it("a wrong token: an approval with another token than the one sent leaves the module refusing the rebinding", async () => {
    // Both MigTDs complete their parts; the module compares approval and accept tokens itself.
    const r = await runRebinding({
      adjust: (o) => {
        const tdcall = o.sim.tdx.tdcall.bind(o.sim.tdx);
        o.sim.tdx.tdcall = function* (regs) {
          if ((regs[0] & 0xffffn) === 33n) regs[2] ^= 1n; // token bytes 0..8 (RDX)
          return yield* tdcall(regs);
        };
      },
    });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: false, reason: "the accept token is not the approval token" } });
  }, 60_000);

  it("a new MigTD on another platform: TDG.MR.VERIFYREPORT refuses its report, 7 on the old one, no approval", async () => {
    const r = await runRebinding({ otherPlatform: true });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 7, rebind: { ok: false } });
    expect(r.approvals).toBe(0);
    expect(r.acceptWrites).toBe(0);
    expect(r.logs.some((l) => /TDG.MR.VERIFYREPORT refused the peer's report/.test(l.line)), explain(r)).toBe(true);
  }, 60_000);

  it("an init TDINFO of another signer in StartRebinding: 8 on both before any exchange", async () => {
    const r = await runRebinding({ initTdInfo: () => new Uint8Array(512) });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 8, newStatus: 8, rebind: { ok: false } });
    expect(r.approvals).toBe(0);
  }, 60_000);

  it("with a matching init TDINFO in StartRebinding the rebinding completes", async () => {
    const r = await runRebinding({ initTdInfo: (o) => o.sim.tdx.tdInfo() });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
  }, 60_000);

  it("a failing TDG.VM.WR is TdxModuleError (4) on the new MigTD", async () => {
    const r = await runRebinding({ adjust: (_o, n) => { n.sim.tdx.vmWriteFault = { field: 0x1910_0003_0000_0222n, status: 0xc000_0100_0000_0000n }; } });
    expect(r.rounds[0].newStatus, explain(r)).toBe(4);
    expect(r.rounds[0].rebind.ok).toBe(false);
  }, 60_000);
});

// The same core compiled by wasm2c into the Linux runtime (build/migtd-linux-raw), its TDCALLs
// forwarded to the same simulated platform.
describe("V2 rebinding on one platform (native host)", () => {
  it("completes, and a peer missing from the new MigTD's policy is refused with nothing written", async () => {
    expect(existsSync(join(repoRoot, "build", "migtd-linux-raw")), "run 'make native'").toBe(true);
    const good = await runRebinding({ host: "native" });
    expect(good.rounds[0], explain(good)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    const bad = await runRebinding({ host: "native", newPolicy: { mapMeasurements: false } });
    expect(bad.rounds[0].newStatus, explain(bad)).toBe(8);
    expect(bad.acceptWrites).toBe(0);
    expect(bad.rounds[0].rebind.ok).toBe(false);
  }, 120_000);
});
