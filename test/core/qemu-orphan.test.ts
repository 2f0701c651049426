// A QEMU guest never outlives the test process that started it: when a test times out its
// cleanup never runs, and the worker's exit (or SIGTERM) must still take the guest down.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..");
const fixture = join(import.meta.dirname, "fixtures", "qemu-orphan.ts");

// Running, not a zombie (an orphan's zombie waits for PID 1, which may never reap it here).
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function orphan(mode: "exit" | "term"): Promise<number> {
  const child = spawn(join(repo, "node_modules", ".bin", "tsx"), [fixture, mode], { stdio: ["ignore", "pipe", "inherit"] });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /pid (\d+)/.exec(out);
      if (m) { resolve(Number(m[1])); if (mode === "term") child.kill("SIGTERM"); }
    });
    child.on("exit", () => reject(new Error(`fixture exited without a pid: ${out}`)));
  });
  await new Promise((r) => child.on("exit", r));
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return pid;
}

describe("QEMU guests are killed with their host process", () => {
  it("the image exists", () => expect(existsSync(join(repo, "build", "migtd.bin")), "make image").toBe(true));
  it("on exit", async () => expect(alive(await orphan("exit"))).toBe(false), 30_000);
  it("on SIGTERM", async () => expect(alive(await orphan("term"))).toBe(false), 30_000);
});
