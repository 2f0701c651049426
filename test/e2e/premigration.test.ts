// Full pre-migrations between two MigTDs on the simulator (migtd.md §2): the happy path on both
// hosts, 12 at once, and the negative matrix — every failure with its result code and no key
// written into either user TD.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PairOptions, PairResult, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { ART, ENGINE } from "../helpers/artefacts.ts";
import { missingArtefacts } from "../../scripts/host/artefacts.ts";
import { buildPckChain } from "../../scripts/sim/pck-chain.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

// The native host runs the build of the engine MIGTD_ENGINE selects (skipped, saying so, when that
// build is absent: test/helpers/artefacts.ts).
const nativeMissing = missingArtefacts("native", ART);
if (nativeMissing) process.stderr.write(`${nativeMissing}\n`);
const hosts: ("node" | "native")[] = nativeMissing ? ["node"] : ["node", "native"];

describe.each(hosts)(`pre-migration between two MigTDs (%s host, ${ENGINE})`, (host) => {
  it("the native runtime is built", () => {
    if (host === "native") expect(existsSync(ART.linux), `run 'make native ${ART.make}'`).toBe(true);
  });

  it("completes: both report Success and each MIG_DEC_KEY is the peer's MIG_ENC_KEY", async () => {
    const r = await runPreMigration({ host, timeoutMs: 30_000 });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.sessions[0].version).toBe(1n);
  });

  it("runs 12 pre-migrations at once (Intel's concurrency cap), all succeeding", async () => {
    const r = await runPreMigration({ host, sessions: 12, timeoutMs: 90_000 });
    expect(r.sessions.filter((s) => !(s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch)), explain(r)).toEqual([]);
  }, 180_000);
});

// One failing case: the codes each side must report, and no key anywhere.
async function failing(opts: Partial<PairOptions>, expected: { source?: number[]; destination?: number[] }) {
  const r = await runPreMigration({ host: "node", timeoutMs: 15_000, ...opts });
  const s = r.sessions[0];
  if (expected.source) expect(expected.source, explain(r)).toContain(s.sourceStatus);
  if (expected.destination) expect(expected.destination, explain(r)).toContain(s.destinationStatus);
  expect(s.anyKeyWritten, explain(r)).toBe(false);
  return r;
}

describe("pre-migration negative matrix (Node host)", () => {
  it("a peer quote chaining to a foreign root CA is MutualAttestationError (7)", async () => {
    await failing({
      adjust: (_s, d) => { d.sim.vmm.quoteService = new QuoteService(d.sim.tdx, { chain: buildPckChain({ seed: "another-vendor" }) }); },
    }, { source: [7], destination: [6] });
  });

  it("an enrolled root CA that does not match our own quote is MutualAttestationError (7)", async () => {
    await failing({ peerRootCa: buildPckChain({ seed: "another-vendor" }).root.der, peerPolicy: undefined,
      adjust: (s, d) => { d.eventLog = s.eventLog; d.sim.tdx.rtmr = s.sim.tdx.rtmr.map((r) => r.slice()); } },
    { destination: [7], source: [6] });
  });

  it("a certificate key not bound to the quote's REPORTDATA is MutualAttestationError (7)", async () => {
    // The peer's TD report (and so its quote) carries a REPORTDATA other than its key's hash.
    await failing({
      adjust: (_s, d) => {
        const build = d.sim.tdx.buildReport.bind(d.sim.tdx);
        d.sim.tdx.buildReport = () => build(new Uint8Array(64).fill(0x5a));
      },
    }, { source: [7], destination: [6] });
  });

  it("a peer event log that does not replay to its quote's RTMRs is rejected (8, as Intel's MigTD reports it)", async () => {
    await failing({
      adjust: (_s, d) => {
        const log = d.eventLog.slice();
        log[72 + 14] ^= 0xff; // the first CC event's digest (after the 72-byte Spec ID event)
        d.eventLog = log;
      },
    }, { source: [8], destination: [6] });
  });

  it("a peer with another MRTD fails the 'self' policy: PolicyUnsatisfiedError (8) names the rule", async () => {
    const r = await failing({ adjust: (_s, d) => { d.sim.tdx.mrtd = new Uint8Array(48).fill(0x22); } }, { source: [8], destination: [6, 8] });
    expect(r.logs.some((l) => /PolicyUnsatisfiedError.*MRTD/i.test(l.line)), explain(r)).toBe(true);
  });

  it("an invalid enrolled policy is InvalidPolicyError (9)", async () => {
    const valid = readFileSync(join(repoRoot, "config", "policy.json"));
    await failing({ policy: new TextEncoder().encode("{\"not\": \"a policy\"}"), peerPolicy: valid }, { source: [9], destination: [6] });
  });

  it("records corrupted in flight end the session with SecureSessionError (6)", async () => {
    for (const after of [10, 300, 2000]) {
      await failing({ tamper: [{ direction: "a->b", action: "alter", after }] }, { source: [6], destination: [6] });
    }
  });

  it("a truncated stream ends the session with 5 or 6", async () => {
    await failing({ tamper: [{ direction: "b->a", action: "truncate", after: 500 }] }, { source: [5, 6], destination: [5, 6] });
  });

  it("a peer disconnecting at any point of the handshake gives 5 or 6 on both sides", async () => {
    for (const direction of ["a->b", "b->a"] as const) {
      for (const after of [0, 5, 200, 1200, 5000]) {
        await failing({ tamper: [{ direction, action: "disconnect", after }] }, { source: [5, 6], destination: [5, 6] });
      }
    }
  }, 120_000);

  it("SERVTD_ATTR != 0 on the source's binding is InvalidParameter (1) before any network traffic", async () => {
    await failing({ timeoutMs: 3000, adjust: (s) => { s.tds[0].servtdAttr = 1n; } }, { source: [1] });
  });

  it("migration version ranges that do not overlap are InvalidParameter (1) on both sides", async () => {
    await failing({
      adjust: (s, d) => {
        s.sim.tdx.versions = { ...s.sim.tdx.versions, minExport: 1n, maxExport: 1n };
        d.sim.tdx.versions = { ...d.sim.tdx.versions, minImport: 2n, maxImport: 3n };
      },
    }, { source: [1], destination: [1] });
  });
});
