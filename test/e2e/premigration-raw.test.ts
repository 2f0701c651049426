// Full pre-migrations between two MigTDs speaking the RAW host interface (vmcall-raw, migtd.md
// §1.6): the happy path on both hosts, 12 at once, the negative matrix of the Service interface
// (test/e2e/premigration.test.ts) run over RAW, and the RAW-only transport faults: a VMM cancel
// at each Send/Receive of a session, a Receive of 0 bytes, a Send larger than one chunk. Each
// failure with its result code and no key written into either user TD.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PairOptions, PairResult, SideSetup, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { buildPckChain } from "../../scripts/sim/pck-chain.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { ccEvent, taggedData, EV_EVENT_TAG } from "../../scripts/sim/ccel.ts";
import { RAW } from "../../scripts/sim/raw-wire.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

const hosts: ("node" | "native")[] = ["node", "native"];

describe.each(hosts)("RAW pre-migration between two MigTDs (%s host)", (host) => {
  it("the RAW builds exist", () => {
    expect(existsSync(join(repoRoot, "build", host === "node" ? "migtd-core-raw.wasm" : "migtd-linux-raw")), "run 'make core native'").toBe(true);
  });

  it("completes: both report Success and each MIG_DEC_KEY is the peer's MIG_ENC_KEY", async () => {
    const r = await runPreMigration({ host, iface: "raw", timeoutMs: 30_000 });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.sessions[0].version).toBe(1n);
  });

  it("runs 12 pre-migrations at once over the one leaf, all succeeding", async () => {
    const r = await runPreMigration({ host, iface: "raw", sessions: 12, timeoutMs: 90_000 });
    expect(r.sessions.filter((s) => !(s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch)), explain(r)).toEqual([]);
  }, 180_000);

  it("the VMMs read every log line, with its level and request id, from the log areas", async () => {
    const r = await runPreMigration({ host, iface: "raw", logArea: 3, timeoutMs: 30_000 });
    expect(r.ok, explain(r)).toBe(true);
    const src = r.logArea!.filter((e) => e.side === "source").map((e) => e.entry);
    expect(src.some((e) => /MigTD Version/.test(e.text) && e.requestId === RAW.NO_REQUEST), "the provisional page was copied").toBe(true);
    const written = src.find((e) => /peer's key written/.test(e.text));
    expect(written?.requestId).toBe(1n);
    expect(written?.level).toBe(3);
    expect(src.every((e) => e.level >= 1 && e.level <= 3)).toBe(true);
  });
});

// One failing case: the codes each side must report, and no key anywhere.
async function failing(opts: Partial<PairOptions>, expected: { source?: number[]; destination?: number[] }) {
  const r = await runPreMigration({ host: "node", iface: "raw", timeoutMs: 15_000, ...opts });
  const s = r.sessions[0];
  if (expected.source) expect(expected.source, explain(r)).toContain(s.sourceStatus);
  if (expected.destination) expect(expected.destination, explain(r)).toContain(s.destinationStatus);
  expect(s.anyKeyWritten, explain(r)).toBe(false);
  return r;
}

describe("RAW pre-migration: the negative matrix of the Service interface holds (Node host)", () => {
  it("a peer quote chaining to a foreign root CA is MutualAttestationError (7)", async () => {
    await failing({
      adjust: (_s, d) => { d.sim.vmm.quoteService = new QuoteService(d.sim.tdx, { chain: buildPckChain({ seed: "another-vendor" }) }); },
    }, { source: [7], destination: [6] });
  });

  it("an enrolled root CA that does not match our own quote is MutualAttestationError (7)", async () => {
    await failing({ peerRootCa: buildPckChain({ seed: "another-vendor" }).root.der,
      adjust: (s, d) => { d.eventLog = s.eventLog; d.sim.tdx.rtmr = s.sim.tdx.rtmr.map((x) => x.slice()); } },
    { destination: [7], source: [6] });
  });

  it("a certificate key not bound to the quote's REPORTDATA is MutualAttestationError (7)", async () => {
    await failing({
      adjust: (_s, d) => {
        const build = d.sim.tdx.buildReport.bind(d.sim.tdx);
        d.sim.tdx.buildReport = () => build(new Uint8Array(64).fill(0x5a));
      },
    }, { source: [7], destination: [6] });
  });

  it("a peer event log that does not replay to its quote's RTMRs is rejected (8)", async () => {
    await failing({
      adjust: (_s, d) => {
        const log = d.eventLog.slice();
        log[72 + 14] ^= 0xff;
        d.eventLog = log;
      },
    }, { source: [8], destination: [6] });
  });

  it("a peer with another MRTD fails the 'self' policy: PolicyUnsatisfiedError (8)", async () => {
    const r = await failing({ adjust: (_s, d) => { d.sim.tdx.mrtd = new Uint8Array(48).fill(0x22); } }, { source: [8], destination: [6, 8] });
    expect(r.logs.some((l) => /PolicyUnsatisfiedError.*MRTD/i.test(l.line)), explain(r)).toBe(true);
  });

  it("an invalid enrolled policy is InvalidPolicyError (9)", async () => {
    const valid = readFileSync(join(repoRoot, "config", "policy.json"));
    await failing({ policy: new TextEncoder().encode("{\"not\": \"a policy\"}"), peerPolicy: valid }, { source: [9], destination: [6] });
  });

  it("records corrupted in the VMM's relay end the session with SecureSessionError (6)", async () => {
    for (const after of [10, 300, 2000]) {
      await failing({ tamper: [{ direction: "a->b", action: "alter", after }] }, { source: [6], destination: [6] });
    }
  });

  // RAW has no end of stream: the side that sees the broken relay first fails with 5 or 6, and the
  // host then aborts the request on its peer (VmmCanceled, 10).
  it("a relay that breaks after N bytes fails the pending Receive: 5 or 6, the peer 5, 6 or 10", async () => {
    for (const direction of ["a->b", "b->a"] as const) {
      for (const after of [0, 5, 200, 1200, 5000]) {
        await failing({ tamper: [{ direction, action: "disconnect", after }] }, { source: [5, 6, 10], destination: [5, 6, 10] });
      }
    }
    await failing({ tamper: [{ direction: "b->a", action: "truncate", after: 500 }] }, { source: [5, 6, 10], destination: [5, 6, 10] });
  }, 120_000);

  it("SERVTD_ATTR != 0 on the source's binding is InvalidParameter (1) before any Send", async () => {
    const r = await failing({ timeoutMs: 3000, adjust: (s) => { s.tds[0].servtdAttr = 1n; } }, { source: [1] });
    expect(r.logs.filter((l) => l.side === "source").some((l) => /TLS client over/.test(l.line))).toBe(false);
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

describe("RAW-only transport faults (Node host)", () => {
  // The Send and Receive calls each side makes before its key is written, in a run without faults:
  // every one of them is a step where the host can cancel the migration.
  async function sessionSteps(): Promise<Record<"source" | "destination", Record<"send" | "receive", number>>> {
    const steps = { source: { send: 0, receive: 0 }, destination: { send: 0, receive: 0 } };
    const r = await runPreMigration({
      host: "node", iface: "raw", timeoutMs: 15_000,
      adjust: (s, d) => {
        for (const [name, side] of [["source", s], ["destination", d]] as const) {
          side.raw!.onCall = (fn) => { if (side.tds[0].writes === 0) steps[name][fn]++; };
        }
      },
    });
    expect(r.ok, explain(r)).toBe(true);
    return steps;
  }

  // The cancelled MigTD reports VmmCanceled and writes nothing, and so does its peer — except
  // when the cancelled call is the source's last Receive (the destination's ExchangeInformation):
  // the destination has committed by then, the protocol's last-message asymmetry (migtd.md §2.1
  // steps 6-9), which the host resolves because it issued the cancel.
  it("a VMM cancel at each Send and Receive of either side ends the request with VmmCanceled (10)", async () => {
    const steps = await sessionSteps();
    expect(steps.source.send).toBeGreaterThanOrEqual(2);
    expect(steps.destination.receive).toBeGreaterThanOrEqual(2);
    let runs = 0;
    for (const side of ["source", "destination"] as const) {
      for (const fn of ["send", "receive"] as const) {
        for (let nth = 0; nth < steps[side][fn]; nth++) {
          let sides: SideSetup[] = [];
          const r = await runPreMigration({
            host: "node", iface: "raw", timeoutMs: 15_000,
            adjust: (s, d) => { sides = [s, d]; (side === "source" ? s : d).raw!.cancels.push({ fn, requestId: 1n, nth }); },
          });
          const [cancelled, peer] = side === "source" ? [sides[0], sides[1]] : [sides[1], sides[0]];
          const o = r.sessions[0];
          const [cs, ps] = side === "source" ? [o.sourceStatus, o.destinationStatus] : [o.destinationStatus, o.sourceStatus];
          const what = `${side} ${fn} #${nth}\n${explain(r)}`;
          expect(cs, what).toBe(10);
          expect(cancelled.tds[0].writes, what).toBe(0);
          const lastStep = side === "source" && fn === "receive" && nth === steps.source.receive - 1;
          if (lastStep && ps === 0) expect(peer.tds[0].writes, what).toBeGreaterThan(0);
          else { expect(ps, what).toBe(10); expect(peer.tds[0].writes, what).toBe(0); }
          expect(r.logs.some((l) => l.side === side && /the VMM cancelled (Send|Receive) of request 0x1/.test(l.line)), what).toBe(true);
          runs++;
        }
      }
    }
    expect(runs).toBe(steps.source.send + steps.source.receive + steps.destination.send + steps.destination.receive);
  }, 120_000);

  it("a Receive completed with success and 0 bytes is malformed: NetworkError (5) at each Receive step", async () => {
    const steps = await sessionSteps();
    for (const side of ["source", "destination"] as const) {
      for (let nth = 0; nth < steps[side].receive; nth++) {
        if (side === "source" && nth === steps.source.receive - 1) continue; // the destination has committed (see above)
        const expected = side === "source" ? { source: [5], destination: [10] } : { destination: [5], source: [10] };
        const r = await failing({ adjust: (s, d) => { (side === "source" ? s : d).raw!.receiveFaults.push({ kind: "zero-length", requestId: 1n, nth }); } }, expected);
        expect(r.logs.some((l) => l.side === side && /malformed Receive: success with 0 bytes/.test(l.line)), explain(r)).toBe(true);
      }
    }
  }, 60_000);

  it("a TLS flight larger than one Send is chunked at 65,524 bytes and the session still succeeds", async () => {
    let source: SideSetup | undefined;
    const big = new Uint8Array(70_000).fill(0x61);
    const r = await runPreMigration({
      host: "node", iface: "raw", timeoutMs: 30_000,
      adjust: (s, d) => {
        source = s;
        // A large event in RTMR3 on both sides: it travels in each RA-TLS certificate (§2.4).
        for (const side of [s, d]) {
          const digest = new Uint8Array(createHash("sha384").update(big).digest());
          side.sim.tdx.extendRtmr(3, digest);
          side.eventLog = new Uint8Array(Buffer.concat([side.eventLog, ccEvent(4, EV_EVENT_TAG, digest, taggedData(0x7777, big))]));
        }
      },
    });
    expect(r.ok, explain(r)).toBe(true);
    const sizes = source!.raw!.sendSizes;
    expect(sizes, JSON.stringify(sizes)).toContain(RAW.MAX_CHUNK);
    expect(Math.max(...sizes)).toBe(RAW.MAX_CHUNK);
  });
});
