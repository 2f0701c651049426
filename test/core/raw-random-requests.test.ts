// Random WaitForRequest answers (any data_status, length, operation and payload) against the RAW
// core: the parser of this host-controlled buffer never traps, answers each request whose id it
// can read with a MigTD result code (or ignores it), writes no key, and keeps serving.
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { RawVmm } from "../../scripts/sim/raw-vmm.ts";
import { RAW, idPayload } from "../../scripts/sim/raw-wire.ts";
import { root } from "../helpers/scenarios.ts";
import { until } from "../../scripts/sim/scenario.ts";


const request = fc.record({
  op: fc.integer({ min: 0, max: 255 }),
  byte0: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 255 })),
  upper: fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }),
  payload: fc.uint8Array({ minLength: 0, maxLength: 700 }),
  length: fc.option(fc.integer({ min: 0, max: 70_000 }), { nil: undefined }),
});

describe("RAW requests from a hostile VMM", () => {
  it("300 random WaitForRequest answers: no trap, only result codes, no key, still serving", async () => {
    const sim = new Simulator();
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    sim.tdx.bind({ handle: 0x1n, uuid: [1n, 2n, 3n, 4n] });
    const raw = new RawVmm(sim.vmm);
    sim.vmm.raw = raw;
    const host = new NodeHost({ wasmPath: join(root, "build", "migtd-core-raw.wasm"), sim, config: bootWithEnrollment(sim) });
    await host.start();
    try {
      const samples = fc.sample(request, { numRuns: 300, seed: 0x5eed });
      for (const r of samples) {
        expect(await until(() => raw.waitsIssued > raw.responsesDelivered), "the MigTD waits for the next request").toBe(true);
        // byte 1 of data_status is the operation; bytes 2..7 random.
        const dataStatus = BigInt(r.byte0) | (BigInt(r.op) << 8n) | (r.upper << 16n);
        if (r.byte0 === 0 && (r.length ?? r.payload.length) === 0 && dataStatus === 0n) continue; // "nothing yet"
        raw.enqueue({ op: r.op, payload: r.payload, dataStatus, length: r.length });
      }
      expect(await until(() => raw.waitsIssued > raw.responsesDelivered)).toBe(true);
      for (const rep of raw.rawReports) {
        expect([0, 1, 4, 5, 6, 7, 10, 11, 12]).toContain(rep.code);
        expect(rep.failed).toBe(rep.code === 0 ? 0 : 1);
      }
      expect(raw.rawReports.filter((x) => x.code === 11).length).toBeGreaterThan(0);
      expect(raw.rawReports.filter((x) => x.code === 12).length).toBeGreaterThan(0);
      expect(host.traps).toBe(0);
      expect(sim.tdx.tds.every((td) => td.writes === 0)).toBe(true);
      const before = raw.rawReports.length;
      raw.enqueue({ op: RAW.OP.GET_TD_REPORT, payload: idPayload(0xfeedn) });
      expect(await until(() => raw.rawReports.slice(before).some((x) => x.requestId === 0xfeedn && x.code === 0))).toBe(true);
    } finally {
      await host.stop();
    }
  }, 120_000);
});
