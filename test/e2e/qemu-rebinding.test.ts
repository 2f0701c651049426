// V2 rebinding (migtd.md §2.9) between two RAW V2 firmware images under QEMU (TCG, no TDX): each
// guest forwards its TDCALLs and VMCALLs to its own simulator, and the two simulators share one
// platform (scripts/sim/rebind-pair.ts: one report key for TDG.MR.VERIFYREPORT, shared approvals),
// as the Node and native hosts do. The RAW VMMs relay the stream; afterwards the simulated host
// completes the rebinding only if the module's checks pass.
import { expect, it } from "vitest";
import { runRebinding, type RebindResult } from "../../scripts/sim/rebind-pair.ts";
import { engineSuite } from "../helpers/artefacts.ts";

const explain = (r: RebindResult) => JSON.stringify(r.rounds) + "\n" + r.logs.map((l) => `${l.side.padEnd(4)} ${l.line}`).join("\n");

engineSuite("firmware", "firmware under QEMU: V2 rebinding (RAW)", () => {
  it("two RAW V2 QEMU MigTDs on one platform complete a rebinding: both report Success, approval and accept tokens match", async () => {
    const r = await runRebinding({ host: "qemu", timeoutMs: 90_000 });
    expect(r.rounds[0], explain(r)).toMatchObject({ oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    expect(r.approvals).toBe(1);
    expect(r.acceptWrites).toBe(4 + 1 + 6);
    expect(r.logs.some((l) => l.side === "old" && /StartRebinding as the old MigTD/.test(l.line)), explain(r)).toBe(true);
    expect(r.logs.some((l) => l.side === "new" && /accept token, REBIND_ATTR and SERVTD_EXT hash written/.test(l.line)), explain(r)).toBe(true);
  }, 150_000);

  it("fails closed when the new MigTD's policy does not list the old one: 8 on the new one, nothing written, no rebinding", async () => {
    const r = await runRebinding({ host: "qemu", newPolicy: { mapMeasurements: false }, timeoutMs: 90_000 });
    expect(r.rounds[0].newStatus, explain(r)).toBe(8);
    expect(r.acceptWrites).toBe(0);
    expect(r.rounds[0].rebind.ok).toBe(false);
  }, 150_000);

  it("needs the shared platform: guests on two platforms cannot verify each other's TD reports (7 on the old MigTD), no approval", async () => {
    const r = await runRebinding({ host: "qemu", otherPlatform: true, timeoutMs: 90_000 });
    expect(r.rounds[0].oldStatus, explain(r)).toBe(7);
    expect(r.rounds[0].oldText).toMatch(/TDG\.MR\.VERIFYREPORT refused the peer's report/);
    expect(r.approvals).toBe(0);
    expect(r.rounds[0].rebind.ok).toBe(false);
  }, 150_000);
});
