// V2 rebinding (migtd.md §2.9) between two MigTDs on one simulated platform, RAW StartRebinding
// (op 2): the old MigTD (TLS client) and the new one (TLS server) run the pre-session exchange,
// attest each other with TD reports the TDX module verifies (TDG.MR.VERIFYREPORT), the old one
// hands its binding's SERVTD_EXT and init TDINFO over, sends a random token and approves; the new
// one writes the token, REBIND_ATTR and the SERVTD_EXT hash. The simulated host then completes the
// rebinding only if the module's checks pass (scripts/sim/tdx-module.ts completeRebind).
import { describe, expect, it } from "vitest";
import { runRebinding, type RebindResult } from "../../scripts/sim/rebind-pair.ts";

const explain = (r: RebindResult) => JSON.stringify(r.rounds) + "\n" + r.logs.map((l) => `${l.side.padEnd(4)} ${l.line}`).join("\n");

describe("V2 rebinding on one platform (node host)", () => {
  it("completes: both report Success, the module's approval and accept tokens match", async () => {
    const r = await runRebinding();
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    expect(r.approvals).toBe(1);
    expect(r.acceptWrites).toBe(4 + 1 + 6);
    expect(r.logs.some((l) => l.side === "new" && /accept token, REBIND_ATTR and SERVTD_EXT hash written/.test(l.line)), explain(r)).toBe(true);
  }, 60_000);
});
