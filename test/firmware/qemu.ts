// Boots a firmware image under QEMU with a hard time limit: waits for a serial line, optionally
// dumps guest memory through the HMP monitor (pmemsave), then kills QEMU.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Accel = "tcg" | "kvm";

export interface BootOptions {
  image: string;
  accel?: Accel;
  until: RegExp; // serial (COM1) output to wait for
  timeoutMs?: number;
  dumps?: { addr: number; size: number }[]; // guest-physical ranges to save once `until` matched
  memMiB?: number;
  extraArgs?: string[]; // e.g. a second -serial for the simulator link on COM2
}

export interface BootResult { serial: string; ms: number; dumps: Buffer[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// KVM boots are opt-in (MIGTD_KVM=1): on the nested KVM of some CI machines the guest stalls
// on its first SSE instruction, which a probe cannot tell apart from a slow boot.
export function kvmUsable(): boolean {
  if (process.env.MIGTD_KVM !== "1" || !existsSync("/dev/kvm")) return false;
  const r = spawnSync("qemu-system-x86_64", ["-accel", "kvm", "-machine", "none", "-display", "none", "-S", "-monitor", "none", "-serial", "none", "-device", "help"], { timeout: 10_000 });
  return r.status === 0;
}

export async function bootImage(o: BootOptions): Promise<BootResult> {
  const dir = mkdtempSync(join(tmpdir(), "migtd-qemu-"));
  const serialPath = join(dir, "com1.log");
  const monPath = join(dir, "mon.sock");
  const args = [
    "-machine", "q35", "-accel", o.accel ?? "tcg", "-m", `${o.memMiB ?? 32}M`, "-bios", o.image,
    "-nodefaults", "-display", "none", "-no-reboot",
    "-serial", `file:${serialPath}`, "-monitor", `unix:${monPath},server=on,wait=off`,
    ...(o.extraArgs ?? []),
  ];
  const t0 = performance.now();
  const qemu = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  qemu.stderr.on("data", (d) => (stderr += d));
  let exited = false;
  qemu.on("exit", () => (exited = true));
  try {
    const deadline = t0 + (o.timeoutMs ?? 30_000);
    let serial = "";
    let ms = 0;
    for (;;) {
      serial = existsSync(serialPath) ? readFileSync(serialPath, "latin1") : "";
      if (o.until.test(serial)) { ms = performance.now() - t0; break; }
      if (exited) throw new Error(`QEMU exited before ${o.until}: serial=${JSON.stringify(serial)} stderr=${stderr}`);
      if (performance.now() > deadline) throw new Error(`timeout waiting for ${o.until}: serial=${JSON.stringify(serial)}`);
      await sleep(10);
    }
    const dumps: Buffer[] = [];
    if (o.dumps?.length) {
      const sock = createConnection(monPath);
      await new Promise<void>((res, rej) => { sock.once("connect", () => res()); sock.once("error", rej); });
      for (const [i, d] of o.dumps.entries()) {
        const file = join(dir, `dump${i}.bin`);
        sock.write(`pmemsave 0x${d.addr.toString(16)} 0x${d.size.toString(16)} "${file}"\n`);
        while (!(existsSync(file) && statSync(file).size === d.size)) {
          if (performance.now() > deadline) throw new Error("timeout waiting for pmemsave");
          await sleep(10);
        }
        await sleep(20);
        dumps.push(readFileSync(file));
      }
      sock.end();
    }
    return { serial, ms, dumps };
  } finally {
    qemu.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
