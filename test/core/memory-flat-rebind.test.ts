// Many V2 rebindings served by the same two RAW MigTDs (migtd.md §2.9): each completes, linear
// memory stays flat and, at rest, only the WaitForRequest buffer is shared.
import { describe, expect, it } from "vitest";
import { runRebinding } from "../../scripts/sim/rebind-pair.ts";
import type { NodeHost } from "../../scripts/host/node-host.ts";

describe("rebinding: memory stays flat over many requests", () => {
  it("linear memory of both MigTDs does not grow between rebinding 10 and 40", async () => {
    const sizes: number[][] = [];
    let pools: number[] = [];
    const r = await runRebinding({
      rounds: 40,
      timeoutMs: 20_000,
      afterRound: (round, old, neu) => {
        const hosts = [old, neu] as NodeHost[];
        if (round === 9 || round === 39) sizes.push(hosts.map((h) => h.memory().buffer.byteLength));
        if (round === 39) pools = hosts.map((h) => h.pool.inUse);
      },
    });
    expect(r.rounds.filter((x) => !(x.oldStatus === 0 && x.newStatus === 0 && x.rebind.ok))).toEqual([]);
    expect(sizes.length).toBe(2);
    expect(sizes[1]).toEqual(sizes[0]);
    const waitPages = Number(/WaitForRequest buffer of (\d+) pages/.exec(r.logs.map((l) => l.line).join("\n"))?.[1] ?? -1);
    expect(waitPages).toBeGreaterThan(0);
    // Each MigTD holds its outstanding WaitForRequest buffer (the last reports may still await
    // acknowledgement: at most one ReportStatus page more).
    for (const p of pools) expect(p).toBeLessThanOrEqual(waitPages + 1);
  }, 180_000);
});
