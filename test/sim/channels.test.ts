// The Node host's channel imports (docs/abi.md "Byte-stream channels") driven as the core calls
// them: CHAN_VSOCK through the in-process relay or Unix sockets, CHAN_STREAM through node:net;
// non-blocking sends and receives, EV_CHANNEL through the host's event latch, ABI_ERR_CLOSED at
// end of stream once the buffered bytes are drained.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { Relay } from "../../scripts/sim/relay.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import { ABI, EV, makeImports } from "../../scripts/host/imports.ts";
import { CHAN, unixVsock } from "../../scripts/host/channels.ts";
import type { VsockConnector } from "../../scripts/sim/relay.ts";
import { coreWasm } from "../helpers/scenarios.ts";
import { until } from "./helpers.ts";

type Imports = Record<string, (...a: number[]) => number>;

// A core instance used only for its memory and allocator, plus its imports.
function guest(vsock?: VsockConnector) {
  const host = new NodeHost({ wasmPath: coreWasm, sim: new Simulator(), vsock });
  host.instantiate();
  const x = host.exports as Record<string, (...a: number[]) => number>;
  const imp = makeImports(host).migtd as unknown as Imports;
  const mem = () => new Uint8Array(host.memory().buffer);
  const put = (b: Uint8Array) => { const p = x.api_alloc(Math.max(1, b.length)) >>> 0; mem().set(b, p); return [p, b.length] as const; };
  const scratch = x.api_alloc(65536) >>> 0;
  return {
    host, imp,
    takeEvents: () => { const e = host.pending & EV.CHANNEL; host.pending &= ~EV.CHANNEL; return e; },
    open: (kind: number, addr: Uint8Array) => imp.chan_open(kind, ...put(addr)),
    send: (h: number, text: string) => imp.chan_send(h, ...put(new TextEncoder().encode(text))),
    recv: (h: number, cap = 65536): string | number => {
      const n = imp.chan_recv(h, scratch, cap);
      return n > 0 ? Buffer.from(mem().subarray(scratch, scratch + n)).toString("latin1") : n;
    },
    close: (h: number) => imp.chan_close(h),
  };
}

function vsockAddr(cid: bigint, port: number): Uint8Array {
  const b = new Uint8Array(12);
  new DataView(b.buffer).setBigUint64(0, cid, true);
  new DataView(b.buffer).setUint32(8, port, true);
  return b;
}

// Everything a channel delivers until `want` characters arrived (recv is non-blocking).
async function readAll(g: ReturnType<typeof guest>, h: number, want: number): Promise<string> {
  let text = "";
  await until(() => {
    const r = g.recv(h);
    if (typeof r === "string") text += r;
    return text.length >= want;
  });
  return text;
}

let relay: Relay | undefined;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await relay?.close();
  relay = undefined;
});

describe("CHAN_VSOCK through the in-process relay", () => {
  it("two hosts connect on one port, exchange bytes both ways, and see the close", async () => {
    relay = new Relay();
    const src = guest(relay.endpoint("a"));
    const dst = guest(relay.endpoint("b"));
    const hs = src.open(CHAN.VSOCK, vsockAddr(2n, 1234));
    expect(hs).toBeGreaterThanOrEqual(0);
    expect(src.takeEvents()).toBe(EV.CHANNEL); // connected
    expect(src.send(hs, "exchange-info-from-source")).toBe(25);
    const hd = dst.open(CHAN.VSOCK, vsockAddr(2n, 1234));
    expect(dst.takeEvents()).toBe(EV.CHANNEL);
    expect(await readAll(dst, hd, 25)).toBe("exchange-info-from-source");
    expect(dst.recv(hd)).toBe(0); // nothing more yet
    expect(dst.send(hd, "reply")).toBe(5);
    expect(src.takeEvents()).toBe(EV.CHANNEL); // data
    expect(src.recv(hs, 3)).toBe("rep");
    expect(src.recv(hs)).toBe("ly");
    expect(src.send(hs, "last")).toBe(4);
    src.close(hs);
    expect(dst.takeEvents()).toBe(EV.CHANNEL);
    expect(dst.recv(hd)).toBe("last"); // buffered bytes first ...
    expect(dst.recv(hd)).toBe(ABI.ERR_CLOSED); // ... then end of stream
    expect(dst.send(hd, "x")).toBe(ABI.ERR_CLOSED);
    dst.close(hd);
    expect(dst.recv(hd)).toBe(ABI.ERR_BAD_HANDLE);
  });

  it("EV_CHANNEL is edge-like: raised for data once, again only after chan_recv", () => {
    relay = new Relay();
    const src = guest(relay.endpoint("a"));
    const dst = guest(relay.endpoint("b"));
    const hs = src.open(CHAN.VSOCK, vsockAddr(2n, 9));
    const hd = dst.open(CHAN.VSOCK, vsockAddr(2n, 9));
    src.takeEvents();
    dst.takeEvents();
    src.send(hs, "1");
    expect(dst.takeEvents()).toBe(EV.CHANNEL);
    src.send(hs, "2");
    expect(dst.takeEvents()).toBe(0);
    expect(dst.recv(hd)).toBe("12");
    src.send(hs, "3");
    expect(dst.takeEvents()).toBe(EV.CHANNEL);
  });

  it("a tampered stream arrives altered, a disconnect arrives as ABI_ERR_CLOSED", async () => {
    relay = new Relay();
    relay.tamper = [{ direction: "a->b", action: "disconnect", after: 3 }];
    const src = guest(relay.endpoint("a"));
    const dst = guest(relay.endpoint("b"));
    const hs = src.open(CHAN.VSOCK, vsockAddr(2n, 5));
    const hd = dst.open(CHAN.VSOCK, vsockAddr(2n, 5));
    src.send(hs, "abcdef");
    expect(dst.recv(hd)).toBe("abc");
    expect(dst.recv(hd)).toBe(ABI.ERR_CLOSED);
    expect(src.recv(hs)).toBe(ABI.ERR_CLOSED);
    expect(src.send(hs, "more")).toBe(ABI.ERR_CLOSED);
  });

  it("reaches a relay's Unix-socket side through unixVsock(dir), as the native runtime does", async () => {
    relay = new Relay();
    const dir = mkdtempSync(join(tmpdir(), "vsock-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await relay.listenUnix("b", dir, 2n, 77);
    const src = guest(relay.endpoint("a"));
    const dst = guest(unixVsock(dir));
    const hd = dst.open(CHAN.VSOCK, vsockAddr(2n, 77));
    expect(dst.send(hd, "too early")).toBe(0); // not connected yet
    expect(await until(() => dst.takeEvents() !== 0)).toBe(true);
    const hs = src.open(CHAN.VSOCK, vsockAddr(2n, 77));
    expect(dst.send(hd, "hello source")).toBe(12);
    expect(await readAll(src, hs, 12)).toBe("hello source");
    src.send(hs, "hello destination");
    expect(await readAll(dst, hd, 17)).toBe("hello destination");
    src.close(hs);
    expect(await until(() => dst.recv(hd) === ABI.ERR_CLOSED)).toBe(true);
  });
});

describe("CHAN_STREAM through node:net", () => {
  async function echoServer(listen: (s: Server, ready: () => void) => void): Promise<Server> {
    const server = createServer((sock) => sock.on("data", (d) => sock.write(d)).on("end", () => sock.end()).on("error", () => {}));
    await new Promise<void>((r) => listen(server, r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return server;
  }

  it("a Unix socket path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chan-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "echo.sock");
    await echoServer((s, r) => s.listen(path, r));
    const g = guest();
    const h = g.open(CHAN.STREAM, new TextEncoder().encode(path));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(await until(() => g.takeEvents() !== 0)).toBe(true);
    expect(g.send(h, "echo me")).toBe(7);
    expect(await readAll(g, h, 7)).toBe("echo me");
    g.close(h);
  });

  it("127.0.0.1:<port> and localhost:<port>", async () => {
    const server = await echoServer((s, r) => s.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const g = guest();
    for (const addr of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const h = g.open(CHAN.STREAM, new TextEncoder().encode(addr));
      expect(await until(() => g.send(h, "tcp") === 3)).toBe(true);
      expect(await readAll(g, h, 3)).toBe("tcp");
      g.close(h);
    }
  });

  it("a path nobody listens on ends as ABI_ERR_CLOSED", async () => {
    const g = guest();
    const h = g.open(CHAN.STREAM, new TextEncoder().encode("/nonexistent/migtd.sock"));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(await until(() => g.recv(h) === ABI.ERR_CLOSED)).toBe(true);
  });
});

describe("channel errors", () => {
  it("unsupported kinds and addresses, no vsock, unknown handles, slot exhaustion", () => {
    const g = guest();
    expect(g.open(CHAN.SERIAL, new Uint8Array(4))).toBe(ABI.ERR_UNSUPPORTED);
    expect(g.open(9, new Uint8Array(4))).toBe(ABI.ERR_UNSUPPORTED);
    expect(g.open(CHAN.VSOCK, vsockAddr(2n, 1))).toBe(ABI.ERR_UNAVAILABLE);
    expect(g.open(CHAN.STREAM, new TextEncoder().encode("example.com:80"))).toBe(ABI.ERR_UNSUPPORTED);
    expect(g.open(CHAN.STREAM, new Uint8Array(0))).toBe(ABI.ERR_UNSUPPORTED);
    expect(g.send(3, "x")).toBe(ABI.ERR_BAD_HANDLE);
    expect(g.recv(3)).toBe(ABI.ERR_BAD_HANDLE);
    expect(() => g.close(3)).not.toThrow();
    relay = new Relay();
    const v = guest(relay.endpoint("a"));
    expect(v.open(CHAN.VSOCK, new Uint8Array(8))).toBe(ABI.ERR_UNSUPPORTED);
    const hs = Array.from({ length: 32 }, () => v.open(CHAN.VSOCK, vsockAddr(2n, 1)));
    expect(hs.every((h) => h >= 0)).toBe(true);
    expect(v.open(CHAN.VSOCK, vsockAddr(2n, 1))).toBe(ABI.ERR_NO_RESOURCE);
    v.close(hs[0]);
    expect(v.open(CHAN.VSOCK, vsockAddr(2n, 1))).toBe(hs[0]);
  });

  it("a range outside linear memory traps", () => {
    const g = guest();
    const size = g.host.memory().buffer.byteLength;
    expect(() => g.imp.chan_open(CHAN.STREAM, size - 2, 10)).toThrow(WebAssembly.RuntimeError);
    expect(() => g.imp.chan_send(0, size, 1)).toThrow(WebAssembly.RuntimeError);
    expect(() => g.imp.chan_recv(0, size - 1, 2)).toThrow(WebAssembly.RuntimeError);
  });
});
