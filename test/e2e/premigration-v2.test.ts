// Pre-migrations under signed policies v2 between two MigTDs on the simulator (spec migtd.md §2.1
// with the V2 steps: pre-session exchange §2.3, policy-hash extension §2.4, V2 verification §2.5
// against the collateral of each side's own policy, §3.5 evaluation), Node host. Each negative
// case has its result code and leaves both user TDs unwritten. (A policy-hash extension that
// does not match the pre-session blob, 9, is shown in verifier-v2-sim.test.ts: the relay cannot
// alter one byte of a later message without also altering the next one.)
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, runPreMigration, type PairOptions } from "../../scripts/sim/pair.ts";
import { simPolicyV2, v2PairOptions, type SimPolicyV2Options } from "../../scripts/sim/policy-v2-world.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { simulateFirmwareBoot } from "../../scripts/sim/firmware-boot.ts";

async function pair(src: SimPolicyV2Options = {}, dst: SimPolicyV2Options = src, extra: Partial<PairOptions> = {}) {
  return runPreMigration({ host: "node", ...v2PairOptions(simPolicyV2(src), simPolicyV2(dst)), timeoutMs: 30_000, ...extra });
}

function codes(r: Awaited<ReturnType<typeof runPreMigration>>) {
  const s = r.sessions[0];
  return { source: s.sourceStatus, destination: s.destinationStatus, written: s.anyKeyWritten };
}

describe("pre-migration under a signed policy v2 (node host)", () => {
  it("succeeds: pre-session exchange, V2 verification both ways, keys cross-installed", async () => {
    const r = await pair();
    expect(r.ok, r.logs.map((l) => `${l.side}: ${l.line}`).join("\n")).toBe(true);
    expect(r.logs.some((l) => /pre-session exchange done/.test(l.line))).toBe(true);
    expect(r.logs.some((l) => /accepted by the signed policy/.test(l.line))).toBe(true);
  }, 60_000);

  it("runs 12 sessions at once", async () => {
    const r = await runPreMigration({ host: "node", sessions: 12, ...v2PairOptions(simPolicyV2()), timeoutMs: 60_000 });
    expect(r.ok).toBe(true);
  }, 90_000);

  it("with init data (584-byte MigtdMigrationInformation, §1.5): a bound init TDINFO passes §3.6, another signer's is 8", async () => {
    const p = simPolicyV2();
    const init = new Uint8Array(512);
    init.set(p.mrOwner, 112);
    init[160] = 1;
    const r = await runPreMigration({ host: "node", ...v2PairOptions(p), initTdInfo: () => init, timeoutMs: 30_000 });
    expect(r.ok, r.logs.map((l) => `${l.side}: ${l.line}`).join("\n")).toBe(true);
    expect(r.logs.filter((l) => /with init TDINFO/.test(l.line)).length).toBe(2);
    const foreign = init.slice();
    foreign.set(simPolicyV2({ seed: "another-fleet" }).mrOwner, 112);
    const bad = await runPreMigration({ host: "node", ...v2PairOptions(p), initTdInfo: () => foreign, timeoutMs: 15_000 });
    expect(codes(bad)).toMatchObject({ source: 8, written: false });
  }, 60_000);

  it("peer policy signed by another root: 9, nothing written", async () => {
    expect(codes(await pair({}, { seed: "another-fleet" }))).toMatchObject({ source: 9, written: false });
  }, 60_000);

  it("peer MigTD measurements absent from the TCB mapping: 8", async () => {
    // The destination's policy does not list the simulated build, so it rejects the source.
    expect(codes(await pair({}, { mapMeasurements: false }))).toMatchObject({ destination: 8, written: false });
  }, 60_000);

  it("peer ISVSVN below the forward policy: 8 on the source", async () => {
    expect(codes(await pair({ forwardIsvsvn: 3 }, {}))).toMatchObject({ source: 8, written: false });
  }, 60_000);

  it("peer policySvn lower than ours: 8 on the source", async () => {
    expect(codes(await pair({ policySvn: 5 }, { policySvn: 4 }))).toMatchObject({ source: 8, written: false });
  }, 60_000);

  it("Revoked platform TCB in the collateral: 7", async () => {
    expect(codes(await pair({ status: "Revoked" }, {}))).toMatchObject({ source: 7, written: false });
  }, 60_000);

  it("a malformed pre-session message at each step: 6 at the receiver, nothing written", async () => {
    // Offsets into the source -> destination stream: HELLO header (0), HELLO magic (8),
    // PRE_SESSION_DATA header type (16) and its policy length (24).
    for (const after of [0, 8, 16, 24]) {
      const r = await pair({}, {}, { tamper: [{ direction: "a->b", action: "alter", after, xor: 0x40 }] });
      const c = codes(r);
      expect(c.destination, `offset ${after}`).toBe(6);
      expect(c.written).toBe(false);
    }
  }, 120_000);

  it("MROWNER not matching the signer key: the MigTD refuses to start, code 9", async () => {
    for (const wrong of ["owner", "svn"] as const) {
      const p = simPolicyV2({ policySvn: 2 });
      const sim = new Simulator();
      sim.vmm.quoteService = new QuoteService(sim.tdx);
      const eventLog = simulateFirmwareBoot(sim.tdx, p.policy, p.chain);
      sim.tdx.mrOwner = wrong === "owner" ? simPolicyV2({ seed: "another-fleet" }).mrOwner : p.mrOwner;
      sim.tdx.mrOwnerConfig = wrong === "svn" ? simPolicyV2({ policySvn: 1 }).mrOwnerConfig : p.mrOwnerConfig;
      const host = new NodeHost({ wasmPath: join(repoRoot, "build", "migtd-core.wasm"), sim, config: { policy: p.policy, rootCa: p.chain, eventLog } });
      await host.start();
      for (let i = 0; i < 200 && host.stopCode === undefined; i++) await new Promise((r) => setTimeout(r, 5));
      await host.stop();
      expect(host.stopCode, wrong).toBe(9);
      expect(host.logs.some((l) => /refusing to start: MROWNER/.test(l) || /refusing to start: MROWNERCONFIG/.test(l))).toBe(true);
    }
  }, 30_000);

  it.skipIf(!existsSync(join(repoRoot, "build", "migtd-linux")))("runs 12 sessions at once on the native host", async () => {
    const r = await runPreMigration({ host: "native", sessions: 12, ...v2PairOptions(simPolicyV2()), timeoutMs: 60_000 });
    expect(r.ok).toBe(true);
  }, 90_000);
});

// The same V2 session over the RAW host interface (GHCI 1.5 MigTD leaf, docs/host-interfaces.md):
// the pre-session exchange and TLS share the vmcall-raw stream, and the start-up owner check
// runs before the RAW interface boots.
describe("pre-migration under a signed policy v2 over vmcall-raw (node host)", () => {
  it("runs 12 sessions at once: pre-session exchange, V2 verification, keys cross-installed", async () => {
    const r = await runPreMigration({ host: "node", iface: "raw", sessions: 12, ...v2PairOptions(simPolicyV2()), timeoutMs: 60_000 });
    expect(r.ok, r.logs.map((l) => `${l.side}: ${l.line}`).join("\n")).toBe(true);
    expect(r.logs.filter((l) => /pre-session exchange done; judging validity at \S+; TLS (client|server) to vmcall-raw/.test(l.line)).length).toBe(24);
  }, 90_000);

  it("a malformed HELLO: 6 at the receiver, nothing written; a peer from another root: 9", async () => {
    const bad = await pair({}, {}, { iface: "raw", tamper: [{ direction: "a->b", action: "alter", after: 8, xor: 0x40 }] });
    expect(codes(bad)).toMatchObject({ destination: 6, written: false });
    expect(codes(await pair({}, { seed: "another-fleet" }, { iface: "raw" }))).toMatchObject({ source: 9, written: false });
  }, 60_000);

  it("with init data (568-byte StartMigration, §1.5): an init TDINFO bound to our signer and policySvn passes §3.6", async () => {
    const p = simPolicyV2({ policySvn: 2 });
    const init = new Uint8Array(512);
    init.set(p.mrOwner, 112);
    init[160] = 1; // an initially bound MigTD at policySvn 1 <= ours
    const r = await runPreMigration({ host: "node", iface: "raw", ...v2PairOptions(p), initTdInfo: () => init, timeoutMs: 30_000 });
    expect(r.ok, r.logs.map((l) => `${l.side}: ${l.line}`).join("\n")).toBe(true);
    expect(r.logs.filter((l) => /init TDINFO is bound to our policy signer \(policySvn 1\)/.test(l.line)).length).toBe(2);
  }, 60_000);

  it("MROWNER of another signer: the RAW MigTD refuses to start, code 9", async () => {
    const p = simPolicyV2();
    const sim = new Simulator();
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    const eventLog = simulateFirmwareBoot(sim.tdx, p.policy, p.chain);
    sim.tdx.mrOwner = simPolicyV2({ seed: "another-fleet" }).mrOwner;
    sim.tdx.mrOwnerConfig = p.mrOwnerConfig;
    const host = new NodeHost({ wasmPath: join(repoRoot, "build", "migtd-core-raw.wasm"), sim, config: { policy: p.policy, rootCa: p.chain, eventLog } });
    await host.start();
    for (let i = 0; i < 200 && host.stopCode === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    await host.stop();
    expect(host.stopCode).toBe(9);
    expect(host.logs.some((l) => /vmcall-raw/.test(l))).toBe(true);
    expect(host.logs.some((l) => /refusing to start: MROWNER/.test(l))).toBe(true);
  }, 30_000);
});
