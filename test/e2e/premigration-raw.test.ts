// Full pre-migrations between two MigTDs speaking the RAW host interface (vmcall-raw, migtd.md
// §1.6): the happy path on both hosts, 12 at once, the negative matrix of the Service interface
// (test/e2e/negative-matrix.ts) run over RAW, and the RAW-only transport faults: a VMM cancel
// at each Send/Receive of a session, a Receive of 0 bytes, a Send larger than one chunk. Each
// failure with its result code and no key written into either user TD.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SideSetup, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { ccEvent, taggedData, EV_EVENT_TAG } from "../../scripts/sim/ccel.ts";
import { RAW } from "../../scripts/sim/raw-wire.ts";
import { explain, failingOn, negativeMatrix } from "./negative-matrix.ts";

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

// RAW has no end of stream: the side that sees the broken relay first fails with 5 or 6, and the
// host then aborts the request on its peer (VmmCanceled, 10).
describe("RAW pre-migration: the negative matrix of the Service interface holds (Node host)", () => {
  negativeMatrix("raw", [5, 6, 10]);
});

const failing = failingOn("raw");

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
