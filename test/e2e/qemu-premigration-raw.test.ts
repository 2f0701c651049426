// The RAW firmware under QEMU (TCG, no TDX): two guests built with INTERFACE=raw
// (build/fw/payload-raw.elf) whose MigTD leaf VMCALLs reach their simulators over COM2; the
// stream between them is the RAW VMMs' Send/Receive relay, with no transport device. Also the
// log area read back from guest memory.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PairResult, repoRoot, runPreMigration } from "../../scripts/sim/pair.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

describe("RAW firmware under QEMU", () => {
  it("two QEMU MigTDs complete two pre-migrations over the MigTD leaf, with their log areas read by the VMMs", async () => {
    writeFileSync(join(repoRoot, "build", "test-root.der"), testRootDer());
    const r = await runPreMigration({ host: "qemu", iface: "raw", sessions: 2, logArea: 3, timeoutMs: 120_000 });
    expect(r.ok, explain(r)).toBe(true);
    for (const side of ["source", "destination"] as const) {
      const lines = r.logs.filter((l) => l.side === side).map((l) => l.line);
      expect(lines.some((l) => /MIGTD_HOST_INTERFACE=vmcall-raw/.test(l)), explain(r)).toBe(true);
      expect(lines.some((l) => /TLS (client|server) to vmcall-raw request 0x2/.test(l)), explain(r)).toBe(true);
      expect(lines.some((l) => /virtio-serial: port 1 connected/.test(l))).toBe(false);
    }
    const src = r.logArea!.filter((e) => e.side === "source").map((e) => e.entry);
    expect(src.some((e) => /peer's key written/.test(e.text) && (e.requestId === 1n || e.requestId === 2n)), JSON.stringify(src.map((e) => e.text))).toBe(true);
  }, 240_000);
});
