// Every TDCALL/VMCALL wrapper of the core (assembly/tdx/) against the simulator, with expected
// values computed independently here (node:crypto) or read from the simulator's state. The
// wrappers run on two hosts: Node (V8) with the in-process simulator, and the wasm2c engine built
// with its linear memory 24 bytes off a page boundary (as wasm3 places it; `make native-skew`)
// talking to the same simulator over the link (docs/sim-protocol.md). The second shows the
// runtime's imports never depend on where an engine puts linear memory (runtime-c/src/bounce.h).
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { listenLink } from "../../scripts/sim/link.ts";
import { FIELD, TDX_BINDING_INVALID, TDX_FIELD_INVALID, TDX_FIELD_NOT_READABLE, TDX_FIELD_NOT_WRITABLE } from "../../scripts/sim/tdx-module.ts";
import { makeImports } from "../../scripts/host/imports.ts";
import { nativeEngine } from "../helpers/native-engine.ts";
import { debugWasm } from "../helpers/scenarios.ts";

const sha384 = (...p: Uint8Array[]) => { const h = createHash("sha384"); p.forEach((x) => h.update(x)); return new Uint8Array(h.digest()); };
const UUID = [0x11n, 0x22n, 0x33n, 0x44n];
const HANDLE = 0x77n;
type Num = number | bigint;

// What the wrappers run on: the debug core's exports and its linear memory.
interface Target {
  call(fn: string, ...args: Num[]): Promise<Num>;
  write(ptr: number, bytes: Uint8Array): Promise<void>;
  read(ptr: number, len: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const LINEAR_SKEW_TARGET = "build/native-skew/core-debug.native";

const TARGETS: { name: string; open: (sim: Simulator) => Promise<Target> }[] = [
  {
    name: "node",
    open: async (sim) => {
      const host = new NodeHost({ wasmPath: debugWasm, sim });
      host.instantiate();
      const x = host.exports as Record<string, (...a: Num[]) => Num>;
      const mem = () => new Uint8Array(host.memory().buffer);
      return {
        call: async (fn, ...args) => x[fn](...args),
        write: async (ptr, bytes) => { mem().set(bytes, ptr); },
        read: async (ptr, len) => mem().slice(ptr, ptr + len),
        close: async () => {},
      };
    },
  },
  {
    name: "wasm2c, linear memory 24 bytes off a page (native, over the simulator link)",
    open: async (sim) => {
      const dir = mkdtempSync(join(tmpdir(), "tdx-wrappers-"));
      const sock = join(dir, "sim.sock");
      const server: Server = await listenLink(sock, sim, () => {});
      const e = await nativeEngine(debugWasm, { target: LINEAR_SKEW_TARGET, sim: sock });
      return {
        call: (fn, ...args) => e.call(fn, ...args),
        write: (ptr, bytes) => e.write(ptr, bytes),
        read: (ptr, len) => e.read(ptr, len),
        close: async () => {
          await e.close();
          await new Promise<void>((r) => server.close(() => r()));
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

let sim: Simulator;
let t: Target;

const call = (fn: string, ...args: Num[]) => t.call(fn, ...args);
async function put(bytes: Uint8Array): Promise<number> {
  const p = Number(await call("api_alloc", bytes.length));
  await t.write(p, bytes);
  return p;
}
async function result(ptr: Num): Promise<Uint8Array> {
  const p = Number(ptr);
  const len = new DataView((await t.read(p, 4)).buffer).getUint32(0, true);
  const out = await t.read(p + 4, len);
  await call("api_free", p);
  return out;
}
async function words(ptr: Num): Promise<bigint[]> {
  const b = await result(ptr);
  return Array.from(new BigUint64Array(b.buffer, b.byteOffset, b.length / 8));
}
function uuidPtr(uuid = UUID): Promise<number> {
  return put(new Uint8Array(new BigUint64Array(uuid).buffer));
}

for (const target of TARGETS) {
  describe(`TDX wrappers on ${target.name}`, () => {
    beforeEach(async () => {
      sim = new Simulator();
      sim.tdx.bind({ handle: HANDLE, uuid: UUID });
      t = await target.open(sim);
    });
    afterEach(async () => {
      await t.close();
    });

    it("the buffers TDG.MR.REPORT gets are aligned GPAs whatever the engine's memory placement", async () => {
      const gpas: bigint[] = [];
      const tdcall = sim.tdcall.bind(sim);
      sim.tdcall = function* (regs) {
        if (regs[0] === 4n) gpas.push(regs[1], regs[2]);
        return yield* tdcall(regs);
      } as typeof sim.tdcall;
      const out = await result(await call("dbg_mr_report", await put(randomBytes(64))));
      expect(new DataView(out.buffer, out.byteOffset).getBigUint64(0, true)).toBe(0n);
      expect(gpas.length).toBe(2);
      expect(gpas[0] % 1024n).toBe(0n);
      expect(gpas[1] % 64n).toBe(0n);
    });

    describe("TDCALL wrappers against the simulated TDX module", () => {
      it("TDG.VP.INFO returns GPAW, attributes, vCPU counts and the shared bit", async () => {
        const [status, gpaw, attrs, num, max, , sharedBit] = await words(await call("dbg_vp_info"));
        expect(status).toBe(0n);
        expect(gpaw).toBe(48n);
        expect(attrs).toBe(sim.tdx.attributes);
        expect([num, max]).toEqual([1n, 1n]);
        expect(sharedBit).toBe(1n << 47n);
      });

      it("TDG.VP.INFO with GPAW 52 moves the shared bit to bit 51; other GPAWs are refused", async () => {
        sim.tdx.gpaw = 52;
        expect((await words(await call("dbg_vp_info")))[6]).toBe(1n << 51n);
        sim.tdx.gpaw = 39;
        expect((await words(await call("dbg_vp_info")))[6]).toBe(0n);
      });

      it("TDG.MR.REPORT binds REPORTDATA, carries a MAC the module accepts and consistent hashes", async () => {
        const rd = randomBytes(64);
        const out = await result(await call("dbg_mr_report", await put(rd)));
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

      it("a tampered report no longer verifies (the MAC check is real)", async () => {
        const out = await result(await call("dbg_mr_report", await put(randomBytes(64))));
        const report = out.slice(8);
        report[130] ^= 1;
        expect(sim.tdx.verifyReportMac(report)).toBe(false);
      });

      it("TDG.MR.RTMR.EXTEND computes RTMR = SHA-384(old || digest), visible in the next report", async () => {
        const d1 = randomBytes(48);
        const d2 = randomBytes(48);
        expect(await call("dbg_rtmr_extend", 2, await put(d1), 48)).toBe(0n);
        expect(await call("dbg_rtmr_extend", 2, await put(d2), 48)).toBe(0n);
        const expected = sha384(sha384(new Uint8Array(48), d1), d2);
        expect(Buffer.from(sim.tdx.rtmr[2])).toEqual(Buffer.from(expected));
        const report = (await result(await call("dbg_mr_report", await put(new Uint8Array(64))))).subarray(8);
        expect(Buffer.from(report.subarray(512 + 208 + 96, 512 + 208 + 144))).toEqual(Buffer.from(expected));
      });

      it("RTMR.EXTEND refuses an index above 3 and a digest that is not 48 bytes", async () => {
        expect(await call("dbg_rtmr_extend", 4, await put(randomBytes(48)), 48)).not.toBe(0n);
        expect(await call("dbg_rtmr_extend", 1, await put(randomBytes(32)), 32)).not.toBe(0n);
        expect(sim.tdx.rtmr.every((r) => r.every((b) => b === 0))).toBe(true);
      });

      it("TDG.SERVTD.RD reads SERVTD_ATTR and MIG_ENC_KEY element by element", async () => {
        const td = sim.tdx.tds[0];
        td.servtdAttr = 5n;
        expect(await words(await call("dbg_servtd_read", HANDLE, await uuidPtr(), FIELD.SERVTD_ATTR))).toEqual([0n, 5n]);
        const key = await words(await call("dbg_servtd_read_elements", HANDLE, await uuidPtr(), FIELD.MIG_ENC_KEY, 4));
        expect(key).toEqual([0n, ...td.migEncKey]);
      });

      it("TDG.SERVTD.RD reports the module's errors: write-only field, unknown field, unknown binding", async () => {
        expect((await words(await call("dbg_servtd_read", HANDLE, await uuidPtr(), FIELD.MIG_DEC_KEY)))[0]).toBe(TDX_FIELD_NOT_READABLE);
        expect((await words(await call("dbg_servtd_read", HANDLE, await uuidPtr(), 0x1234n)))[0]).toBe(TDX_FIELD_INVALID);
        expect((await words(await call("dbg_servtd_read", HANDLE + 1n, await uuidPtr(), FIELD.SERVTD_ATTR)))[0]).toBe(TDX_BINDING_INVALID);
        expect((await words(await call("dbg_servtd_read", HANDLE, await uuidPtr([1n, 2n, 3n, 4n]), FIELD.SERVTD_ATTR)))[0]).toBe(TDX_BINDING_INVALID);
        expect((await words(await call("dbg_servtd_read_elements", HANDLE, await uuidPtr(), FIELD.MIG_DEC_KEY, 4)))[0]).toBe(TDX_FIELD_NOT_READABLE);
      });

      it("TDG.SERVTD.WR writes MIG_DEC_KEY and MIG_VERSION with a full mask and returns the old value", async () => {
        const td = sim.tdx.tds[0];
        td.migDecKey[1] = 0xaan;
        expect(await words(await call("dbg_servtd_write", HANDLE, await uuidPtr(), FIELD.MIG_DEC_KEY + 1n, 0x1122334455667788n))).toEqual([0n, 0xaan]);
        expect(td.migDecKey[1]).toBe(0x1122334455667788n);
        expect((await words(await call("dbg_servtd_write", HANDLE, await uuidPtr(), FIELD.MIG_VERSION, 3n)))[0]).toBe(0n);
        expect(td.migVersion).toBe(3n);
        expect((await words(await call("dbg_servtd_write", HANDLE, await uuidPtr(), FIELD.MIG_ENC_KEY, 1n)))[0]).toBe(TDX_FIELD_NOT_WRITABLE);
      });

      it("TDG.SYS.RD reads the migration version fields; unknown fields fail", async () => {
        sim.tdx.versions = { minExport: 1n, maxExport: 4n, minImport: 2n, maxImport: 6n };
        expect(await words(await call("dbg_sys_read", FIELD.MAX_EXPORT_VERSION))).toEqual([0n, 4n]);
        expect(await words(await call("dbg_sys_read", FIELD.MIN_IMPORT_VERSION))).toEqual([0n, 2n]);
        expect((await words(await call("dbg_sys_read", 0x42n)))[0]).toBe(TDX_FIELD_INVALID);
      });

      it("TDG.VM.RD reads a field of the MigTD's own TDCS", async () => {
        sim.tdx.vmFields.set(0x1910_0003_0000_0202n, 0x99n);
        expect(await words(await call("dbg_vm_read", 0x1910_0003_0000_0202n))).toEqual([0n, 0x99n]);
        expect((await words(await call("dbg_vm_read", 0x1n)))[0]).toBe(TDX_FIELD_INVALID);
      });
    });

    describe("VMCALL wrappers against the simulated VMM", () => {
      it("SetupEventNotifyInterrupt registers vectors 32..255 and refuses others", async () => {
        expect(await words(await call("dbg_setup_notify", 0x51n))).toEqual([0n, 0n]);
        expect(sim.vmm.notifyVectors.has(0x51)).toBe(true);
        expect((await words(await call("dbg_setup_notify", 5n)))[1]).toBe(0x8000_0000_0000_0000n);
      });

      it("GetQuote passes a shared, page-aligned buffer the VMM accepts", async () => {
        const [tdx, ghci, gpa] = await words(await call("dbg_get_quote", 2, 1n));
        expect([tdx, ghci]).toEqual([0n, 0n]);
        expect(gpa & (1n << 47n)).toBe(1n << 47n);
        expect(gpa % 4096n).toBe(0n);
        expect(sim.vmm.quoteRequests).toBe(1);
      });

      it("GetQuote with a header version other than 1 is refused by the VMM", async () => {
        expect((await words(await call("dbg_get_quote", 1, 0n)))[1]).toBe(0x8000_0000_0000_0000n);
        expect(sim.vmm.quoteRequests).toBe(0);
      });

      it("MapGPA succeeds; Service with an unaligned buffer gets ALIGN_ERROR", async () => {
        expect((await words(await call("dbg_map_gpa", (1n << 47n) | 0x4000_0000n, 4096n))).slice(0, 2)).toEqual([0n, 0n]);
        expect((await words(await call("dbg_service_raw", 0x1001n, 0x2000n, 0x50n)))[1]).toBe(0x8000_0000_0000_0002n);
      });
    });
  });
}

describe("the Node implementation of the import ABI", () => {
  let host: NodeHost;
  const mem = () => host.memory();
  const put = (bytes: Uint8Array): number => {
    const p = Number((host.exports as Record<string, (n: number) => number>).api_alloc(bytes.length));
    new Uint8Array(mem().buffer, p, bytes.length).set(bytes);
    return p;
  };
  beforeEach(() => {
    host = new NodeHost({ wasmPath: debugWasm, sim: new Simulator() });
    host.instantiate();
  });

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
