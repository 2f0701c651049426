// build/migtd-linux's platform against a scripted simulator: the fixture core
// (fixtures/sim_scenario.ts) calls every import once; the simulator serves its TDCALL/VMCALL,
// reads and writes its private and shared memory, raises notifications and a debug command.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNative } from "../helpers/native-engine";
import { MSG, listenEcho, listenSim, regsOf } from "./fake-sim";

const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = "build/runtime-test/sim_scenario-linux";
const SHARED_BIT = 1n << 47n;

describe("migtd-linux with the simulator link", () => {
  let dir: string;
  beforeAll(() => {
    buildNative(BIN);
    dir = mkdtempSync(join(tmpdir(), "migtd-sim-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("forwards TDCALL/VMCALL, serves memory, latches notifications and runs every import", async () => {
    const sim = listenSim(join(dir, "sim.sock"));
    const echoes = [await listenEcho(join(dir, "2-77.sock")), await listenEcho(join(dir, "stream.sock"))];
    const child = spawn(resolve(ROOT, BIN), ["--sim", join(dir, "sim.sock"), "--log-level", "4"], {
      cwd: dir,
      env: { ...process.env, MIGTD_VSOCK_DIR: dir },
    });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    const exit = new Promise<number | null>((res) => child.on("exit", (c) => res(c)));

    const c = await sim.connection;
    const hello = await c.expect(MSG.HELLO);
    expect(hello.readUInt32LE(0)).toBe(1);
    expect(hello.subarray(4).toString()).toBe("migtd-linux");

    // TDCALL: read the buffer at RCX through MEM_READ, write into it, scribble RSP/RBP.
    const td = regsOf(await c.expect(MSG.TDCALL));
    expect(td[0]).toBe(2n);
    expect(td[1] >= 0x1000_0000n && td[1] % 64n === 0n).toBe(true);
    const read = await c.memRead(td[1], 64);
    expect(read.status).toBe(0);
    const sum = read.data.reduce((a, b) => a + b, 0);
    expect(await c.memWrite(td[1], Buffer.from("TDX!"))).toBe(0);
    expect((await c.memRead(0x5n, 4)).status).toBe(1); // below private memory
    expect((await c.memRead(0x1000_0000n + (1n << 32n), 4)).status).toBe(1); // past its end
    c.done([0n, td[1], BigInt(sum), 0n, 0xbadn, 0xbadn, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);

    // VMCALL: RAX forced to 0, the shared buffer at R12 holds "hello".
    const vm = regsOf(await c.expect(MSG.VMCALL));
    expect(vm[0]).toBe(0n);
    expect(vm[1]).toBe(0x1000n);
    expect(vm[12] & SHARED_BIT).toBe(SHARED_BIT);
    const shared = await c.memRead(vm[12], 5);
    expect(shared.data.toString()).toBe("hello");
    expect(await c.memWrite(vm[12] + 8n, Buffer.from("world"))).toBe(0);
    c.send(MSG.NOTIFY, Buffer.from([0x50]));
    const dbg = Buffer.alloc(4);
    dbg.writeUInt32LE(1);
    c.send(MSG.DEBUG, dbg);
    const out = [...vm];
    out[10] = 0n;
    out[11] = 5n;
    c.done(out);
    setTimeout(() => c.send(MSG.NOTIFY, Buffer.from([0x51])), 100);

    const code = await exit;
    sim.server.close();
    echoes.forEach((e) => e.close());
    expect({ code, log }).toMatchObject({ code: 42 });
    expect(log).toContain("fixture: all imports ok");
    expect(log).toContain("debug trap armed");
  });

  it("answers --help and refuses unknown options", async () => {
    const run = (args: string[]) =>
      new Promise<number | null>((res) => spawn(resolve(ROOT, BIN), args).on("exit", (c) => res(c)));
    expect(await run(["--help"])).toBe(0);
    expect(await run(["--bogus"])).toBe(64);
  });
});
