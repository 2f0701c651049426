// Policy v2 evaluation (spec migtd.md §3.4-3.5): verdicts on Intel's signed policies and on test
// policies signed with the TEST policy PKI around Intel's collateral. Every expectation names the
// rule of the spec it comes from. Time never enters: reports carry their TCB dates.
import { describe, expect, it } from "vitest";
import { describeShared } from "../../helpers/shared.ts";
import { evaluate, MEAS, report, signedTestPolicy, v2File, type ReportSpec, type Verdict } from "./helpers.ts";

// The template's TCB mapping entry (templates/policy_v2_signed.json servtdTcbMapping, ISVSVN 1).
const TEMPLATE_MIGTD = {
  mrtd: "0E200328149B9BAAFD0E68557A426EFF78553D13E2536862EDDD8299A80C986567A8E03CB86F7D3EC75E99F386C3490B",
  rtmr0: "518923B0F955D08DA077C96AABA522B9DECEDE61C599CEA6C41889CFBEA4AE4D50529D96FE4D1AFDAFB65E7F95BF23C4",
  rtmr1: "C3C3F42541603E01B85F8B5BD89B45A1B386CB76D56182F63AF73589F81B3280D35545FFD3BF3BDBD5649ABD2E3C3C3E",
};
// 20C06F000000: in the template's fmspc allow-list and in its collaterals (tcbEvaluationDataNumber 5).
const BASE: ReportSpec = { fmspc: "20C06F000000", tcbDate: "2024-03-13T00:00:00Z", tcbStatus: "UpToDate", ...TEMPLATE_MIGTD };

const decisive = (v: Verdict) => v.rules.find((r) => r.decisive);

describeShared("policy v2 evaluation: Intel's template policy", () => {
  const policy = v2File("templates", "policy_v2_signed.json");
  const chain = v2File("templates", "policy_issuer_chain.pem");
  const run = (peer: Partial<ReportSpec>, isSrc = true) => evaluate({ policy, chain, local: report(BASE), peer: report({ ...BASE, ...peer }), isSrc });

  it("accepts a known MigTD on an allowed, up-to-date platform, either role", () => {
    for (const isSrc of [true, false]) {
      const v = run({}, isSrc);
      expect(v.message).toBe("");
      expect(v.accepted).toBe(true);
      expect(v.code).toBe(0);
      expect(v.peer!.tcbEvaluationNumber).toBe(5);
      expect(v.peer!.migtdIsvsvn).toBe(1);
      expect(v.rules.every((r) => r.result === "pass")).toBe(true);
    }
  });

  it("denies a Revoked platform whatever the rules say (§3.5 always), code 8", () => {
    const v = run({ tcbStatus: "Revoked" });
    expect(v.accepted).toBe(false);
    expect(v.code).toBe(8);
    expect(v.error).toBe("TcbRevoked");
    expect(decisive(v)!.path).toBe("§3.5 peer TCB status");
  });

  it("denies a MigTD whose measurements are not in the TCB mapping: UnqualifiedMigTdInfo (§3.5)", () => {
    const v = run({ rtmr1: "00".repeat(48) });
    expect(v.error).toBe("UnqualifiedMigTdInfo");
    expect(v.code).toBe(8);
    expect(v.message).toMatch(/not in the policy's TCB mapping/);
  });

  it("denies an FMSPC outside the allow-list: UnqualifiedPlatformInfo naming the rule (§3.4 allow-list)", () => {
    // 0400F1300000 has collateral in the policy (so its TCB rules pass) but is not allowed.
    const v = run({ fmspc: "0400F1300000" });
    expect(v.error).toBe("UnqualifiedPlatformInfo");
    expect(v.failedRule).toBe("policyData.policy[0].global.platform.fmspc");
    expect(decisive(v)!.note).toBe("0400F1300000 is not in the allow-list");
  });

  it("denies a TCB date before the reference: dates compare as text (§3.4 greater-or-equal)", () => {
    const v = run({ tcbDate: "2022-11-08T23:59:59Z" });
    expect(v.failedRule).toBe("policyData.policy[0].global.tcb.tcbDate");
    expect(run({ tcbDate: "2022-11-09T00:00:00Z" }).accepted).toBe(true);
  });

  it("admits the configuration statuses through allow-list ConfigurationNeeded, and OutOfDate always (§3.4)", () => {
    for (const s of ["ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDateConfigurationNeeded", "OutOfDate", "SWHardeningNeeded"]) {
      expect(run({ tcbStatus: s }).accepted, s).toBe(true);
    }
  });

  it("has no TCB evaluation number for a platform its collaterals do not carry, so >= 5 fails (§3.5)", () => {
    // 00706A000000 is in the allow-list but not among the 32 collateral platforms.
    const v = run({ fmspc: "00706A000000" });
    expect(v.failedRule).toBe("policyData.policy[0].global.tcb.tcbEvaluationDataNumber");
    expect(decisive(v)!.note).toBe("the peer value is unknown");
  });

  it("rejects a peer whose policy is signed by another PKI (the test policy vs the template chain): code 9", () => {
    const v = evaluate({ policy, chain, local: report(BASE), peer: report(BASE),
      peerPolicy: v2File("test", "policy_v2.json"), peerChain: v2File("test", "policy_issuer_chain.pem") });
    expect(v.accepted).toBe(false);
    expect(v.code).toBe(9);
    expect(v.error).toBe("PolicyIssuerMismatch");
  });
});

describeShared("policy v2 evaluation: Intel's test policy", () => {
  it("cannot be a peer's policy: its intermediate CA lacks cA=TRUE (§2.5 V2 step 3), code 9, either role", () => {
    const policy = v2File("test", "policy_v2.json");
    const chain = v2File("test", "policy_issuer_chain.pem");
    const r = report(BASE);
    for (const isSrc of [true, false]) {
      const v = evaluate({ policy, chain, local: r, peer: r, isSrc });
      expect(v.code).toBe(9);
      expect(v.error).toBe("PolicyIssuerMismatch");
      expect(v.message).toMatch(/Intermediate CA' issues certificates but is not a CA/);
    }
  });

  it("its global rules (test/global.json) reject every platform of its collaterals: evaluation number 5 < 13 (§3.5)", () => {
    const global = JSON.parse(v2File("test", "global.json").toString("utf8"));
    const p = signedTestPolicy({ policy: [{ global }] });
    const r = report({ ...BASE, ...MEAS, tcbDate: "2025-02-12T00:00:00Z" });
    const v = evaluate({ policy: p.file, chain: p.chain, local: r, peer: r });
    expect(v.error).toBe("UnqualifiedPlatformInfo");
    expect(v.failedRule).toBe("policyData.policy[0].global.tcb.tcbEvaluationDataNumber");
    expect(decisive(v)!.note).toBe("5 < 13");
  });
});

describeShared("policy v2 evaluation: rules by role and every operation", () => {
  const me = report({ ...BASE, ...MEAS });
  const svn1 = report({ ...BASE, ...MEAS, mrtd: "44".repeat(48) }); // ISVSVN 1 in the test mapping
  const rule = (section: string, body: unknown) => {
    const [kind, sub, name] = section.split(".");
    return [{ [kind]: { [sub]: { [name]: body } } }];
  };

  it("forwardPolicy binds only the source, backwardPolicy only the destination (§3.5)", () => {
    const p = signedTestPolicy({ forwardPolicy: rule("servtd.migtdIdentity.isvsvn", { operation: "greater-or-equal", reference: 2 }) });
    const src = evaluate({ policy: p.file, chain: p.chain, local: me, peer: svn1, isSrc: true });
    expect(src.error).toBe("UnqualifiedMigTdInfo");
    expect(src.failedRule).toBe("policyData.forwardPolicy[0].servtd.migtdIdentity.isvsvn");
    expect(evaluate({ policy: p.file, chain: p.chain, local: me, peer: svn1, isSrc: false }).accepted).toBe(true);
    const q = signedTestPolicy({ backwardPolicy: rule("servtd.migtdIdentity.isvsvn", { operation: "greater-or-equal", reference: 2 }) });
    expect(evaluate({ policy: q.file, chain: q.chain, local: me, peer: svn1, isSrc: true }).accepted).toBe(true);
    expect(evaluate({ policy: q.file, chain: q.chain, local: me, peer: svn1, isSrc: false }).error).toBe("UnqualifiedMigTdInfo");
  });

  it("'self' compares with the local MigTD's value (§3.4)", () => {
    const p = signedTestPolicy({ policy: rule("servtd.migtdIdentity.isvsvn", { operation: "greater-or-equal", reference: "self" }) });
    const v = evaluate({ policy: p.file, chain: p.chain, local: me, peer: svn1 });
    expect(decisive(v)!.note).toBe("1 < 2");
    expect(evaluate({ policy: p.file, chain: p.chain, local: svn1, peer: me }).accepted).toBe(true);
  });

  it("in-range is inclusive at both ends; subset is membership (§3.4)", () => {
    const cases: [unknown, boolean][] = [
      [{ operation: "in-range", reference: "1..1" }, true],
      [{ operation: "in-range", reference: "2..5" }, false],
      [{ operation: "in-time-range", reference: "..1" }, true],
      [{ operation: "subset", reference: [0, 1, 7] }, true],
      [{ operation: "subset", reference: [2, 3] }, false],
      [{ operation: "equal", reference: 1 }, true],
    ];
    for (const [body, ok] of cases) {
      const p = signedTestPolicy({ policy: rule("servtd.migtdIdentity.isvsvn", body) });
      expect(evaluate({ policy: p.file, chain: p.chain, local: me, peer: svn1 }).accepted, JSON.stringify(body)).toBe(ok);
    }
  });

  it("ranks TCB statuses for equal/greater-or-equal and deny-list denies every non-always-allowed status (§3.4)", () => {
    const at = (status: string, body: unknown) => {
      const p = signedTestPolicy({ policy: rule("global.tcb.tcbStatusAccepted", body) });
      return evaluate({ policy: p.file, chain: p.chain, local: me, peer: report({ ...BASE, ...MEAS, tcbStatus: status }) }).accepted;
    };
    expect(at("ConfigurationNeeded", { operation: "greater-or-equal", reference: "ConfigurationAndSWHardeningNeeded" })).toBe(true);
    expect(at("ConfigurationNeeded", { operation: "greater-or-equal", reference: "UpToDate" })).toBe(false);
    expect(at("OutOfDate", { operation: "greater-or-equal", reference: "UpToDate" })).toBe(true); // always allowed
    expect(at("ConfigurationNeeded", { operation: "deny-list", reference: ["Revoked"] })).toBe(false);
    expect(at("UpToDate", { operation: "deny-list", reference: ["UpToDate"] })).toBe(true); // always allowed
    expect(at("ConfigurationNeeded", { operation: "allow-list", reference: ["UpToDate"] })).toBe(false);
  });

  it("allow-list and deny-list on FMSPC compare uppercase hex (§3.4)", () => {
    const p = signedTestPolicy({ policy: rule("global.platform.fmspc", { operation: "deny-list", reference: ["20c06f000000"] }) });
    expect(evaluate({ policy: p.file, chain: p.chain, local: me, peer: me }).failedRule).toBe("policyData.policy[0].global.platform.fmspc");
  });

  it("denies a MigTD whose identity level is Revoked, allows OutOfDate (§3.4 ServTD status)", () => {
    const p = signedTestPolicy({ levels: [{ isvsvn: 2, tcbDate: "2025-06-01T00:00:00Z", tcbStatus: "UpToDate" }, { isvsvn: 1, tcbDate: "2024-01-01T00:00:00Z", tcbStatus: "Revoked" }] });
    const v = evaluate({ policy: p.file, chain: p.chain, local: me, peer: svn1 });
    expect(v.error).toBe("UnqualifiedMigTdInfo");
    expect(v.message).toMatch(/Revoked/);
    expect(evaluate({ policy: signedTestPolicy({}).file, chain: p.chain, local: me, peer: svn1 }).accepted).toBe(true);
  });

  it("the source requires the peer's policySvn >= its own; the destination does not (§3.5)", () => {
    const mine = signedTestPolicy({ policySvn: 5 });
    const older = signedTestPolicy({ policySvn: 4 });
    const v = evaluate({ policy: mine.file, chain: mine.chain, local: me, peer: me, peerPolicy: older.file, peerChain: older.chain });
    expect(v.error).toBe("PolicySvnTooLow");
    expect(v.code).toBe(8);
    expect(evaluate({ policy: mine.file, chain: mine.chain, local: me, peer: me, peerPolicy: older.file, peerChain: older.chain, isSrc: false }).accepted).toBe(true);
  });

  it("rejects a peer policy signed by another root, code 9 (§2.5 V2 step 3)", () => {
    const mine = signedTestPolicy({});
    const other = signedTestPolicy({ seed: "another-fleet" });
    const v = evaluate({ policy: mine.file, chain: mine.chain, local: me, peer: me, peerPolicy: other.file, peerChain: other.chain });
    expect(v.code).toBe(9);
    expect(v.error).toBe("PolicyIssuerMismatch");
    expect(v.message).toMatch(/root CA/);
  });

  it("refuses rules it cannot evaluate as written: unknown property, operation, or mistyped reference (code 9)", () => {
    for (const [section, body] of [
      ["global.tcb.tcbDate", { operation: "in-range", reference: "1..2" }],
      ["global.tcb.tcbDate", { operation: "after", reference: "x" }],
      ["servtd.migtdIdentity.isvsvn", { operation: "equal", reference: "one" }],
      ["global.tcb.tcbStatusAccepted", { operation: "allow-list", reference: ["Fine"] }],
      ["global.crl.nextCrl", { operation: "equal", reference: 1 }],
    ] as [string, unknown][]) {
      const p = signedTestPolicy({ policy: rule(section, body) });
      const v = evaluate({ policy: p.file, chain: p.chain, local: me, peer: me });
      expect(v.code, JSON.stringify(body)).toBe(9);
      expect(v.error).toBe("InvalidPolicy");
    }
  });
});
