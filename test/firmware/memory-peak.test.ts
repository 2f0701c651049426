// The firmware's Heap and PayloadStack reservations (shim/memory-map.json) against what the
// payload really uses under QEMU (TCG, no TDX): the payload paints both regions at boot and
// reports their high-water marks on request (runtime-c/platform/td/memwatch.c). The sizing rule
// and the measured figures are in docs/firmware.md ("Memory sizing"); these tests fail when a
// 12-session run no longer fits the reservations less their margins, or runs out of memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { PairOptions, PairResult, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { QemuHost, qemuScenarioHost } from "../../scripts/host/qemu-host.ts";
import { DEBUG_HEAP_CAP, type MemoryPeak } from "../../scripts/host/memory-peak.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { simPolicyV2, v2PairOptions } from "../../scripts/sim/policy-v2-world.ts";
import { ART, ENGINE, engineSuite } from "../helpers/artefacts.ts";
import { largestWasmFrame, wasmCallDepth } from "../helpers/stack-frames.ts";

// The Heap holds 1.6x the largest peak measured when it was sized, so a run must stay within
// Heap / 1.6 (docs/firmware.md).
const HEAP_MARGIN = 1.6;
// Room for an interrupt frame on top of the deepest wasm call (intr.asm pushes every GPR and
// the C dispatcher's frame), beyond the measured peak.
const INTERRUPT_ALLOWANCE = 4096;
const DEBUG_STACK_PROBE = 0x80000006;

// The core's initial linear memory (asconfig.json), which the engine claims at instantiation.
const initialPages: number = JSON.parse(readFileSync(join(repoRoot, "asconfig.json"), "utf8")).options.initialMemory;

function explain(r: PairResult, peaks: MemoryPeak[]): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${JSON.stringify(peaks)}\n${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

// The stack a Wasm recursion can take before the engine traps: the depth cap times the largest
// wasm2c frame (under wasm3 there is no w2c code to read and the bound is not checked).
function wasmStackBound(elf: string): number | undefined {
  const frame = largestWasmFrame(elf);
  const depth = wasmCallDepth(join(ART.dir, "native", "engine-flags.txt"));
  return frame && depth ? frame.bytes * depth : undefined;
}

function checkPeaks(peaks: MemoryPeak[], elf: string, why: string): void {
  expect(peaks.length, why).toBe(2);
  const bound = wasmStackBound(elf);
  for (const p of peaks) {
    expect(p.heapSize).toBe(LAYOUT.RAM_HEAP_SIZE);
    expect(p.stackSize).toBe(LAYOUT.RAM_PAYLOAD_STACK_SIZE);
    expect(p.heapUsed, why).toBeGreaterThanOrEqual(initialPages * 65536);
    expect(p.heapUsed * HEAP_MARGIN, why).toBeLessThanOrEqual(p.heapSize);
    expect(p.stackUsed, why).toBeGreaterThan(0);
    if (ENGINE === "wasm2c") expect(bound, "the wasm2c payload's frames and depth cap are readable").toBeDefined();
    expect(p.stackUsed + (bound ?? 0) + INTERRUPT_ALLOWANCE, why).toBeLessThanOrEqual(p.stackSize);
  }
}

async function pairWithPeaks(iface: "raw" | "service", sessions: number, more: Partial<PairOptions> = {}): Promise<{ r: PairResult; peaks: MemoryPeak[] }> {
  writeFileSync(join(repoRoot, "build", "test-root.der"), testRootDer());
  const peaks: MemoryPeak[] = [];
  const r = await runPreMigration({
    host: "qemu", iface, sessions, timeoutMs: 180_000, ...more,
    beforeStop: async (a, b) => { for (const h of [a, b]) peaks.push(await (h as QemuHost).memoryPeak()); },
  });
  return { r, peaks };
}

engineSuite("firmware", "firmware memory use against its reservations (QEMU)", () => {
  it("the stack measurement sees a 64 KiB probe, and the heap one at least the core's initial memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migtd-mem-"));
    const host = qemuScenarioHost(new Simulator(), dir);
    try {
      await host.start();
      const before = await host.memoryPeak();
      host.debug(DEBUG_STACK_PROBE);
      const after = await host.memoryPeak();
      expect(host.logs).toContain("runtime: debug: 64 KiB stack probe done");
      expect(before.stackUsed).toBeLessThan(64 * 1024);
      expect(after.stackUsed).toBeGreaterThanOrEqual(64 * 1024);
      expect(after.stackUsed).toBeLessThan(80 * 1024);
      expect(before.heapUsed).toBeGreaterThanOrEqual(initialPages * 65536);
      expect(before.heapUsed).toBeLessThan(LAYOUT.RAM_HEAP_SIZE);
    } finally {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("12 concurrent pre-migrations (RAW interface) all succeed within Heap / 1.6 and the stack less the Wasm depth bound", async () => {
    const { r, peaks } = await pairWithPeaks("raw", 12);
    const why = explain(r, peaks);
    expect(r.ok, why).toBe(true);
    expect(r.sessions.length).toBe(12);
    expect(r.logs.some((l) => /core trapped|core stopped|runtime panic/.test(l.line)), why).toBe(false);
    checkPeaks(peaks, join(ART.fwDir, "payload-raw.elf"), why);
  }, 400_000);

  it("12 concurrent pre-migrations under a signed v2 policy (RAW interface) stay within the same budgets", async () => {
    const { r, peaks } = await pairWithPeaks("raw", 12, v2PairOptions(simPolicyV2()));
    const why = explain(r, peaks);
    expect(r.ok, why).toBe(true);
    expect(r.logs.some((l) => /config: signed policy v2/.test(l.line)), why).toBe(true);
    expect(r.logs.some((l) => /core trapped|core stopped|runtime panic/.test(l.line)), why).toBe(false);
    checkPeaks(peaks, join(ART.fwDir, "payload-raw.elf"), why);
  }, 400_000);

  it("a pre-migration over virtio-serial (service interface) stays within the same budgets", async () => {
    const { r, peaks } = await pairWithPeaks("service", 1);
    const why = explain(r, peaks);
    expect(r.ok, why).toBe(true);
    expect(r.logs.some((l) => /core trapped|core stopped|runtime panic/.test(l.line)), why).toBe(false);
    checkPeaks(peaks, join(ART.fwDir, "payload.elf"), why);
  }, 300_000);

  it("a core that needs more memory than the Heap traps when memory.grow fails, and its successor reports the requests in flight", async () => {
    // config/policy.json's blocks twenty times over (~58 KiB) make 12 sessions outgrow the
    // core's initial memory; capping the Heap one page above it makes every such growth fail.
    const base = JSON.parse(readFileSync(join(repoRoot, "config", "policy.json"), "utf8"));
    const policy = Buffer.from(JSON.stringify({ ...base, policy: Array.from({ length: 20 }, () => base.policy).flat() }, null, 2));
    const capPages = initialPages + 1;
    const { r, peaks } = await pairWithPeaks("raw", 12, { policy, qemuBootDebug: [DEBUG_HEAP_CAP + capPages], timeoutMs: 45_000 });
    const why = explain(r, peaks);
    expect(r.logs.filter((l) => /heap capped at/.test(l.line)).length, why).toBe(2);
    // AssemblyScript's allocator executes `unreachable` when memory.grow returns -1.
    expect(r.logs.some((l) => /runtime: trap: unreachable executed/.test(l.line)), why).toBe(true);
    for (const side of ["source", "destination"]) {
      const lines = r.logs.filter((l) => l.side === side).map((l) => l.line);
      const again = lines.findIndex((l) => /re-instantiating the core/.test(l));
      if (again < 0) continue;
      // The successor reports what was in flight and serves again.
      expect(lines.slice(again).some((l) => /was in flight when the core trapped; reporting InitializationError/.test(l)), why).toBe(true);
      expect(lines.slice(again).some((l) => /Loop to wait for request/.test(l)), why).toBe(true);
    }
    // Requests cut short say InitializationError (255) and wrote no key. (A request the core was
    // taking when it trapped is recorded before anything allocates and reported too: scenario
    // vmm-trap-at-intake. But one the VMM wrote into a WaitForRequest buffer the dead instance had
    // not read yet is lost with that buffer, which the runtime frees on recovery; so not every
    // request is checked here.)
    expect(r.sessions.some((s) => s.sourceStatus === 255 || s.destinationStatus === 255), why).toBe(true);
    expect(r.sessions.some((s) => s.anyKeyWritten), why).toBe(false);
    for (const p of peaks) expect(p.heapUsed, why).toBeLessThanOrEqual(capPages * 65536);
  }, 400_000);
});
