// The relay with real socat on one host: `migtd deploy relay` for the source (TCP listen) and the
// destination (TCP connect, retrying), over the virtio-serial transport whose guest ends are Unix
// sockets QEMU listens on (server=on); here two Node servers stand in for the two QEMU chardevs.
// Both start orders, bytes both ways, and a second session after the first one closes (the relay
// restarts socat). The vsock form's command line is checked structurally (no vsock loopback here).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayArgs } from "../../scripts/deploy/relay.ts";
import { BIN, buildCli, migtd } from "../cli/run.ts";

const socat = spawnSync("socat", ["-V"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "migtd-relay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => buildCli());

// A stand-in for QEMU's virtio-serial chardev (server=on): hands each connection to the test.
function guest(path: string) {
  const conns: Socket[] = [];
  const waiters: ((s: Socket) => void)[] = [];
  const server: Server = createServer((s) => {
    const w = waiters.shift();
    if (w) w(s); else conns.push(s);
  });
  server.listen(path);
  return {
    next: (ms = 15_000) => new Promise<Socket>((resolve, reject) => {
      const s = conns.shift();
      if (s) return resolve(s);
      const t = setTimeout(() => reject(new Error(`no relay connection on ${path}`)), ms);
      waiters.push((c) => { clearTimeout(t); resolve(c); });
    }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const read = (s: Socket, n: number, ms = 10_000) => new Promise<string>((resolve, reject) => {
  let got = "";
  const t = setTimeout(() => reject(new Error(`read timed out with '${got}'`)), ms);
  const on = (d: Buffer) => {
    got += d.toString();
    if (got.length >= n) { clearTimeout(t); s.off("data", on); resolve(got); }
  };
  s.on("data", on);
});

function relay(role: "src" | "dst", runDir: string, port: number): ChildProcess {
  return spawn(process.execPath, [BIN, "deploy", "relay", "--role", role, "--transport", "serial", "--run-dir", runDir, "--tcp-port", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
}
const stopped = (p: ChildProcess) => new Promise<number | null>((resolve) => { p.once("exit", (c) => resolve(c)); p.kill("SIGTERM"); });

async function session(src: ReturnType<typeof guest>, dst: ReturnType<typeof guest>, tag: string) {
  const [a, b] = await Promise.all([src.next(), dst.next()]);
  const toDst = read(b, `${tag} from src`.length);
  a.write(`${tag} from src`);
  expect(await toDst).toBe(`${tag} from src`);
  const toSrc = read(a, `${tag} from dst`.length);
  b.write(`${tag} from dst`);
  expect(await toSrc).toBe(`${tag} from dst`);
  // The MigTD closes its stream at the end of a session: the relays end it on both sides.
  const closed = new Promise<void>((r) => b.once("close", () => r()));
  a.end();
  await closed;
}

describe("relay command lines", () => {
  it("vsock: each host waits for its MigTD on VSOCK-LISTEN; the source listens on TCP, the destination connects with retries", () => {
    const src = migtd(["deploy", "relay", "--role", "src", "--listen", "0.0.0.0", "--dry-run"]);
    expect(src.code).toBe(0);
    expect(src.out.trim()).toBe("socat -d VSOCK-LISTEN:1234,reuseaddr TCP4-LISTEN:9009,bind=0.0.0.0,reuseaddr");
    const dst = migtd(["deploy", "relay", "--role", "dst", "--peer", "192.0.2.10", "--dry-run"]);
    expect(dst.out.trim()).toBe("socat -d VSOCK-LISTEN:1235,reuseaddr TCP4:192.0.2.10:9009,forever,interval=0.5");
    expect(relayArgs({ guest: { unixSocket: "/run/m.serial" }, tcp: { connect: "h", port: 1 } })).toEqual(["socat", "-d", "UNIX-CONNECT:/run/m.serial,forever,interval=0.5", "TCP4:h:1,forever,interval=0.5"]);
    expect(migtd(["deploy", "relay", "--role", "src", "--peer", "x", "--dry-run"]).code).toBe(2);
  });
});

(socat ? describe : describe.skip)("relay with socat (TCP <-> UNIX), restartable", () => {
  for (const first of ["src", "dst"] as const) {
    it(`${first} relay first: two sessions, bytes both ways`, async () => {
      const runDir = mkdtempSync(join(dir, `${first}-`));
      const port = 20000 + Math.floor(Math.random() * 20000);
      const src = guest(join(runDir, "migtd-src.serial"));
      const dst = guest(join(runDir, "migtd-dst.serial"));
      const second = first === "src" ? "dst" : "src";
      const r1 = relay(first, runDir, port);
      await new Promise((r) => setTimeout(r, 800));
      const r2 = relay(second, runDir, port);
      let log = "";
      for (const r of [r1, r2]) r.stderr!.on("data", (d) => (log += d));
      try {
        await session(src, dst, "one");
        await session(src, dst, "two");
        expect(log).toMatch(/restarting/);
      } finally {
        expect(await stopped(r1)).toBe(0);
        expect(await stopped(r2)).toBe(0);
        await src.close();
        await dst.close();
      }
      expect(log).toMatch(/relay: stopped after \d+ session/);
    }, 60_000);
  }
});
