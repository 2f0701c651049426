// The firmware under QEMU (TCG, no TDX): two migtd.bin guests, each forwarding its TDCALL/VMCALLs
// to its own simulator over COM2, carry the MigTD-to-MigTD stream over virtio-serial port 1
// (runtime-c/platform/td/virtio-serial.c), paired by the VMM's relay. Images enroll
// config/policy.json and the simulator's test root CA, built from build/fw (`make image`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { PairResult, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { QemuHost, firmwareParts } from "../../scripts/host/qemu-host.ts";
import { buildImage } from "../../scripts/image/image.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { startMigrationResponse } from "../../scripts/sim/requests.ts";
import { engineSuite } from "../helpers/artefacts.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

engineSuite("firmware", "firmware under QEMU: virtio-serial transport", () => {
  it("two QEMU MigTDs complete a pre-migration: both report Success and each MIG_DEC_KEY is the peer's MIG_ENC_KEY", async () => {
    // What `make image POLICY=config/policy.json ROOT_CA=build/test-root.der` would enroll.
    writeFileSync(join(repoRoot, "build", "test-root.der"), testRootDer());
    const r = await runPreMigration({ host: "qemu", timeoutMs: 90_000 });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.sessions[0].version).toBe(1n);
    for (const side of ["source", "destination"] as const) {
      const lines = r.logs.filter((l) => l.side === side).map((l) => l.line);
      expect(lines, explain(r)).toContain("virtio-serial: port 1 connected");
      expect(lines.some((l) => /TLS (client|server) to vsock 2:5001/.test(l)), explain(r)).toBe(true);
    }
  }, 150_000);

  it("the same two QEMU MigTDs serve four rounds of pre-migrations, each on its own connection to port 1", async () => {
    // virtio-serial port 1 carries one stream at a time, so a round is one session; four rounds are
    // four sessions on the same two guests. Each side's close_notify reaches a peer whose channel is
    // already closed: the relay's new connection per migration, and the firmware dropping what an
    // ended connection left unread, keep it out of the next session's TLS stream.
    writeFileSync(join(repoRoot, "build", "test-root.der"), testRootDer());
    const rounds = 4;
    const r = await runPreMigration({ host: "qemu", rounds, timeoutMs: 40_000 });
    expect(r.sessions.length).toBe(rounds);
    for (const s of r.sessions) {
      expect([s.sourceStatus, s.destinationStatus, s.keysMatch], `request ${s.requestId}\n${explain(r)}`).toEqual([0, 0, true]);
    }
    for (const side of ["source", "destination"] as const) {
      const lines = r.logs.filter((l) => l.side === side).map((l) => l.line);
      expect(lines.filter((l) => l === "virtio-serial: port 1 connected").length, explain(r)).toBeGreaterThanOrEqual(rounds);
    }
  }, 150_000);

  it("moves bytes both ways between the firmware and a host socket, and a hang-up fails the session without a key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migtd-vserial-"));
    const path = join(dir, "port1.sock");
    const received: Buffer[] = [];
    let peer: Socket | undefined;
    const server = createServer((s) => {
      peer = s;
      s.on("data", (d: Buffer) => received.push(d));
      s.on("error", () => {});
    });
    await new Promise<void>((r) => server.listen(path, () => r()));
    const sim = new Simulator();
    sim.vmm.quoteService = new QuoteService(sim.tdx);
    const td = sim.tdx.bind({ handle: 0x100n, uuid: [0, 1, 2, 3].map(() => randomBytes(8).readBigUInt64LE()) });
    const image = join(dir, "migtd.bin");
    const policy = readFileSync(join(repoRoot, "config", "policy.json"));
    writeFileSync(image, buildImage({ ...firmwareParts(), policy, rootCa: Buffer.from(testRootDer()) }).image);
    const host = new QemuHost({ image, sim, serial: { path } });
    try {
      await host.start();
      expect(peer, "QEMU connects the virtio-serial chardev at start").toBeDefined();
      sim.vmm.enqueue(startMigrationResponse({ id: 7n, source: true, handle: td.handle, uuid: td.uuid, cid: 2n, port: 5001 }));
      // Firmware -> host: the source opens with a TLS handshake record carrying a ClientHello.
      const deadline = Date.now() + 60_000;
      while (Buffer.concat(received).length < 6 && Date.now() < deadline) await sleep(10);
      const head = Buffer.concat(received);
      expect(head[0], host.logs.join("\n")).toBe(0x16);
      expect(head[5]).toBe(0x01);
      // Host -> firmware: a fatal TLS alert (handshake_failure), then the host end hangs up.
      peer!.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
      while (sim.vmm.reports.length === 0 && Date.now() < deadline) await sleep(10);
      const report = sim.vmm.reports.find((x) => x.requestId === 7n);
      // The alert was delivered before the hang-up took effect: SecureSessionError (6), no key.
      expect(report?.status, host.logs.join("\n")).toBe(6);
      expect(host.logs.some((l) => /peer sent handshake_failure/.test(l)), host.logs.join("\n")).toBe(true);
      expect(td.writes).toBe(0);
      // The session may end on the alert before the firmware notices the hang-up: wait for it.
      while (!host.logs.includes("virtio-serial: port 1 disconnected") && Date.now() < deadline) await sleep(10);
      expect(host.logs).toContain("virtio-serial: port 1 disconnected");
    } finally {
      await host.stop();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
