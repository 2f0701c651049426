// Plain QEMU processes for the deploy tests: `-machine none` with a QMP socket (no TDX, no guest;
// enough for QMP, QOM and a real migration of an empty machine between two processes).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export const qemuAvailable = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

export async function startQemu(qmp: string, extra: string[] = []): Promise<ChildProcess> {
  const p = spawn("qemu-system-x86_64", ["-machine", "none", "-nodefaults", "-display", "none", "-qmp", `unix:${qmp},server=on,wait=off`, ...extra], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (!existsSync(qmp)) {
    if (Date.now() > deadline || p.exitCode !== null) throw new Error(`QEMU did not create ${qmp}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return p;
}

export async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  await new Promise<void>((resolve) => { p.once("exit", () => resolve()); p.kill("SIGTERM"); });
}
