// The import layer of the native runtime through the test harness: every import range-checks its
// pointers and traps on a bad one (the harness reports the trap and keeps going), expected
// failures are ABI_ERR_* values, and the engine itself traps and grows memory like V8.
// Fixture: fixtures/imports.wat (a wrapper export per import; memory 1 page, max 2).
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { nativeEngine, NativeTrap, type NativeEngine } from "../helpers/native-engine";
import { nodeEngine, type Engine } from "../helpers/engine";
import { ABI, ABI_REGS_BYTES, CHAN, IMPORTS } from "../../scripts/host/gen/abi.ts";

const WASM = "build/runtime-test/imports.wasm";
const PAGE = 65536;
const OOB = "out of bounds memory or table access";
const ABI_ERR = {
  UNAVAILABLE: ABI.ERR_UNAVAILABLE, NO_RESOURCE: ABI.ERR_NO_RESOURCE, CLOSED: ABI.ERR_CLOSED, BAD_HANDLE: ABI.ERR_BAD_HANDLE,
  UNSUPPORTED: ABI.ERR_UNSUPPORTED, ALIGN: ABI.ERR_ALIGN, RANGE: ABI.ERR_RANGE,
};

// Out-of-bounds cases for every pointer parameter of every import in the header's list: a range
// that crosses the end of memory, one that starts at the end, and one whose end wraps in 32 bits.
// Other arguments are 0 (the range check comes before any other check).
function oobCases(end: number): [string, number[]][] {
  const cases: [string, number[]][] = [];
  for (const imp of IMPORTS) {
    imp.params.forEach((p, k) => {
      const at = (ptr: number, len?: number) => {
        const args = imp.params.map(() => 0);
        args[k] = ptr;
        if (len !== undefined) args[k + 1] = len;
        cases.push([imp.name, args]);
      };
      if (p.kind === "regs") {
        at(end - ABI_REGS_BYTES / 2);
        at(0xffff_fff8);
      } else if (p.kind === "ptr") {
        at(end - 1, 2);
        at(end, 1);
        at(0xffff_fff0, 0x20);
      }
    });
  }
  return cases;
}

let e: NativeEngine;
beforeAll(async () => {
  e = await nativeEngine(WASM);
});
afterAll(async () => e?.close());

async function trapOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof NativeTrap) return err.trap;
    throw err;
  }
  return "no trap";
}

describe("imports trap on pointers outside linear memory", () => {
  const end = PAGE; // memory is one page until a test grows it (the grow test runs last)
  const cases = oobCases(end);
  it("every import with a pointer parameter is covered, config_read included", () => {
    const covered = new Set(cases.map(([fn]) => fn));
    expect(covered.has("config_read")).toBe(true);
  });
  for (const [fn, args] of cases) {
    it(`${fn}(${args.join(", ")}) traps`, async () => {
      expect(await trapOf(e.call(fn, ...args))).toBe(OOB);
    });
  }

  it("ptr + len that wraps in 32 bits still traps", async () => {
    expect(await trapOf(e.call("random", 0xffff_ff00, 0x200))).toBe(OOB);
  });

  it("tdcall traps on a misaligned register block", async () => {
    expect(await trapOf(e.call("tdcall", 4))).toBe("misaligned pointer passed to an import");
  });

  it("the instance stays usable after an import trapped", async () => {
    await e.write(0, new TextEncoder().encode("after"));
    await e.call("log", 3, 0, 5);
    // stderr is read asynchronously: wait for the line rather than race it.
    await vi.waitFor(() => expect(e.logs.some((l) => l.endsWith("INFO  after"))).toBe(true));
  });

  it("ranges that end exactly at the end of memory are accepted", async () => {
    expect(await e.call("random", end - 8, 8)).toBe(0);
    expect(await e.call("random", end, 0)).toBe(0);
  });
});

describe("imports return statuses for expected failures", () => {
  it("tdcall refuses RAX = 0 and, without a simulator, is unavailable", async () => {
    await e.write(0, new Uint8Array(128));
    expect(await e.call("tdcall", 0)).toBe(ABI_ERR.UNSUPPORTED);
    await e.write(0, new Uint8Array([1]));
    expect(await e.call("tdcall", 0)).toBe(ABI_ERR.UNAVAILABLE);
  });

  it("vmcall refuses to expose RAX, RCX, RSP or RBP", async () => {
    for (const bit of [0, 1, 4, 5]) {
      const regs = new Uint8Array(128);
      new DataView(regs.buffer).setBigUint64(8, 1n << BigInt(bit), true);
      await e.write(0, regs);
      expect(await e.call("vmcall", 0)).toBe(ABI_ERR.UNSUPPORTED);
    }
  });

  it("gpa_of gives the range's own GPA when it is aligned and rejects non-powers of two", async () => {
    expect(await e.call("gpa_of", 64, 32, 64)).toBe(0x1000_0040n);
    expect(await e.call("gpa_of", 64, 32, 24)).toBe(BigInt(ABI_ERR.ALIGN));
    expect(await e.call("gpa_of", 64, 32, 0)).toBe(BigInt(ABI_ERR.ALIGN));
  });

  it("gpa_of bounces a misaligned range through an aligned private slot, freed by the next call", async () => {
    const BOUNCE = 0x0ff0_0000n; // LINUX_BOUNCE_GPA_BASE, 4 slots of 4 KiB
    const slots: bigint[] = [];
    for (let i = 0; i < 4; i++) slots.push((await e.call("gpa_of", 72 + 1024 * i, 1024, 1024)) as bigint);
    expect(slots).toEqual([0n, 1n, 2n, 3n].map((i) => BOUNCE + 4096n * i));
    expect(await e.call("gpa_of", 8, 64, 64)).toBe(BigInt(ABI_ERR.NO_RESOURCE)); // all four taken
    expect(await e.call("gpa_of", 8, 4097, 64)).toBe(BigInt(ABI_ERR.ALIGN)); // larger than a slot
    expect(await e.call("gpa_of", 8, 64, 8192)).toBe(BigInt(ABI_ERR.ALIGN)); // stricter than a page
    await e.write(0, new Uint8Array(128).fill(0));
    await e.write(0, new Uint8Array([1]));
    expect(await e.call("tdcall", 0)).toBe(ABI_ERR.UNAVAILABLE); // no simulator: the call ends...
    expect(await e.call("gpa_of", 8, 64, 64)).toBe(BOUNCE); // ...and its slots are free again
    expect(await e.call("tdcall", 0)).toBe(ABI_ERR.UNAVAILABLE);
  });

  it("shared buffers: allocate, GPA with the shared bit, bounded copies, free", async () => {
    const h = (await e.call("shared_alloc", 2)) as number;
    expect(h).toBeGreaterThanOrEqual(0);
    const gpa = (await e.call("shared_gpa", h)) as bigint;
    expect(gpa & (1n << 47n)).toBe(1n << 47n);
    expect(gpa % 4096n).toBe(0n);
    await e.write(256, new TextEncoder().encode("shared!"));
    expect(await e.call("shared_write", h, 8192 - 7, 256, 7)).toBe(0);
    expect(await e.call("shared_write", h, 8192 - 6, 256, 7)).toBe(ABI_ERR.RANGE);
    expect(await e.call("shared_write", h, 0xffff_ffff, 256, 7)).toBe(ABI_ERR.RANGE);
    expect(await e.call("shared_read", h, 8192 - 7, 512, 7)).toBe(0);
    expect(new TextDecoder().decode(await e.read(512, 7))).toBe("shared!");
    await e.call("shared_free", h);
    expect(await e.call("shared_gpa", h)).toBe(BigInt(ABI_ERR.BAD_HANDLE));
    expect(await e.call("shared_write", h, 0, 256, 1)).toBe(ABI_ERR.BAD_HANDLE);
    expect(await e.call("shared_alloc", 1 << 20)).toBe(ABI_ERR.NO_RESOURCE);
    await e.call("shared_free", 12345); // ignored
  });

  it("a new buffer never shows what a freed one held", async () => {
    const a = (await e.call("shared_alloc", 1)) as number;
    await e.write(0, new Uint8Array(16).fill(0xaa));
    expect(await e.call("shared_write", a, 0, 0, 16)).toBe(0);
    await e.call("shared_free", a);
    const b = (await e.call("shared_alloc", 1)) as number;
    expect(await e.call("shared_read", b, 0, 32, 16)).toBe(0);
    expect([...(await e.read(32, 16))].every((x) => x === 0)).toBe(true);
    await e.call("shared_free", b);
  });

  it("persist area: bounded to 4096 bytes, read reports the stored length", async () => {
    await e.write(0, new TextEncoder().encode("persisted"));
    expect(await e.call("persist_write", 0, 9)).toBe(0);
    expect(await e.call("persist_read", 100, 4)).toBe(9); // truncated copy, full length
    expect(new TextDecoder().decode(await e.read(100, 4))).toBe("pers");
    expect(await e.call("persist_write", 0, 4097)).toBe(ABI_ERR.RANGE);
    expect(await e.call("persist_read", 200, 64)).toBe(9);
  });

  it("the persist area survives a new instance", async () => {
    await e.write(0, new TextEncoder().encode("survivor"));
    expect(await e.call("persist_write", 0, 8)).toBe(0);
    await e.reset();
    expect(await e.call("persist_read", 300, 16)).toBe(8);
    expect(new TextDecoder().decode(await e.read(300, 8))).toBe("survivor");
  });

  it("wait_event times out with 0, now_ms is monotonic, random fills", async () => {
    const t0 = (await e.call("now_ms")) as bigint;
    expect(await e.call("wait_event", 7, 30)).toBe(0);
    const t1 = (await e.call("now_ms")) as bigint;
    expect(t1 - t0).toBeGreaterThanOrEqual(25n);
    await e.write(0, new Uint8Array(32));
    expect(await e.call("random", 0, 32)).toBe(0);
    expect([...(await e.read(0, 32))].some((x) => x !== 0)).toBe(true);
  });

  it("channels: unknown handles, unsupported kinds, unreachable peers", async () => {
    expect(await e.call("chan_send", 7, 0, 1)).toBe(ABI_ERR.BAD_HANDLE);
    expect(await e.call("chan_recv", 7, 0, 1)).toBe(ABI_ERR.BAD_HANDLE);
    expect(await e.call("chan_open", CHAN.SERIAL, 0, 4)).toBe(ABI_ERR.UNSUPPORTED); // no virtio-serial here
    expect(await e.call("chan_open", 9, 0, 4)).toBe(ABI_ERR.UNSUPPORTED);
    await e.write(0, new TextEncoder().encode("/nonexistent/sock"));
    expect(await e.call("chan_open", CHAN.STREAM, 0, 17)).toBe(ABI_ERR.UNAVAILABLE);
    expect(await e.call("chan_open", CHAN.STREAM, 0, 300)).toBe(ABI_ERR.RANGE);
    await e.write(0, new TextEncoder().encode("example.com:80"));
    expect(await e.call("chan_open", CHAN.STREAM, 0, 14)).toBe(ABI_ERR.UNSUPPORTED); // loopback only
  });

  it("channels: a TCP loopback stream connects, carries bytes and reports the close", async () => {
    const server = createServer((s) => s.once("data", (d) => s.end(Buffer.from(d.toString().toUpperCase()))));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    await e.write(0, new TextEncoder().encode(addr));
    const h = (await e.call("chan_open", CHAN.STREAM, 0, addr.length)) as number;
    expect(h).toBeGreaterThanOrEqual(0);
    // Connecting raises EV_CHANNEL once; with nothing new it does not fire again.
    expect(await e.call("wait_event", 4, 2000)).toBe(4);
    expect(await e.call("wait_event", 4, 30)).toBe(0);
    await e.write(64, new TextEncoder().encode("ping"));
    let sent = 0;
    for (let i = 0; sent < 4 && i < 100; i++) {
      sent += (await e.call("chan_send", h, 64 + sent, 4 - sent)) as number;
      if (sent < 4) await e.call("wait_event", 4, 50);
    }
    expect(await e.call("wait_event", 4, 2000)).toBe(4); // the answer (and the close) arrived
    let got = "";
    let closed = false;
    for (let i = 0; !closed && i < 100; i++) {
      const n = (await e.call("chan_recv", h, 128, 16)) as number;
      if (n === ABI_ERR.CLOSED) closed = true;
      else if (n > 0) got += new TextDecoder().decode(await e.read(128, n));
      else await e.call("wait_event", 4, 50);
    }
    expect(got).toBe("PING");
    expect(closed).toBe(true);
    await e.call("chan_close", h);
    expect(await e.call("chan_recv", h, 128, 16)).toBe(ABI_ERR.BAD_HANDLE);
    server.close();
  });
});

describe("the engine behaves like V8 on the same module", () => {
  let v8: Engine;
  beforeAll(async () => {
    v8 = await nodeEngine(WASM);
  });

  it("arithmetic across i32, i64, f32, f64", async () => {
    for (const [fn, args] of [
      ["add64", [-1n, 5n]],
      ["add64", [0x7fff_ffff_ffff_ffffn, 1n]],
      ["fmul", [1.5, -2.25]],
      ["nearest", [2.5]],
      ["nearest", [3.5]],
      ["nearest", [-0.4]],
      ["floor32", [-1.5]],
      ["div", [-7, 2]],
      ["recurse", [200]],
    ] as [string, (number | bigint)[]][]) {
      expect(await e.call(fn, ...args), `${fn}(${args})`).toEqual(await v8.call(fn, ...args));
    }
  });

  it("traps on division by zero, out-of-bounds loads and runaway recursion", async () => {
    expect(await trapOf(e.call("div", 1, 0))).toBe("integer divide by zero");
    expect(await trapOf(e.call("div", -0x8000_0000, -1))).toBe("integer overflow");
    expect(await trapOf(e.call("load", PAGE - 3))).toBe(OOB);
    expect(await trapOf(e.call("recurse", 1_000_000))).toBe("call stack exhausted");
    expect(await e.call("recurse", 10)).toBe(10); // depth counter restored after the trap
  });

  it("memory.grow up to the maximum succeeds, beyond it returns -1 without trapping", async () => {
    expect(await e.call("size")).toBe(1);
    expect(await e.call("grow", 1)).toBe(1);
    expect(await e.call("grow", 1)).toBe(-1);
    expect(await e.call("grow", 0x10000)).toBe(-1);
    expect(await e.call("grow", 0)).toBe(2);
    expect(await e.call("size")).toBe(2);
    expect(await e.call("load", 2 * PAGE - 4)).toBe(0); // new page is zeroed and reachable
    expect(await trapOf(e.call("load", 2 * PAGE - 3))).toBe(OOB);
  });

  it("reads and writes memory through the harness", async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    await e.write(1000, bytes);
    expect(await e.read(1000, 300)).toEqual(bytes);
    expect(await trapOf(e.read(2 * PAGE - 1, 2))).toBe(OOB);
  });
});
