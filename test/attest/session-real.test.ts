// Real quotes judged by the pre-migration's own verification path (session/session_attest.ts via
// api_session_verify): collateral from ../shared/testdata, judged at the session's time (the newest
// issue date Intel signed into the collateral; no clock, so nothing depends on today's date).
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { sharedCore } from "../../scripts/host/library.ts";
import { T, expected, prodRoot } from "./lib.ts";
import { googleBundle } from "./collateral.ts";
import { buildMigtdLog } from "./fixtures.ts";

// Offsets of the verified report (migtd.md §2.6).
const R = { miscSelect: 626, miscMask: 630, attributes: 634, attrMask: 650, mrSigner: 698, isvProdId: 730, isvSvn: 732, tcbDate: 734, tcbStatus: 742, platformDate: 774, qeDate: 782, qeStatus: 790 };
const cstr = (b: Buffer, at: number) => b.subarray(at, at + 32).toString("latin1").replace(/\0.*$/s, "");

function bundleOf(e: { collateral: string; quote: string }): Buffer {
  if (!e.collateral.startsWith("collateral/google/")) return T(e.collateral);
  const file = e.collateral.replace("collateral/google/", "").split(" ")[0];
  return googleBundle(file, expected().quotes[e.quote].fmspc.toUpperCase());
}

function qeIdentityOf(bundle: Buffer): any {
  const b = JSON.parse(bundle.toString("utf8"));
  return b.qeIdentity ? JSON.parse(b.qeIdentity).enclaveIdentity : JSON.parse(b.qe_identity);
}

describeShared("real quotes through the session's verification path", () => {
  const lib = sharedCore();
  const evals = expected().tcb_evaluations as any[];

  it.each(evals.map((e) => [e.quote, e.collateral, e]))("%s + %s", (_q, _c, e: any) => {
    const bundle = bundleOf(e);
    const r = lib.callJson("api_session_verify", T(e.quote), prodRoot(), bundle, 0n, 0);
    const leafFrom = Date.parse(expected().quotes[e.quote].pck_leaf.not_before.replace(" ", "T").replace("+00:00", "Z")) / 1000;
    if (r.errorCode === "CertExpired") {
      // EXPECTED evaluates TCB levels without dates; this PCK certificate was issued after every
      // document of the bundle, so at the session's time it is not yet valid.
      expect(leafFrom, r.error).toBeGreaterThan(r.at);
      return;
    }
    if (e.collateral.includes("azure_thim") || e.collateral.includes("tcbinfo_90c06f")) {
      // Bundles whose parts were never current at one instant: THIM (PROVENANCE.md: TCB info
      // 2024-07/09, PCK CRL 2025-11) and Google's 90C06F TCB info (issued 2026-02-01) with its
      // CRLs and QE identity of 2023. Judged at the newest issue date, an older part has expired.
      expect(["CollateralExpired", "CrlExpired"], r.error).toContain(r.errorCode);
      return;
    }
    if (e.status === "NO_MATCHING_TCB_LEVEL") {
      expect(r.errorCode, r.error).toBe("TcbNoMatchingLevel");
      expect(r.resultCode).toBe(7);
      return;
    }
    expect(r.error).toBeNull();
    const rep = Buffer.from(r.report, "hex");
    expect(rep.length).toBe(822);
    expect(cstr(rep, R.tcbStatus)).toBe(e.status);
    expect(r.advisoryIds).toEqual([...e.advisories].sort());
    // QE fields: the QE identity's values and masks (MigTD ANDs the report's with the masks).
    const qi = qeIdentityOf(bundle);
    const miscMask = parseInt(qi.miscselectMask, 16) >>> 0;
    expect(rep.readUInt32LE(R.miscMask)).toBe(miscMask);
    expect(rep.readUInt32LE(R.miscSelect)).toBe((parseInt(qi.miscselect, 16) & miscMask) >>> 0);
    const attrMask = Buffer.from(qi.attributesMask, "hex");
    expect(rep.subarray(R.attrMask, R.attrMask + 16)).toEqual(attrMask);
    expect(rep.subarray(R.attributes, R.attributes + 16)).toEqual(Buffer.from(Buffer.from(qi.attributes, "hex").map((v, i) => v & attrMask[i])));
    expect(rep.subarray(R.mrSigner, R.mrSigner + 32).toString("hex")).toBe(qi.mrsigner.toLowerCase());
    expect(rep.readUInt16LE(R.isvProdId)).toBe(qi.isvprodid);
    expect(cstr(rep, R.qeStatus)).toBe(r.tcb.qe);
    // TCB dates: the matched levels' (non-zero), the effective one the earliest.
    const [eff, plat, qe] = [rep.readBigInt64LE(R.tcbDate), rep.readBigInt64LE(R.platformDate), rep.readBigInt64LE(R.qeDate)];
    expect(plat > 0n && qe > 0n).toBe(true);
    expect(eff <= plat && eff <= qe).toBe(true);
  });

  // Intel's production policy with peer = local = the quote (a MigTD judging a peer identical to
  // itself), and the event log a MigTD enrolled with this policy and the production root carries.
  //  * Platform (the FMSPC's TcbInfo references), QE (MISCSELECT 0, ATTRIBUTES 11 00.., Intel's
  //    MRSIGNER, ISVPRODID 2, ISVSVN >= 4) and TDX module (major 1, SVN >= 6) all hold for both
  //    quotes: Azure 90C06F (SGX 3,3,2,2,4,1,0,5, PCESVN 13, TEE_TCB_SVN 07 01 03) and Phala B0C06F
  //    (same SGX, PCESVN 11, TEE_TCB_SVN 06 01 03), QE ISVSVN 6. The QE rule holds because the
  //    report carries ATTRIBUTES 15 00.. masked with the QE identity's FB FF.. to 11 00..; with the
  //    all-ones mask of a collateral-free report it is 15 00.. and the rule fails, the mistake this
  //    path fixes.
  //  * The MigTD block's EventLog rule then fails: neither TD ran a MigTD enrolled with this policy
  //    (the Azure quote's RTMR2 is 114a31af.., the log replays to 00738709.., PROVENANCE.md; the
  //    Phala quote is a dstack CVM). Intel's MigTD replays the peer's log against its RTMRs too and
  //    reports PolicyUnsatisfiedError (8); so does ours, at that rule and no earlier one.
  const policy = () => T("migtd_policy/current_v1/policy_production_fmspc.json");
  for (const [quote, coll] of [
    ["quotes/migtd_azure_tdx_v4_90c06f.quote", "collateral/migtd_collateral_production_fmspc.json"],
    ["quotes/phala_tdx_v4_b0c06f_uptodate.quote", "collateral/phala_tdx_v4_b0c06f_collateral.json"],
  ]) {
    it(`${quote} under policy_production_fmspc.json: platform, QE and module rules hold; 8 at the MigTD event-log rule`, () => {
      const r = lib.callJson("api_session_verify", T(quote), prodRoot(), T(coll), 0n, 0);
      expect(r.error).toBeNull();
      const rep = Buffer.from(r.report, "hex");
      const { log } = buildMigtdLog(policy(), prodRoot());
      const v = lib.callJson("policy_evaluate", policy(), rep, rep, log, log, 1);
      expect(v.accepted).toBe(false);
      expect(v.code).toBe(8);
      expect(v.failedRule).toMatch(/^policy\[16\]\.MigTD\.EventLog/);
      // Without the MigTD block (the parts that judge the platform), Intel's verdict: accepted.
      const p = JSON.parse(policy().toString("utf8"));
      p.policy = p.policy.filter((item: any) => !item.MigTD);
      const platformOnly = Buffer.from(JSON.stringify(p));
      const ok = lib.callJson("policy_evaluate", platformOnly, rep, rep, log, log, 1);
      expect(ok.accepted, ok.message).toBe(true);
      // The same report with a collateral-free QE (raw ATTRIBUTES, all-ones masks) fails the QE rule.
      const raw = Buffer.from(rep);
      raw.set(Buffer.from(expected().quotes[quote].qe_report.attributes, "hex"), 634);
      raw.fill(0xff, 650, 666);
      raw.writeUInt32LE(0xffffffff, 630);
      const bad = lib.callJson("policy_evaluate", platformOnly, raw, raw, log, log, 1);
      expect(bad.accepted).toBe(false);
      expect(bad.failedRule).toMatch(/QE\.QeIdentity\.ATTRIBUTES/);
    });
  }
});
