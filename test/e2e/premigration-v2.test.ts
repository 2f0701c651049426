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
import { simPolicyV2, type SimPolicyV2Options } from "../../scripts/sim/policy-v2-world.ts";

async function pair(src: SimPolicyV2Options = {}, dst: SimPolicyV2Options = src, extra: Partial<PairOptions> = {}) {
  const a = simPolicyV2(src);
  const b = simPolicyV2(dst);
  return runPreMigration({ host: "node", policy: a.policy, rootCa: a.chain, peerPolicy: b.policy, peerRootCa: b.chain, timeoutMs: 30_000, ...extra });
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
    const a = simPolicyV2();
    const r = await runPreMigration({ host: "node", sessions: 12, policy: a.policy, rootCa: a.chain, timeoutMs: 60_000 });
    expect(r.ok).toBe(true);
  }, 90_000);

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

  it.skipIf(!existsSync(join(repoRoot, "build", "migtd-linux")))("runs 12 sessions at once on the native host", async () => {
    const a = simPolicyV2();
    const r = await runPreMigration({ host: "native", sessions: 12, policy: a.policy, rootCa: a.chain, timeoutMs: 60_000 });
    expect(r.ok).toBe(true);
  }, 90_000);
});
