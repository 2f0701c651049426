// `migtd quote verify --report-out`: the 822-byte verified report a real quote verifies to with
// real collateral, fed to `migtd policy eval`; empty or truncated collateral files are input
// errors (exit 2), never "TCB status not evaluated". Times are given with --at.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { root } from "../helpers/scenarios.ts";

const cli = join(root, "scripts", "bin", "migtd.mjs");
function migtd(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), "migtd-report-out-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeShared("migtd quote verify --report-out", () => {
  const quote = sharedPath("testdata", "quotes", "phala_tdx_v4_b0c06f_uptodate.quote");
  const coll = sharedPath("testdata", "collateral", "phala_tdx_v4_b0c06f_collateral.json");
  const at = "2025-07-19T10:00:34Z";

  it("writes the 822-byte report with the TCB status, which policy eval then judges", () => {
    const out = join(dir, "phala.report");
    const r = migtd("quote", "verify", quote, "--collateral", coll, "--at", at, "--report-out", out);
    expect(r.code, r.out + r.err).toBe(0);
    const rep = readFileSync(out);
    expect(rep.length).toBe(822);
    expect(rep.subarray(742, 750).toString("latin1")).toBe("UpToDate");
    expect(rep.subarray(650, 666).toString("hex")).toBe("fbffffffffffffff0000000000000000");
    const policy = sharedPath("testdata", "migtd_policy", "current_v1", "policy_production_fmspc.json");
    const p = JSON.parse(readFileSync(policy, "utf8"));
    p.policy = p.policy.filter((item: any) => !item.MigTD); // the platform/QE/module part (no MigTD event log here)
    const pf = join(dir, "platform-only.json");
    writeFileSync(pf, JSON.stringify(p));
    const e = migtd("policy", "eval", "--policy", pf, "--local", out, "--peer", out);
    expect(e.code, e.out + e.err).toBe(0);
  });

  it("writes nothing when the quote is rejected (exit 1)", () => {
    const out = join(dir, "late.report");
    const r = migtd("quote", "verify", quote, "--collateral", coll, "--at", "2040-01-01T00:00:00Z", "--report-out", out);
    expect(r.code).toBe(1);
    expect(() => readFileSync(out)).toThrow();
  });

  it("an empty or truncated collateral file is an input error (exit 2)", () => {
    const empty = join(dir, "empty.json");
    writeFileSync(empty, "");
    const cut = join(dir, "cut.json");
    writeFileSync(cut, readFileSync(coll).subarray(0, 500));
    for (const f of [empty, cut]) {
      const r = migtd("quote", "verify", quote, "--collateral", f, "--at", at, "--report-out", join(dir, "x.report"));
      expect(r.code, r.out + r.err).toBe(2);
      expect(r.out + r.err).not.toMatch(/not evaluated/);
    }
  });
});
