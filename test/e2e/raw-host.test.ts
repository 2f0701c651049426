// One MigTD built for the RAW host interface (vmcall-raw, migtd.md §1.6) against the simulator's
// RAW VMM: GetTDReport checked against the simulated TDX module, the log area (levels, request ids,
// the provisional page, wrap-around of the ring) and the VMM's acknowledgement of ReportStatus.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { bootWithEnrollment } from "../../scripts/sim/enrollment.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { RawVmm, RawReport } from "../../scripts/sim/raw-vmm.ts";
import { RAW, enableLogAreaPayload, idPayload } from "../../scripts/sim/raw-wire.ts";
import { parseLogArea, LogEntry } from "../../scripts/sim/raw-log-area.ts";
import { repoRoot } from "../../scripts/sim/pair.ts";
import { sleep, until } from "../../scripts/sim/scenario.ts";


let running: NodeHost | null = null;
afterEach(async () => { await running?.stop(); running = null; });

async function start(debug = false): Promise<{ sim: Simulator; raw: RawVmm; host: NodeHost }> {
  const sim = new Simulator();
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  const raw = new RawVmm(sim.vmm);
  sim.vmm.raw = raw;
  const host = new NodeHost({ wasmPath: join(repoRoot, "build", debug ? "migtd-core-raw.debug.wasm" : "migtd-core-raw.wasm"), sim, config: bootWithEnrollment(sim) });
  running = host;
  await host.start();
  return { sim, raw, host };
}

// Hands one request over once the MigTD waits, and returns its ReportStatus.
async function request(raw: RawVmm, op: number, payload: Uint8Array, id: bigint): Promise<RawReport> {
  expect(await until(() => raw.waitsIssued > raw.responsesDelivered)).toBe(true);
  const before = raw.rawReports.length;
  raw.enqueue({ op, payload });
  expect(await until(() => raw.rawReports.slice(before).some((r) => r.requestId === id)), `no ReportStatus for ${id}`).toBe(true);
  return raw.rawReports.slice(before).find((r) => r.requestId === id)!;
}

function page(raw: RawVmm, i = 0): Promise<Uint8Array> {
  return new Promise((resolve, reject) => raw.readLogPage(i, (p) => (p ? resolve(p) : reject(new Error("no log page")))));
}

const tagged = () => {
  const rd = new Uint8Array(64);
  rd.set(new TextEncoder().encode(RAW.REPORT_TAG));
  return rd;
};

describe("RAW GetTDReport (op 3)", () => {
  it("is the TDX module's report over the fixed ASCII string, whatever report data the VMM sends", async () => {
    const { sim, raw } = await start();
    const plain = await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x10n), 0x10n);
    const vmmData = idPayload(0x11n, 64);
    vmmData.fill(0xee, 8);
    const withData = await request(raw, RAW.OP.GET_TD_REPORT, vmmData, 0x11n);
    for (const rep of [plain, withData]) {
      expect(rep.code).toBe(0);
      expect(rep.failed).toBe(0);
      expect(rep.data.length).toBe(1024);
      // REPORTDATA at 128: "HostRequestedMigTDReport" then 40 zero bytes.
      expect(Buffer.from(rep.data.subarray(128, 192)).equals(Buffer.from(tagged()))).toBe(true);
      // Everything else is what this TDX module reports (measurements, TCB, MAC).
      expect(Buffer.from(rep.data).equals(Buffer.from(sim.tdx.buildReport(tagged())))).toBe(true);
      expect(sim.tdx.verifyReportMac(rep.data)).toBe(true);
    }
  });

  it("a failing TDG.MR.REPORT is TdxModuleError (4) and the MigTD keeps serving", async () => {
    const { sim, raw } = await start();
    const build = sim.tdx.buildReport.bind(sim.tdx);
    const tdcall = sim.tdx.tdcall.bind(sim.tdx);
    let fail = true;
    sim.tdx.tdcall = function* (regs) {
      if ((regs[0] & 0xffffn) === 4n && fail) { regs[0] = 0xc000_0100_0000_0000n; return; }
      return yield* tdcall(regs);
    };
    expect((await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x12n), 0x12n)).code).toBe(4);
    fail = false;
    const ok = await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x13n), 0x13n);
    expect(Buffer.from(ok.data).equals(Buffer.from(build(tagged())))).toBe(true);
  });
});

describe("RAW log area (op 4)", () => {
  it("returns one page per vCPU with the header of §1.6, the provisional lines copied in", async () => {
    const { sim, raw } = await start();
    sim.tdx.numVcpus = 3;
    const rep = await request(raw, RAW.OP.ENABLE_LOG_AREA, enableLogAreaPayload(0x20n, 3), 0x20n);
    expect(rep.code).toBe(0);
    const v = new DataView(rep.data.buffer, rep.data.byteOffset, rep.data.byteLength);
    expect(v.getUint32(0, true)).toBe(3);
    expect(rep.data.length).toBe(8 + 3 * 16);
    raw.expectLogArea.add(0x20n);
    const gpas = [0, 1, 2].map((i) => v.getBigUint64(8 + 16 * i, true));
    for (let i = 0; i < 3; i++) expect(v.getBigUint64(16 + 16 * i, true)).toBe(4096n);
    expect(new Set(gpas).size).toBe(3);
    raw.logPages.push(...gpas);
    const pages = await Promise.all([0, 1, 2].map((i) => page(raw, i)));
    pages.forEach((p, i) => {
      const parsed = parseLogArea(p);
      expect(parsed.vcpu).toBe(i);
    });
    // The MigTD runs on vCPU 0 (TDG.VP.INFO R9): its page has the boot lines, the others none.
    const main = parseLogArea(pages[0]);
    expect(main.entries.some((e) => /MigTD Version/.test(e.text) && e.requestId === RAW.NO_REQUEST && e.level === 3)).toBe(true);
    expect(main.entries.some((e) => /log area enabled/.test(e.text) && e.requestId === 0x20n)).toBe(true);
    expect(parseLogArea(pages[1]).entries).toEqual([]);
    expect(parseLogArea(pages[1]).start).toBe(40);
    expect(parseLogArea(pages[1]).end).toBe(40);
  });

  async function levelsSeen(level: number, debug = false): Promise<{ entries: LogEntry[]; logs: string[] }> {
    const { raw, host } = await start(debug);
    raw.expectLogArea.add(0x30n);
    expect((await request(raw, RAW.OP.ENABLE_LOG_AREA, enableLogAreaPayload(0x30n, level), 0x30n)).code).toBe(0);
    // A warning (a rejected request) and info lines (a GetTDReport) after the enable.
    expect((await request(raw, 9, idPayload(0x31n), 0x31n)).code).toBe(12);
    expect((await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x32n), 0x32n)).code).toBe(0);
    const entries = parseLogArea(await page(raw)).entries;
    return { entries, logs: host.logs };
  }

  it("keeps only lines at or below the VMM's level; a release build caps trace at info", async () => {
    const warn = await levelsSeen(2);
    const after = (es: LogEntry[]) => es.filter((e) => e.requestId === 0x31n || e.requestId === 0x32n);
    expect(after(warn.entries).some((e) => e.level === 2 && /unknown operation 9/.test(e.text))).toBe(true);
    expect(after(warn.entries).every((e) => e.level <= 2)).toBe(true);
    const err = await levelsSeen(1);
    expect(after(err.entries)).toEqual([]);
    const trace = await levelsSeen(5);
    expect(trace.logs.some((l) => /at level 3 \(capped\)/.test(l))).toBe(true);
    expect(after(trace.entries).some((e) => e.level === 3 && /GetTDReport/.test(e.text))).toBe(true);
    // The debug core honours trace.
    const dbg = await levelsSeen(5, true);
    expect(dbg.logs.some((l) => /at level 5$/.test(l))).toBe(true);
  });

  it("the ring wraps: oldest entries dropped, ids contiguous, every entry intact", async () => {
    const { raw } = await start();
    raw.expectLogArea.add(0x40n);
    expect((await request(raw, RAW.OP.ENABLE_LOG_AREA, enableLogAreaPayload(0x40n, 3), 0x40n)).code).toBe(0);
    let wrapped = false;
    let lastId = 0n;
    for (let i = 0; i < 60; i++) {
      const id = 0x100n + BigInt(i);
      expect((await request(raw, RAW.OP.GET_TD_REPORT, idPayload(id), id)).code).toBe(0);
      const p = parseLogArea(await page(raw));
      if (p.end < p.start) wrapped = true;
      const ids = p.entries.map((e) => e.id);
      ids.forEach((x, j) => { if (j > 0) expect(x).toBe(ids[j - 1] + 1n); });
      expect(ids[ids.length - 1]).toBeGreaterThan(lastId);
      lastId = ids[ids.length - 1];
      const used = (p.end - p.start + 4056) % 4056;
      expect(used).toBeLessThan(4056);
      expect(p.entries.filter((e) => e.requestId === id).some((e) => /GetTDReport/.test(e.text))).toBe(true);
    }
    expect(wrapped, "the end offset went past the page end and continued at 40").toBe(true);
    const final = parseLogArea(await page(raw));
    expect(final.entries[0].id).toBeGreaterThan(1n); // the boot lines are gone
  });
});

describe("RAW ReportStatus acknowledgement", () => {
  it("a request stays in flight until the VMM acknowledges its status: the same id is ignored until then", async () => {
    const { raw, host } = await start();
    raw.acknowledge = false;
    expect((await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x50n), 0x50n)).code).toBe(0);
    expect(await until(() => raw.waitsIssued > raw.responsesDelivered)).toBe(true);
    const before = raw.rawReports.length;
    raw.enqueue({ op: RAW.OP.GET_TD_REPORT, payload: idPayload(0x50n) });
    expect(await until(() => host.logs.some((l) => /request 0x50 is already in flight; duplicate ignored/.test(l)))).toBe(true);
    expect(raw.rawReports.length).toBe(before);
    raw.acknowledge = true;
    raw.acknowledgeAll();
    await sleep(30);
    expect((await request(raw, RAW.OP.GET_TD_REPORT, idPayload(0x50n), 0x50n)).code).toBe(0);
  });
});
