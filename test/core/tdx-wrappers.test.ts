// Every TDCALL/VMCALL wrapper of the core (assembly/tdx/) against the simulator, with expected
// values computed independently here (node:crypto) or read from the simulator's state.
import { createHash, randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { FIELD, TDX_BINDING_INVALID, TDX_FIELD_INVALID, TDX_FIELD_NOT_READABLE, TDX_FIELD_NOT_WRITABLE } from "../../scripts/sim/tdx-module.ts";
import { makeImports } from "../../scripts/host/imports.ts";
import { debugWasm } from "../helpers/scenarios.ts";

const sha384 = (...p: Uint8Array[]) => { const h = createHash("sha384"); p.forEach((x) => h.update(x)); return new Uint8Array(h.digest()); };
const UUID = [0x11n, 0x22n, 0x33n, 0x44n];
const HANDLE = 0x77n;

let sim: Simulator;
let host: NodeHost;
let x: Record<string, (...a: (number | bigint)[]) => number | bigint>;

function mem(): WebAssembly.Memory { return host.memory(); }
function put(bytes: Uint8Array): number {
  const p = Number(x.api_alloc(bytes.length));
  new Uint8Array(mem().buffer, p, bytes.length).set(bytes);
  return p;
}
function result(ptr: number | bigint): Uint8Array {
  const p = Number(ptr);
  const len = new DataView(mem().buffer).getUint32(p, true);
  const out = new Uint8Array(mem().buffer, p + 4, len).slice();
  x.api_free(p);
  return out;
}
function words(ptr: number | bigint): bigint[] {
  const b = result(ptr);
  return Array.from(new BigUint64Array(b.buffer, b.byteOffset, b.length / 8));
}
function uuidPtr(uuid = UUID): number {
  return put(new Uint8Array(new BigUint64Array(uuid).buffer));
}

beforeEach(() => {
  sim = new Simulator();
  sim.tdx.bind({ handle: HANDLE, uuid: UUID });
  host = new NodeHost({ wasmPath: debugWasm, sim });
  host.instantiate();
  x = host.exports as typeof x;
});

describe("TDCALL wrappers against the simulated TDX module", () => {
  it("TDG.VP.INFO returns GPAW, attributes, vCPU counts and the shared bit", () => {
    const [status, gpaw, attrs, num, max, , sharedBit] = words(x.dbg_vp_info());
    expect(status).toBe(0n);
    expect(gpaw).toBe(48n);
    expect(attrs).toBe(sim.tdx.attributes);
    expect([num, max]).toEqual([1n, 1n]);
    expect(sharedBit).toBe(1n << 47n);
  });

  it("TDG.VP.INFO with GPAW 52 moves the shared bit to bit 51; other GPAWs are refused", () => {
    sim.tdx.gpaw = 52;
    expect(words(x.dbg_vp_info())[6]).toBe(1n << 51n);
    sim.tdx.gpaw = 39;
    expect(words(x.dbg_vp_info())[6]).toBe(0n);
  });

  it("TDG.MR.REPORT binds REPORTDATA, carries a MAC the module accepts and consistent hashes", () => {
    const rd = randomBytes(64);
    const out = result(x.dbg_mr_report(put(rd)));
    const status = new DataView(out.buffer, out.byteOffset).getBigUint64(0, true);
    const report = out.subarray(8);
    expect(status).toBe(0n);
    expect(report.length).toBe(1024);
    expect(report[0]).toBe(0x81);
    expect(Buffer.from(report.subarray(128, 192)).equals(rd)).toBe(true);
    expect(sim.tdx.verifyReportMac(report)).toBe(true);
    expect(Buffer.from(report.subarray(32, 80))).toEqual(Buffer.from(sha384(report.subarray(256, 256 + 239))));
    expect(Buffer.from(report.subarray(80, 128))).toEqual(Buffer.from(sha384(report.subarray(512, 1024))));
    expect(Buffer.from(report.subarray(512 + 16, 512 + 64))).toEqual(Buffer.from(sim.tdx.mrtd));
  });

  it("a tampered report no longer verifies (the MAC check is real)", () => {
    const out = result(x.dbg_mr_report(put(randomBytes(64))));
    const report = out.slice(8);
    report[130] ^= 1;
    expect(sim.tdx.verifyReportMac(report)).toBe(false);
  });

  it("TDG.MR.RTMR.EXTEND computes RTMR = SHA-384(old || digest), visible in the next report", () => {
    const d1 = randomBytes(48);
    const d2 = randomBytes(48);
    expect(x.dbg_rtmr_extend(2, put(d1), 48)).toBe(0n);
    expect(x.dbg_rtmr_extend(2, put(d2), 48)).toBe(0n);
    const expected = sha384(sha384(new Uint8Array(48), d1), d2);
    expect(Buffer.from(sim.tdx.rtmr[2])).toEqual(Buffer.from(expected));
    const report = result(x.dbg_mr_report(put(new Uint8Array(64)))).subarray(8);
    expect(Buffer.from(report.subarray(512 + 208 + 96, 512 + 208 + 144))).toEqual(Buffer.from(expected));
  });

  it("RTMR.EXTEND refuses an index above 3 and a digest that is not 48 bytes", () => {
    expect(x.dbg_rtmr_extend(4, put(randomBytes(48)), 48)).not.toBe(0n);
    expect(x.dbg_rtmr_extend(1, put(randomBytes(32)), 32)).not.toBe(0n);
    expect(sim.tdx.rtmr.every((r) => r.every((b) => b === 0))).toBe(true);
  });

  it("TDG.SERVTD.RD reads SERVTD_ATTR and MIG_ENC_KEY element by element", () => {
    const td = sim.tdx.tds[0];
    td.servtdAttr = 5n;
    expect(words(x.dbg_servtd_read(HANDLE, uuidPtr(), FIELD.SERVTD_ATTR))).toEqual([0n, 5n]);
    const key = words(x.dbg_servtd_read_elements(HANDLE, uuidPtr(), FIELD.MIG_ENC_KEY, 4));
    expect(key).toEqual([0n, ...td.migEncKey]);
  });

  it("TDG.SERVTD.RD reports the module's errors: write-only field, unknown field, unknown binding", () => {
    expect(words(x.dbg_servtd_read(HANDLE, uuidPtr(), FIELD.MIG_DEC_KEY))[0]).toBe(TDX_FIELD_NOT_READABLE);
    expect(words(x.dbg_servtd_read(HANDLE, uuidPtr(), 0x1234n))[0]).toBe(TDX_FIELD_INVALID);
    expect(words(x.dbg_servtd_read(HANDLE + 1n, uuidPtr(), FIELD.SERVTD_ATTR))[0]).toBe(TDX_BINDING_INVALID);
    expect(words(x.dbg_servtd_read(HANDLE, uuidPtr([1n, 2n, 3n, 4n]), FIELD.SERVTD_ATTR))[0]).toBe(TDX_BINDING_INVALID);
    expect(words(x.dbg_servtd_read_elements(HANDLE, uuidPtr(), FIELD.MIG_DEC_KEY, 4))[0]).toBe(TDX_FIELD_NOT_READABLE);
  });

  it("TDG.SERVTD.WR writes MIG_DEC_KEY and MIG_VERSION with a full mask and returns the old value", () => {
    const td = sim.tdx.tds[0];
    td.migDecKey[1] = 0xaan;
    expect(words(x.dbg_servtd_write(HANDLE, uuidPtr(), FIELD.MIG_DEC_KEY + 1n, 0x1122334455667788n))).toEqual([0n, 0xaan]);
    expect(td.migDecKey[1]).toBe(0x1122334455667788n);
    expect(words(x.dbg_servtd_write(HANDLE, uuidPtr(), FIELD.MIG_VERSION, 3n))[0]).toBe(0n);
    expect(td.migVersion).toBe(3n);
    expect(words(x.dbg_servtd_write(HANDLE, uuidPtr(), FIELD.MIG_ENC_KEY, 1n))[0]).toBe(TDX_FIELD_NOT_WRITABLE);
  });

  it("TDG.SYS.RD reads the migration version fields; unknown fields fail", () => {
    sim.tdx.versions = { minExport: 1n, maxExport: 4n, minImport: 2n, maxImport: 6n };
    expect(words(x.dbg_sys_read(FIELD.MAX_EXPORT_VERSION))).toEqual([0n, 4n]);
    expect(words(x.dbg_sys_read(FIELD.MIN_IMPORT_VERSION))).toEqual([0n, 2n]);
    expect(words(x.dbg_sys_read(0x42n))[0]).toBe(TDX_FIELD_INVALID);
  });

  it("TDG.VM.RD reads a field of the MigTD's own TDCS", () => {
    sim.tdx.vmFields.set(0x1910_0003_0000_0202n, 0x99n);
    expect(words(x.dbg_vm_read(0x1910_0003_0000_0202n))).toEqual([0n, 0x99n]);
    expect(words(x.dbg_vm_read(0x1n))[0]).toBe(TDX_FIELD_INVALID);
  });
});

describe("VMCALL wrappers against the simulated VMM", () => {
  it("SetupEventNotifyInterrupt registers vectors 32..255 and refuses others", () => {
    expect(words(x.dbg_setup_notify(0x51n))).toEqual([0n, 0n]);
    expect(sim.vmm.notifyVectors.has(0x51)).toBe(true);
    expect(words(x.dbg_setup_notify(5n))[1]).toBe(0x8000_0000_0000_0000n);
  });

  it("GetQuote passes a shared, page-aligned buffer the VMM accepts", () => {
    const [tdx, ghci, gpa] = words(x.dbg_get_quote(2, 1n));
    expect([tdx, ghci]).toEqual([0n, 0n]);
    expect(gpa & (1n << 47n)).toBe(1n << 47n);
    expect(gpa % 4096n).toBe(0n);
    expect(sim.vmm.quoteRequests).toBe(1);
  });

  it("GetQuote with a header version other than 1 is refused by the VMM", () => {
    expect(words(x.dbg_get_quote(1, 0n))[1]).toBe(0x8000_0000_0000_0000n);
    expect(sim.vmm.quoteRequests).toBe(0);
  });

  it("MapGPA succeeds; Service with an unaligned buffer gets ALIGN_ERROR", () => {
    expect(words(x.dbg_map_gpa((1n << 47n) | 0x4000_0000n, 4096n)).slice(0, 2)).toEqual([0n, 0n]);
    expect(words(x.dbg_service_raw(0x1001n, 0x2000n, 0x50n))[1]).toBe(0x8000_0000_0000_0002n);
  });
});

describe("the Node implementation of the import ABI", () => {
  it("vmcall refuses an expose bitmap that would show RBP, RSP, RAX or RCX", () => {
    const imports = makeImports(host).migtd as Record<string, (...a: number[]) => number>;
    for (const bit of [0, 1, 4, 5]) {
      const regs = new BigUint64Array(16);
      regs[1] = 0xfc00n | (1n << BigInt(bit));
      const p = put(new Uint8Array(regs.buffer));
      expect(imports.vmcall(p)).toBe(-5);
    }
  });

  it("tdcall with RAX = 0 is refused (TDG.VP.VMCALL goes through vmcall)", () => {
    const imports = makeImports(host).migtd as Record<string, (...a: number[]) => number>;
    expect(imports.tdcall(put(new Uint8Array(128)))).toBe(-5);
  });

  it("an out-of-bounds guest pointer traps instead of touching host memory", () => {
    const imports = makeImports(host).migtd as Record<string, (...a: number[]) => number>;
    const end = mem().buffer.byteLength;
    expect(() => imports.tdcall(end - 64)).toThrow(WebAssembly.RuntimeError);
    expect(() => imports.log(3, end - 2, 10)).toThrow(WebAssembly.RuntimeError);
    expect(() => imports.random(end, 1)).toThrow(WebAssembly.RuntimeError);
    expect(() => imports.shared_write(0, 0, -1, 4)).toThrow(WebAssembly.RuntimeError);
  });
});
