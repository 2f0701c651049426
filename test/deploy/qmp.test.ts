// The QMP client and the QMP flows against a real QEMU process (plain `-machine none`: no TDX), and
// the pre-migration trigger's exact messages against a recorded session.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QmpClient, QmpError } from "../../scripts/deploy/qmp.ts";
import { preMigPlan } from "../../scripts/deploy/flows.ts";
import { BIN, buildCli, envelopeOf } from "../cli/run.ts";
import { qemuAvailable, startQemu, stop } from "./qemu.ts";

const dir = mkdtempSync(join(tmpdir(), "migtd-qmp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => buildCli());

// The CLI as a child process (async: the test serves QMP meanwhile).
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("exit", (code) => resolve({ code, out, err }));
  });
}

// A QMP server that records what it is sent and answers {"return": {}} (a recorded session).
function recorder(path: string) {
  const got: { socket: string; msg: unknown }[] = [];
  const server = createServer((s: Socket) => {
    s.write(JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 } }, capabilities: [] } }) + "\n");
    let buf = "";
    s.on("data", (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        got.push({ socket: path, msg: JSON.parse(line) });
        s.write(JSON.stringify({ return: {} }) + "\n");
      }
    });
  });
  server.listen(path);
  return { got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("pre-migration trigger: exact QMP messages (recorded session)", () => {
  it("binds, then sets vsockport: destination first, then source", async () => {
    const runDir = join(dir, "rec");
    await import("node:fs").then((fs) => fs.mkdirSync(runDir));
    const src = recorder(join(runDir, "user-td-src.qmp"));
    const dst = recorder(join(runDir, "user-td-dst.qmp"));
    const order: string[] = [];
    const r = await cli(["deploy", "pre-mig", "--run-dir", runDir, "--json"]);
    expect(r.code, r.err).toBe(0);
    envelopeOf({ code: r.code, out: r.out, err: r.err });
    const seen = [...dst.got, ...src.got].map((g) => g.msg);
    for (const g of [...dst.got, ...src.got]) order.push(g.socket.endsWith("dst.qmp") ? "dst" : "src");
    expect(seen).toEqual([
      { execute: "qmp_capabilities" },
      { execute: "qom-set", arguments: { path: "/objects/tdx0", property: "vsockport", value: 1235 } },
      { execute: "qmp_capabilities" },
      { execute: "qom-set", arguments: { path: "/objects/tdx0", property: "vsockport", value: 1234 } },
    ]);
    expect(order).toEqual(["dst", "dst", "src", "src"]);
    // A pre-bound user TD is bound to its MigTD first.
    expect(preMigPlan({ objectId: "tdx0", src: { socket: "s", vsockPort: 1234, bindPid: 4242 } })[0].messages).toEqual([
      { execute: "qom-set", arguments: { path: "/objects/tdx0", property: "migtd-pid", value: 4242 } },
      { execute: "qom-set", arguments: { path: "/objects/tdx0", property: "vsockport", value: 1234 } },
    ]);
    await src.close();
    await dst.close();
  });

  it("no QMP socket is an input error (exit 2) naming the socket", async () => {
    const r = await cli(["deploy", "pre-mig", "--role", "src", "--qmp", join(dir, "none.qmp")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(join(dir, "none.qmp"));
  });
});

(qemuAvailable ? describe : describe.skip)("QMP against a real QEMU", () => {
  it("capabilities, query-status, qom-get / qom-set on an iothread's poll-max-ns; errors are QmpErrors", async () => {
    const sock = join(dir, "plain.qmp");
    const q = await startQemu(sock, ["-object", "iothread,id=io0"]);
    try {
      const c = await QmpClient.open(sock);
      expect((c.greeting as { version: { qemu: { major: number } } }).version.qemu.major).toBeGreaterThanOrEqual(7);
      expect(await c.execute<{ status: string }>("query-status")).toMatchObject({ status: "running" });
      expect(await c.execute("qom-get", { path: "/objects/io0", property: "poll-max-ns" })).toBe(32768);
      await c.execute("qom-set", { path: "/objects/io0", property: "poll-max-ns", value: 1235 });
      expect(await c.execute("qom-get", { path: "/objects/io0", property: "poll-max-ns" })).toBe(1235);
      await expect(c.execute("qom-set", { path: "/objects/tdx0", property: "vsockport", value: 1234 })).rejects.toBeInstanceOf(QmpError);
      expect(c.sent.map((m) => m.execute)).toEqual(["qmp_capabilities", "query-status", "qom-get", "qom-set", "qom-get", "qom-set"]);
      c.close();
      // The trigger on a QEMU without TDX: QEMU refuses (no /objects/tdx0), exit 1 with its reason.
      const r = await cli(["deploy", "pre-mig", "--role", "src", "--qmp", sock]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/QEMU refused qom-set: DeviceNotFound/);
      const st = await cli(["deploy", "status", "--qmp", sock, "--json"]);
      expect(st.code, st.err).toBe(0);
      expect(JSON.parse(st.out).result).toEqual({});
      expect((await cli(["deploy", "cancel", "--qmp", sock])).code).toBe(0);
    } finally {
      await stop(q);
    }
  });

  for (const mode of ["precopy", "multifd"]) {
    it(`migration flow (${mode}) between two QEMU processes completes, with its status`, async () => {
      const src = join(dir, `${mode}-src.qmp`);
      const dst = join(dir, `${mode}-dst.qmp`);
      const qs = await startQemu(src);
      const qd = await startQemu(dst, ["-incoming", "defer"]);
      const port = 40000 + Math.floor(Math.random() * 20000);
      try {
        const extra = mode === "multifd" ? ["--channels", "2"] : [];
        const d = await cli(["deploy", "migrate", "--role", "dst", "--qmp", dst, "--mode", mode, "--listen", `127.0.0.1:${port}`, ...extra]);
        expect(d.code, d.err).toBe(0);
        const s = await cli(["deploy", "migrate", "--role", "src", "--qmp", src, "--mode", mode, "--to", `127.0.0.1:${port}`, "--timeout", "60", "--json", ...extra]);
        expect(s.code, s.err + s.out).toBe(0);
        const env = JSON.parse(s.out);
        expect(env.result.status.status).toBe("completed");
        expect(env.result.steps[0].messages.at(-1)).toEqual({ execute: "migrate", arguments: { uri: `tcp:127.0.0.1:${port}` } });
        const c = await QmpClient.open(dst);
        expect(await c.execute<{ status: string }>("query-migrate")).toMatchObject({ status: "completed" });
        c.close();
      } finally {
        await stop(qs);
        await stop(qd);
      }
    });
  }

  // A machine with 256 MiB (stopped: -S, nothing runs) and a low bandwidth keeps the migration
  // active long enough to switch to post-copy, or to cancel it.
  const slow = ["-machine", "q35", "-m", "256", "-S"];

  it("post-copy: switches with migrate-start-postcopy once active, then completes", async () => {
    const src = join(dir, "pc-src.qmp");
    const dst = join(dir, "pc-dst.qmp");
    const qs = await startQemu(src, slow);
    const qd = await startQemu(dst, [...slow, "-incoming", "defer"]);
    const port = 40000 + Math.floor(Math.random() * 20000);
    try {
      expect((await cli(["deploy", "migrate", "--role", "dst", "--qmp", dst, "--mode", "postcopy", "--listen", `127.0.0.1:${port}`])).code).toBe(0);
      const s = await cli(["deploy", "migrate", "--role", "src", "--qmp", src, "--mode", "postcopy", "--max-bandwidth", "20000", "--to", `127.0.0.1:${port}`, "--timeout", "60"]);
      expect(s.code, s.err + s.out).toBe(0);
      expect(s.out).toMatch(/status active[\s\S]*\{"execute":"migrate-start-postcopy"\}[\s\S]*status (postcopy-active|completed)/);
      expect(s.out).toMatch(/status completed/);
    } finally {
      await stop(qs);
      await stop(qd);
    }
  });

  it("cancel, then run the flow again to completion", async () => {
    const src = join(dir, "cx-src.qmp");
    const qs = await startQemu(src, slow);
    const started: import("node:child_process").ChildProcess[] = [qs];
    try {
      const port1 = 40000 + Math.floor(Math.random() * 20000);
      const dst1 = join(dir, "cx-dst1.qmp");
      started.push(await startQemu(dst1, [...slow, "-incoming", "defer"]));
      expect((await cli(["deploy", "migrate", "--role", "dst", "--qmp", dst1, "--listen", `127.0.0.1:${port1}`])).code).toBe(0);
      expect((await cli(["deploy", "migrate", "--role", "src", "--qmp", src, "--max-bandwidth", "10000", "--to", `127.0.0.1:${port1}`, "--no-wait"])).code).toBe(0);
      const active = JSON.parse((await cli(["deploy", "status", "--qmp", src, "--json"])).out).result;
      expect(active.status).toBe("active");
      expect((await cli(["deploy", "cancel", "--qmp", src])).code).toBe(0);
      let status = "";
      for (let i = 0; i < 50 && status !== "cancelled"; i++) {
        status = JSON.parse((await cli(["deploy", "status", "--qmp", src, "--json"])).out).result.status;
        if (status !== "cancelled") await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe("cancelled");
      // The source is untouched; a new destination, the same flow again.
      const port2 = port1 + 1;
      const dst2 = join(dir, "cx-dst2.qmp");
      started.push(await startQemu(dst2, [...slow, "-incoming", "defer"]));
      expect((await cli(["deploy", "migrate", "--role", "dst", "--qmp", dst2, "--listen", `127.0.0.1:${port2}`])).code).toBe(0);
      const again = await cli(["deploy", "migrate", "--role", "src", "--qmp", src, "--max-bandwidth", String(2 ** 40), "--to", `127.0.0.1:${port2}`, "--timeout", "60", "--json"]);
      expect(again.code, again.err + again.out).toBe(0);
      expect(JSON.parse(again.out).result.status.status).toBe("completed");
    } finally {
      for (const p of started) await stop(p);
    }
  });
});
