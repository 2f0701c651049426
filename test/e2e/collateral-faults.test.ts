// The negative matrix for host collateral (GET_COLLATERAL, migtd.md §1.7, §2.5 V1): the host hands
// both MigTDs collateral with one fault; each case ends with its result code, no key is written
// into either user TD, and both MigTDs then serve the next request once the host's collateral is
// sound again. The source (TLS client) judges first: its own quote fails with the faulty
// collateral (7) and the destination sees the handshake aborted (5 or 6).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PairOptions, PairResult, SideSetup, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import type { CollateralFault } from "../../scripts/sim/collateral.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { buildPckChain } from "../../scripts/sim/pck-chain.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

function inject(fault: CollateralFault | undefined) {
  return (s: SideSetup, d: SideSetup) => {
    for (const side of [s, d]) side.sim.vmm.quoteService!.collateralFault = fault;
  };
}

async function faultThenHealthy(fault: CollateralFault, extra: Partial<PairOptions> = {}): Promise<PairResult> {
  return runPreMigration({ host: "node", timeoutMs: 15_000, rounds: 2, adjust: inject(fault), betweenRounds: inject(undefined), ...extra });
}

// Each fault, the source's result code and the reason its log must give.
const cases: { fault: CollateralFault; source: number; why: RegExp }[] = [
  { fault: "revoked-pck", source: 7, why: /PCK Certificate' is revoked/ },
  { fault: "revoked-intermediate", source: 7, why: /Platform CA' is revoked/ },
  { fault: "missing-crl", source: 7, why: /no CRL from the PCK certificate's issuer/ },
  { fault: "expired", source: 7, why: /tcbInfo has expired/ },
  { fault: "tcb-revoked", source: 7, why: /TCB status is Revoked/ },
  { fault: "tcb-nomatch", source: 7, why: /no matching TCB level/ },
  { fault: "wrong-fmspc", source: 7, why: /TCB info is for FMSPC 00906EA10000/ },
  { fault: "bad-signature", source: 7, why: /TCB info signature does not verify/ },
];

describe("pre-migration with faulty host collateral (Node host)", () => {
  it.each(cases)("$fault: source $source, destination 5/6, no key, then the next request succeeds", async (c) => {
    const r = await faultThenHealthy(c.fault);
    const [bad, good] = r.sessions;
    expect(bad.sourceStatus, explain(r)).toBe(c.source);
    expect([5, 6], explain(r)).toContain(bad.destinationStatus);
    expect(r.logs.some((l) => l.side === "source" && c.why.test(l.line)), explain(r)).toBe(true);
    expect(good.sourceStatus, explain(r)).toBe(0);
    expect(good.destinationStatus, explain(r)).toBe(0);
    expect(good.keysMatch, explain(r)).toBe(true);
    // No key in the first session's TDs: only the second round's TDs were written.
    expect(r.sessions[0].anyKeyWritten, explain(r)).toBe(false);
  });

  it("tcb-outofdate is left to the policy: policy v1 has no TCB-status rule, so the session succeeds and both sides log OutOfDate", async () => {
    const r = await runPreMigration({ host: "node", timeoutMs: 15_000, adjust: inject("tcb-outofdate") });
    expect(r.ok, explain(r)).toBe(true);
    for (const side of ["source", "destination"]) {
      expect(r.logs.some((l) => l.side === side && /TCB local OutOfDate, peer OutOfDate/.test(l.line)), explain(r)).toBe(true);
    }
  });

  it("fetches collateral once per session for the quote's FMSPC and platform CA", async () => {
    let svc: SideSetup[] = [];
    const r = await runPreMigration({ host: "node", timeoutMs: 15_000, sessions: 2, adjust: (s, d) => { svc = [s, d]; } });
    expect(r.ok, explain(r)).toBe(true);
    for (const side of svc) {
      expect(side.sim.vmm.quoteService!.collateralRequests).toEqual([
        { fmspc: "00806f050000", pckCa: "platform" }, { fmspc: "00806f050000", pckCa: "platform" },
      ]);
    }
  });

  it("a quote service that answers GET_COLLATERAL with a QGS error is MutualAttestationError (7) on that side", async () => {
    // The service's PCS knows another FMSPC than the one in its PCK certificate. The chain object
    // is shared by every service of this process, so its FMSPC is put back afterwards.
    let tcb: { fmspc: Uint8Array } | undefined;
    const saved = new Uint8Array(6);
    const r = await runPreMigration({
      host: "node", timeoutMs: 15_000,
      adjust: (s) => { tcb = s.sim.vmm.quoteService!.chain.tcb; saved.set(tcb.fmspc); tcb.fmspc = Uint8Array.from([1, 2, 3, 4, 5, 6]); },
    }).finally(() => { if (tcb) tcb.fmspc = saved; });
    expect(r.sessions[0].sourceStatus, explain(r)).toBe(7);
    expect(r.sessions[0].anyKeyWritten, explain(r)).toBe(false);
    expect(r.logs.some((l) => /quote service error 0x12001 for GET_COLLATERAL/.test(l.line)), explain(r)).toBe(true);
  });
});

describe("TCB status in the timeline", () => {
  it("12 pre-migrations at once: every request's log names both peers' TCB status on both sides", async () => {
    const r = await runPreMigration({ host: "node", sessions: 12, timeoutMs: 90_000 });
    expect(r.ok, explain(r)).toBe(true);
    for (let id = 1; id <= 12; id++) {
      for (const side of ["source", "destination"]) {
        const tag = `request 0x${id.toString(16)}: attested the peer`;
        expect(r.logs.some((l) => l.side === side && l.line.includes(tag) && /TCB local UpToDate, peer UpToDate/.test(l.line)), `${side} ${id}\n${explain(r)}`).toBe(true);
      }
    }
  }, 180_000);
});

describe("no dependence on today's date", () => {
  it("with the hosts' collateral issued in 2041, both MigTDs judge at that instant and complete", async () => {
    const issued = new Date(Date.UTC(2041, 5, 1));
    const r = await runPreMigration({
      host: "node", timeoutMs: 15_000,
      adjust: (s, d) => { for (const side of [s, d]) side.sim.vmm.quoteService!.collateralIssuedAt = issued; },
    });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.logs.filter((l) => /judging validity at 2041-05-31T23:00:00Z/.test(l.line)).length, explain(r)).toBe(2);
  });
});

describe("a peer on another platform (FMSPC)", () => {
  const OTHER = Uint8Array.from([0x00, 0x90, 0x6e, 0xa1, 0x00, 0x00]);
  // The destination's PCK certificate names another FMSPC (same test PKI). Each side fetches its
  // own FMSPC's collateral before the handshake, finds the peer's FMSPC uncovered, completes the
  // handshake, fetches the peer's FMSPC's collateral and judges the peer before sending its key.
  const otherPlatform = (s: SideSetup, d: SideSetup, sourceKnows: boolean) => {
    d.sim.vmm.quoteService = new QuoteService(d.sim.tdx, { chain: buildPckChain({ tcb: { fmspc: OTHER } }) });
    d.sim.vmm.quoteService.collateralFmspcs = [s.sim.vmm.quoteService!.chain.tcb.fmspc];
    if (sourceKnows) s.sim.vmm.quoteService!.collateralFmspcs = [OTHER];
  };

  // config/policy.json's platform rule is for "fmspc": "self"; a deployment that migrates across
  // platform types lists each FMSPC it accepts (as Intel's production policy does).
  const crossPlatform = () => {
    const p = JSON.parse(readFileSync(join(repoRoot, "config", "policy.json"), "utf8"));
    const i = p.policy.findIndex((item: any) => item.fmspc === "self");
    const rule = p.policy[i];
    p.policy.splice(i, 1, { ...rule, fmspc: "00806F050000" }, { ...rule, fmspc: "00906EA10000" });
    return new TextEncoder().encode(JSON.stringify(p));
  };

  it("is judged with collateral fetched for its FMSPC after the handshake; both complete", async () => {
    let svc: SideSetup[] = [];
    const r = await runPreMigration({ host: "node", timeoutMs: 15_000, policy: crossPlatform(), adjust: (s, d) => { otherPlatform(s, d, true); svc = [s, d]; } });
    expect(r.ok, explain(r)).toBe(true);
    expect(svc[0].sim.vmm.quoteService!.collateralRequests.map((q) => q.fmspc)).toEqual(["00806f050000", "00906ea10000"]);
    expect(svc[1].sim.vmm.quoteService!.collateralRequests.map((q) => q.fmspc)).toEqual(["00906ea10000", "00806f050000"]);
    expect(r.logs.some((l) => l.side === "source" && /peer on FMSPC 00906EA10000; requesting its collateral/.test(l.line)), explain(r)).toBe(true);
  });

  it("when the source's host has no collateral for it: source 7 after the handshake, nothing sent, destination 5", async () => {
    const r = await runPreMigration({ host: "node", timeoutMs: 15_000, policy: crossPlatform(), adjust: (s, d) => otherPlatform(s, d, false) });
    const o = r.sessions[0];
    expect(o.sourceStatus, explain(r)).toBe(7);
    expect(o.destinationStatus, explain(r)).toBe(5);
    expect(o.anyKeyWritten, explain(r)).toBe(false);
  });
});
