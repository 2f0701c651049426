// TDG.VP.VMCALL<GetQuote> against the simulated VMM + quote service: the GHCI buffer with the
// guest library's QGS framing (migtd.md §1.7, tdx-abi.md §4.6), asynchronous completion with the
// 0x51 notification, delays and injected failures; then end to end through the debug core's
// TDCALL/VMCALL path on the Node host.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REG, runSync } from "../../scripts/sim/guest.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import {
  GHCI_ALIGN_ERROR, GHCI_INVALID_OPERAND, GHCI_RETRY, GHCI_SUCCESS, QUOTE_STATUS_ERROR, QUOTE_STATUS_IN_FLIGHT,
  QUOTE_STATUS_SUCCESS, QUOTE_STATUS_UNAVAILABLE,
} from "../../scripts/sim/vmm.ts";
import { QGS, QuoteService, parseQgsResponse, qgsGetQuoteRequest } from "../../scripts/sim/quote-service.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { CoreLibrary } from "../../scripts/host/library.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { EV, makeImports } from "../../scripts/host/imports.ts";
import { coreWasm, debugWasm } from "../helpers/scenarios.ts";
import { FakeMemory, sleep, until } from "./helpers.ts";

const SHARED = 1n << 47n;
const BUF = SHARED | 0x4000_0000n;
const now = () => BigInt(Math.floor(Date.now() / 1000));
let lib: CoreLibrary;
beforeAll(() => { lib = CoreLibrary.load(coreWasm); });

// Guest library framing: u32 BE length + GET_QUOTE_REQ.
function framed(report: Uint8Array): Uint8Array {
  const msg = qgsGetQuoteRequest(report);
  const out = new Uint8Array(4 + msg.length);
  new DataView(out.buffer).setUint32(0, msg.length, false);
  out.set(msg, 4);
  return out;
}

function header(buf: Uint8Array) {
  const v = new DataView(buf.buffer, buf.byteOffset);
  return { version: v.getBigUint64(0, true), status: v.getBigUint64(8, true), inLen: v.getUint32(16, true), outLen: v.getUint32(20, true) };
}

// The quote out of a completed buffer (null if the QGS answered an error).
function quoteOf(buf: Uint8Array): { errorCode: number; quote: Uint8Array | null } {
  const { outLen } = header(buf);
  const data = buf.subarray(24, 24 + outLen);
  const len = new DataView(data.buffer, data.byteOffset).getUint32(0, false);
  expect(len).toBe(outLen - 4);
  return parseQgsResponse(data.slice(4))!;
}

describe("GetQuote in the VMM (fake guest memory)", () => {
  let sim: Simulator;
  let mem: FakeMemory;
  let buf: Uint8Array;
  let notified: number[];

  beforeEach(() => {
    sim = new Simulator();
    mem = new FakeMemory();
    buf = mem.map(BUF, 4 * 4096);
    notified = [];
    sim.connect({ notify: (v) => notified.push(v), runDetached: (t) => { runSync(t, mem); } });
  });

  function request(data: Uint8Array, opts: { gpa?: bigint; size?: bigint; version?: bigint } = {}): bigint {
    const v = new DataView(buf.buffer);
    buf.fill(0);
    v.setBigUint64(0, opts.version ?? 1n, true);
    v.setUint32(16, data.length, true);
    buf.set(data, 24);
    const regs = new BigUint64Array(16);
    regs[REG.R11] = 0x10002n;
    regs[REG.R12] = opts.gpa ?? BUF;
    regs[REG.R13] = opts.size ?? BigInt(buf.length);
    runSync(sim.vmcall(regs), mem);
    return regs[REG.R10];
  }

  const setupNotify = () => {
    const regs = new BigUint64Array(16);
    regs[REG.R11] = 0x10004n;
    regs[REG.R12] = 0x51n;
    runSync(sim.vmcall(regs), mem);
  };

  const report = () => sim.tdx.buildReport(new Uint8Array(64).fill(7));

  it("without a quote service answers 'service unavailable' and notifies", () => {
    setupNotify();
    expect(request(framed(report()))).toBe(GHCI_SUCCESS);
    expect(header(buf).status).toBe(QUOTE_STATUS_UNAVAILABLE);
    expect(notified).toEqual([0x51]);
  });

  it("marks the buffer IN_FLIGHT, completes asynchronously with a verifying quote and raises 0x51", async () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    setupNotify();
    const rep = report();
    expect(request(framed(rep))).toBe(GHCI_SUCCESS);
    expect(header(buf).status).toBe(QUOTE_STATUS_IN_FLIGHT);
    expect(notified).toEqual([]);
    expect(await until(() => sim.vmm.quotesCompleted === 1)).toBe(true);
    const h = header(buf);
    expect(h.status).toBe(QUOTE_STATUS_SUCCESS);
    expect(h.inLen).toBe(4 + 24 + 1024);
    expect(notified).toEqual([0x51]);
    const r = quoteOf(buf);
    expect(r.errorCode).toBe(QGS.SUCCESS);
    const v = lib.callJson("api_quote_verify", r.quote!, testRootDer(), new Uint8Array(0), now());
    expect(v.verified).toBe(true);
    expect(v.body.reportData).toBe("07".repeat(64));
  });

  it("does not notify when no vector was registered", async () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    request(framed(report()));
    expect(await until(() => sim.vmm.quotesCompleted === 1)).toBe(true);
    expect(header(buf).status).toBe(QUOTE_STATUS_SUCCESS);
    expect(notified).toEqual([]);
  });

  it("honours the configured delay", async () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    sim.vmm.quoteDelayMs = 80;
    request(framed(report()));
    await sleep(30);
    expect(header(buf).status).toBe(QUOTE_STATUS_IN_FLIGHT);
    expect(await until(() => header(buf).status === QUOTE_STATUS_SUCCESS, 2000)).toBe(true);
  });

  it("a forged TDREPORT gets a QGS error and no quote", async () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    const rep = report();
    rep[140] ^= 0x80;
    request(framed(rep));
    expect(await until(() => sim.vmm.quotesCompleted === 1)).toBe(true);
    expect(header(buf).status).toBe(QUOTE_STATUS_SUCCESS);
    expect(quoteOf(buf)).toEqual({ errorCode: QGS.ERROR_INVALID_PARAMETER, quote: null });
  });

  it("malformed framing or a buffer too small for the quote complete with ERROR", async () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    const f = framed(report());
    f[0] ^= 1; // wrong length prefix
    request(f);
    expect(await until(() => sim.vmm.quotesCompleted === 1)).toBe(true);
    expect(header(buf).status).toBe(QUOTE_STATUS_ERROR);
    expect(header(buf).outLen).toBe(0);
    request(framed(report()), { size: 4096n }); // a ~4.4 KB quote does not fit in one page
    expect(await until(() => sim.vmm.quotesCompleted === 2)).toBe(true);
    expect(header(buf).status).toBe(QUOTE_STATUS_ERROR);
  });

  it("checks the buffer as QEMU does", () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    expect(request(framed(report()), { gpa: BUF & ~SHARED })).toBe(GHCI_INVALID_OPERAND);
    expect(request(framed(report()), { gpa: BUF + 8n })).toBe(GHCI_ALIGN_ERROR);
    expect(request(framed(report()), { version: 2n })).toBe(GHCI_INVALID_OPERAND);
    expect(request(new Uint8Array(4096), { size: 4096n })).toBe(GHCI_INVALID_OPERAND); // in_len > size - 24
    expect(sim.vmm.quoteRequests).toBe(0);
  });

  it("injected failures: RETRY, busy statuses, QGS error, never completing", async () => {
    const vmm = sim.vmm;
    vmm.quoteService = new QuoteService(sim.tdx);
    setupNotify();
    vmm.quoteFaults.push({ kind: "retry" }, { kind: "status", status: QUOTE_STATUS_UNAVAILABLE },
      { kind: "status", status: QUOTE_STATUS_ERROR }, { kind: "qgs-error", code: QGS.ERROR_UNEXPECTED }, { kind: "never" });
    expect(request(framed(report()))).toBe(GHCI_RETRY);
    expect(header(buf).status).toBe(0n);
    request(framed(report()));
    expect(await until(() => vmm.quotesCompleted === 1)).toBe(true);
    expect(header(buf)).toMatchObject({ status: QUOTE_STATUS_UNAVAILABLE, outLen: 0 });
    request(framed(report()));
    expect(await until(() => vmm.quotesCompleted === 2)).toBe(true);
    expect(header(buf)).toMatchObject({ status: QUOTE_STATUS_ERROR, outLen: 0 });
    request(framed(report()));
    expect(await until(() => vmm.quotesCompleted === 3)).toBe(true);
    expect(quoteOf(buf)).toEqual({ errorCode: QGS.ERROR_UNEXPECTED, quote: null });
    request(framed(report()));
    await sleep(30);
    expect(header(buf).status).toBe(QUOTE_STATUS_IN_FLIGHT);
    expect(notified).toEqual([0x51, 0x51, 0x51]);
    request(framed(report())); // faults used up: a real quote again
    expect(await until(() => vmm.quotesCompleted === 4)).toBe(true);
    expect(quoteOf(buf).quote).not.toBeNull();
  });

  it("answers RETRY when too many requests are in flight", () => {
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    sim.vmm.maxQuotesInFlight = 1;
    sim.vmm.quoteDelayMs = 1000;
    expect(request(framed(report()))).toBe(GHCI_SUCCESS);
    const second = mem.map(BUF + 0x10_0000n, 4 * 4096);
    second.set(buf.subarray(0, 24 + header(buf).inLen));
    new DataView(second.buffer).setBigUint64(8, 0n, true);
    second.set(framed(report()), 24);
    const regs = new BigUint64Array(16);
    regs[REG.R11] = 0x10002n;
    regs[REG.R12] = BUF + 0x10_0000n;
    regs[REG.R13] = 4n * 4096n;
    runSync(sim.vmcall(regs), mem);
    expect(regs[REG.R10]).toBe(GHCI_RETRY);
  });
});

describe("GetQuote end to end through the debug core on the Node host", () => {
  it("a TDREPORT from the core's TDG.MR.REPORT, GetQuote through the vmcall import, 0x51 -> EV_QUOTE", async () => {
    const sim = new Simulator();
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    const host = new NodeHost({ wasmPath: debugWasm, sim });
    host.instantiate();
    const x = host.exports as Record<string, (...a: (number | bigint)[]) => number | bigint>;
    const mem = () => new Uint8Array(host.memory().buffer);
    const put = (b: Uint8Array) => { const p = Number(x.api_alloc(b.length)); mem().set(b, p); return p; };
    const result = (p: number) => { const n = new DataView(host.memory().buffer).getUint32(p, true); const out = mem().slice(p + 4, p + 4 + n); x.api_free(p); return out; };

    expect(result(Number(x.dbg_setup_notify(0x51n))).subarray(0, 16).every((b) => b === 0)).toBe(true);
    const rd = new Uint8Array(64).fill(0xab);
    const rep = result(Number(x.dbg_mr_report(put(rd)))).subarray(8);
    expect(rep.length).toBe(1024);

    // The GHCI buffer in the host's shared pool, filled as the guest library does.
    const h = host.pool.alloc(4);
    const gpa = host.pool.gpa(h)!;
    const r = host.pool.region(h)!;
    const b = host.pool.bytes.subarray(r.offset, r.offset + r.size);
    const data = framed(rep);
    new DataView(b.buffer, b.byteOffset).setBigUint64(0, 1n, true);
    new DataView(b.buffer, b.byteOffset).setUint32(16, data.length, true);
    b.set(data, 24);

    const regs = new BigUint64Array(16);
    regs[REG.RCX] = 0xfc00n;
    regs[REG.R11] = 0x10002n;
    regs[REG.R12] = gpa;
    regs[REG.R13] = BigInt(r.size);
    const regsPtr = Number(x.api_alloc(128));
    expect(regsPtr % 8).toBe(0);
    mem().set(new Uint8Array(regs.buffer), regsPtr);
    const vmcall = (makeImports(host).migtd as Record<string, (p: number) => number>).vmcall;
    expect(vmcall(regsPtr)).toBe(0);
    const out = new BigUint64Array(mem().slice(regsPtr, regsPtr + 128).buffer);
    expect(out[REG.R10]).toBe(GHCI_SUCCESS);
    expect(header(b).status).toBe(QUOTE_STATUS_IN_FLIGHT);

    expect(await until(() => (host.pending & EV.QUOTE) !== 0)).toBe(true);
    expect(header(b).status).toBe(QUOTE_STATUS_SUCCESS);
    const q = quoteOf(b);
    expect(q.errorCode).toBe(0);
    const v = lib.callJson("api_quote_verify", q.quote!, testRootDer(), new Uint8Array(0), now());
    expect(v.verified).toBe(true);
    expect(v.body.reportData).toBe("ab".repeat(64));
  });
});
