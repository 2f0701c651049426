// Firmware figures: image build time (clean build of the parts into a scratch directory, then
// assembly), payload and shim sizes, and QEMU start -> banner on COM1 under TCG and KVM.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildImage } from "../../scripts/image/image.ts";
import { intelRootCaDer } from "../../scripts/image/root-ca.ts";
import { existsSync } from "node:fs";
import { bootImage, type Accel } from "../firmware/qemu.ts";
import { firmwareParts, REPO, testImage } from "../firmware/fixture.ts";
import { FIRMWARE_SOURCES } from "../helpers/firmware-tree.ts";

const BANNER = /MigTD Version - /; // printed by the core once the engine has started
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cleanBuildMs(): number {
  const base = mkdtempSync(join(tmpdir(), "migtd-bench-"));
  try {
    for (const p of FIRMWARE_SOURCES) {
      cpSync(join(REPO, p), join(base, p), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(join(REPO, "node_modules"), join(base, "node_modules"));
    writeFileSync(join(base, "policy.json"), "{}\n");
    const t0 = performance.now();
    // The engine object (the wasm2c-compiled core, mk/runtime.mk) is reused, not rebuilt.
    const engine = join(REPO, "build", "native", "m", "core", "engine.o");
    execFileSync("make", ["-s", "-C", base, "image", `POLICY=${join(base, "policy.json")}`, `FW_ENGINE=${engine}`], { stdio: "pipe" });
    return performance.now() - t0;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const parts = firmwareParts();
  const rows: [string, string][] = [];
  rows.push(["image build, clean, engine object reused (nasm + clang + link + assemble)", `${cleanBuildMs().toFixed(0)} ms`]);
  const asm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    buildImage({ ...parts, policy: Buffer.from("{}"), rootCa: intelRootCaDer() });
    asm.push(performance.now() - t0);
  }
  const built = buildImage({ ...parts, policy: Buffer.from("{}"), rootCa: intelRootCaDer() });
  rows.push(["image assembly only (median of 5)", `${median(asm).toFixed(0)} ms`]);
  rows.push(["payload (flat image in the Payload region)", `${built.payloadFileSize} bytes (bss incl.: ${built.payloadMemSize})`]);
  rows.push(["shim C code (Ipl region)", `${built.shimSize} bytes`]);
  const { path } = testImage("bench", Buffer.from("{}"), intelRootCaDer());
  const accels: Accel[] = existsSync("/dev/kvm") ? ["tcg", "kvm"] : ["tcg"];
  for (const accel of accels) {
    const label = `QEMU start -> banner, ${accel.toUpperCase()} (median of 3, polled every 10 ms)`;
    try {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) ms.push((await bootImage({ image: path, accel, until: BANNER, timeoutMs: 20_000 })).ms);
      rows.push([label, `${median(ms).toFixed(0)} ms`]);
    } catch (e) {
      rows.push([label, `failed: ${(e as Error).message.slice(0, 100)}`]);
    }
  }
  if (accels.length === 1) rows.push(["QEMU start -> banner, KVM", "skipped: no /dev/kvm"]);
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}
