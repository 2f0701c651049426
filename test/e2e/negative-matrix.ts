// The pre-migration negative matrix both host interfaces must hold (migtd.md §2): each case with
// the result codes each side may report, and no key written into either user TD. Run by
// test/e2e/premigration.test.ts (Service interface) and premigration-raw.test.ts (vmcall-raw);
// where the interfaces differ (RAW has no end of stream, so a VMM abort may end the peer's request
// with VmmCanceled) the caller passes the transport-failure codes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PairOptions, PairResult, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { buildPckChain } from "../../scripts/sim/pck-chain.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";

export function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

export type Iface = "service" | "raw";
export type Failing = (opts: Partial<PairOptions>, expected: { source?: number[]; destination?: number[] }) => Promise<PairResult>;

// One failing case on the Node host: the codes each side must report, and no key anywhere.
export function failingOn(iface: Iface): Failing {
  return async (opts, expected) => {
    const r = await runPreMigration({ host: "node", iface, timeoutMs: 15_000, ...opts });
    const s = r.sessions[0];
    if (expected.source) expect(expected.source, explain(r)).toContain(s.sourceStatus);
    if (expected.destination) expect(expected.destination, explain(r)).toContain(s.destinationStatus);
    expect(s.anyKeyWritten, explain(r)).toBe(false);
    return r;
  };
}

// `transport`: the codes a broken stream may end a side with (5 NetworkError, 6 SecureSession,
// and on RAW 10 VmmCanceled once the host aborts the peer's request).
export function negativeMatrix(iface: Iface, transport: number[]): void {
  const failing = failingOn(iface);

  it("a peer quote chaining to a foreign root CA is MutualAttestationError (7)", async () => {
    await failing({
      adjust: (_s, d) => { d.sim.vmm.quoteService = new QuoteService(d.sim.tdx, { chain: buildPckChain({ seed: "another-vendor" }) }); },
    }, { source: [7], destination: [6] });
  });

  it("an enrolled root CA that does not match our own quote is MutualAttestationError (7)", async () => {
    await failing({ peerRootCa: buildPckChain({ seed: "another-vendor" }).root.der,
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

  it(`a stream broken or truncated at any point of the handshake ends both sides with one of ${transport.join(", ")}`, async () => {
    for (const direction of ["a->b", "b->a"] as const) {
      for (const after of [0, 5, 200, 1200, 5000]) {
        await failing({ tamper: [{ direction, action: "disconnect", after }] }, { source: transport, destination: transport });
      }
    }
    await failing({ tamper: [{ direction: "b->a", action: "truncate", after: 500 }] }, { source: transport, destination: transport });
  }, 120_000);

  it("SERVTD_ATTR != 0 on the source's binding is InvalidParameter (1) before any network traffic", async () => {
    const r = await failing({ timeoutMs: 3000, adjust: (s) => { s.tds[0].servtdAttr = 1n; } }, { source: [1] });
    expect(r.logs.filter((l) => l.side === "source").some((l) => /TLS client (over|to)/.test(l.line)), explain(r)).toBe(false);
  });

  it("migration version ranges that do not overlap are InvalidParameter (1) on both sides", async () => {
    await failing({
      adjust: (s, d) => {
        s.sim.tdx.versions = { ...s.sim.tdx.versions, minExport: 1n, maxExport: 1n };
        d.sim.tdx.versions = { ...d.sim.tdx.versions, minImport: 2n, maxImport: 3n };
      },
    }, { source: [1], destination: [1] });
  });
}
