// `migtd policy check` / `migtd policy eval` (exit 0 accepted, 1 rejected, 2 usage/input error,
// an invalid policy included) and config/policy.schema.json + config/policy.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { command as checkCmd } from "../../scripts/cli/commands/policy-check.ts";
import { command as evalCmd } from "../../scripts/cli/commands/policy-eval.ts";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { check } from "./helpers.ts";
import { runIn } from "../cli/run.ts";

const root = join(__dirname, "..", "..");
const ours = join(root, "config", "policy.json");

describe("config/policy.json and its schema", () => {
  const schema = JSON.parse(readFileSync(join(root, "config", "policy.schema.json"), "utf8"));
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it("our default policy matches the schema and parses without warnings", () => {
    expect(validate(JSON.parse(readFileSync(ours, "utf8"))), JSON.stringify(validate.errors)).toBe(true);
    const r = check(readFileSync(ours));
    expect(r.valid).toBe(true);
    expect(r.policy.warnings).toEqual([]);
  });

  it("the schema refuses typos MigTD would silently ignore", () => {
    const doc = JSON.parse(readFileSync(ours, "utf8"));
    doc.policy[1].QE.QeIdentity.ISVSNV = doc.policy[1].QE.QeIdentity.ISVSVN;
    expect(validate(doc)).toBe(false);
  });

  it("policy check accepts it (exit 0)", async () => {
    const r = await runIn(checkCmd, [ours]);
    expect(r.exit).toBe(0);
    expect(r.lines.join("\n")).toContain("valid policy");
  });
});

describeShared("the policy CLI on Intel's test data", () => {
  const t = (n: string) => sharedPath("testdata/migtd_policy/current_v1/test", n);

  it("policy check: an invalid policy is an input error (exit 2) naming the file and the key", async () => {
    const r = await runIn(checkCmd, [t("policy_009.json")], true);
    expect(r.exit).toBe(2);
    expect((r.result as { valid: boolean }).valid).toBe(false);
    expect(r.error?.field).toBe("policy[0].fmspc");
    expect(r.error?.file).toBe(t("policy_009.json"));
  });

  it("policy check: every shipped Intel policy (bar the broken ones) also passes the schema", async () => {
    for (const n of ["policy_001.json", "policy_full1.json", "policy_full2.json", "../policy_production_fmspc.json"]) {
      expect((await runIn(checkCmd, [t(n)])).exit, n).toBe(0);
    }
  });

  it("policy eval: accepted exits 0", async () => {
    const r = await runIn(evalCmd, ["--policy", t("policy_full1.json"), "--local", t("report.dat"), "--peer", t("report.dat")]);
    expect(r.exit).toBe(0);
    expect(r.lines.join("\n")).toContain("ACCEPTED");
  });

  it("policy eval: rejected exits 1 and names the first failing rule", async () => {
    const r = await runIn(evalCmd, ["--policy", t("policy_007.json"), "--local", t("report.dat"), "--peer", t("report.dat")], true);
    expect(r.exit).toBe(1);
    const v = r.result as { code: number; failedRule: string; rules: { decisive: boolean }[] };
    expect(v.code).toBe(8);
    expect(v.failedRule).toBe("policy[0].Platform.TcbInfo.sgxtcbcomponents");
    expect(v.rules.filter((r: { decisive: boolean }) => r.decisive)).toHaveLength(1);
  });

  it("policy eval: an invalid policy or a wrong-size report is an input error (exit 2)", async () => {
    expect((await runIn(evalCmd, ["--policy", t("policy_005.json"), "--local", t("report.dat"), "--peer", t("report.dat")])).exit).toBe(2);
    expect((await runIn(evalCmd, ["--policy", t("policy_no.json"), "--local", t("report_v0.4.9_734B.dat"), "--peer", t("report.dat")])).exit).toBe(2);
  });

  it("policy eval: missing options are usage errors", async () => {
    await expect(runIn(evalCmd, ["--policy", t("policy_no.json")])).rejects.toThrow(/--local is required/);
  });
});
