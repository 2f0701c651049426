// Collateral checks and TCB status (Intel's matching rule, assembly/attest/collateral/match.ts)
// against EXPECTED.json tcb_evaluations and PROVENANCE.md's source-asserted verdicts.
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, expected, T, prodRoot, sbxRoot, secs } from "./lib.ts";
import { googleBundle } from "./collateral.ts";

// Instants at which each bundle's TCB info, QE identity and CRLs are all current.
const WINDOW: Record<string, string> = {
  "collateral/migtd_collateral_production_fmspc.json": "2025-12-01T00:00:00Z",
  "collateral/phala_tdx_v4_b0c06f_collateral.json": "2025-07-19T10:00:34Z",
};

describeShared("collateral and TCB status", () => {
  const lib = attestLib();
  const evals = expected().tcb_evaluations as any[];
  const inWindow = evals.filter((e) => WINDOW[`collateral/${e.collateral}`] || WINDOW[e.collateral]);

  it.each(inWindow.map((e) => [e.quote, e.collateral, e]))("%s + %s gives EXPECTED's status", (_q, _c, e: any) => {
    const c = e.collateral.startsWith("collateral/") ? e.collateral : `collateral/${e.collateral}`;
    const r = lib.callJson("api_quote_verify", T(e.quote), prodRoot(), T(c), secs(WINDOW[c]));
    const leafFrom = expected().quotes[e.quote].pck_leaf.not_before.replace(" ", "T").replace("+00:00", "Z");
    if (secs(leafFrom) > secs(WINDOW[c])) {
      // EXPECTED evaluates TCB levels without dates; this PCK certificate was issued after the
      // bundle's window closed, so at any instant one of them is out of date.
      expect(r.errorCode).toBe("CertExpired");
      return;
    }
    if (e.status === "NO_MATCHING_TCB_LEVEL") {
      expect(r.verified).toBe(false);
      expect(r.errorCode).toBe("TcbNoMatchingLevel");
      expect(r.resultCode).toBe(7);
    } else {
      expect(r.error).toBeNull();
      expect(r.tcbStatus).toBe(e.status);
      expect(r.advisoryIds).toEqual([...e.advisories].sort());
    }
  });

  it("dcap-qvl: the Phala quote is UpToDate with no advisories at earliest nextUpdate - 1 s", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"), prodRoot(),
      T("collateral/phala_tdx_v4_b0c06f_collateral.json"), secs("2025-07-19T10:00:34Z"));
    expect(r.verified).toBe(true);
    expect(r.tcbStatus).toBe("UpToDate");
    expect(r.advisoryIds).toEqual([]);
    const late = lib.callJson("api_quote_verify", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"), prodRoot(),
      T("collateral/phala_tdx_v4_b0c06f_collateral.json"), secs("2025-07-19T10:16:04Z"));
    expect(late.verified).toBe(false);
  });

  it("dcap-qvl: forcing every TCB level to OutOfDate makes the status OutOfDate (signature then fails: we check it)", () => {
    const c = JSON.parse(T("collateral/phala_tdx_v4_b0c06f_collateral.json").toString("utf8"));
    c.tcb_info = c.tcb_info.replaceAll('"tcbStatus":"UpToDate"', '"tcbStatus":"OutOfDate"');
    const r = lib.callJson("api_quote_verify", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"), prodRoot(),
      Buffer.from(JSON.stringify(c)), secs("2025-07-19T10:00:34Z"));
    // Unlike dcap-qvl's test (which edits the parsed structure after the signature check), editing
    // the signed bytes must break the TCB info signature.
    expect(r.errorCode).toBe("CollateralSignature");
  });

  it("trustee_azure (TEE_TCB_SVN 02 01 06) tells the matching rules apart: OutOfDate with production collateral", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/trustee_azure_tdx_v4_00806f05.quote"), prodRoot(),
      T("collateral/migtd_collateral_production_fmspc.json"), secs(WINDOW["collateral/migtd_collateral_production_fmspc.json"]));
    expect(r.tcbStatus).toBe("OutOfDate");
    expect(r.tcb).toMatchObject({ platform: "OutOfDate", module: "OutOfDate", qe: "UpToDate" });
  });

  it("the Azure THIM bundle has no instant where all its parts are current: always a date error", () => {
    for (const at of ["2024-08-01T00:00:00Z", "2024-10-01T00:00:00Z", "2025-11-20T00:00:00Z"]) {
      const r = lib.callJson("api_quote_verify", T("quotes/trustee_azure_tdx_v4_00806f05.quote"), prodRoot(),
        T("collateral/migtd_azure_thim_collateral.json"), secs(at));
      expect(r.verified).toBe(false);
      expect(["CrlExpired", "CollateralExpired", "CertExpired"]).toContain(r.errorCode);
    }
  });

  it("go-tdx-guest: SPR E4 + Google collateral on 2023-07-01 finds no matching TCB level", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/google_spr_e4_tdx_v4_50806f.quote"), prodRoot(),
      googleBundle("tcbinfo_50806f_v3.json", "50806F000000"), secs("2023-07-01T01:00:00Z"));
    expect(r.errorCode).toBe("TcbNoMatchingLevel");
    expect(r.error).toMatch(/no matching TCB level found/);
  });

  it("go-tdx-guest: at 2053 the collateral check fails on dates (our chain check reports the PCK expiry first)", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/google_spr_e4_tdx_v4_50806f.quote"), prodRoot(),
      googleBundle("tcbinfo_50806f_v3.json", "50806F000000"), secs("2053-07-01T01:00:00Z"));
    expect(r.verified).toBe(false);
    expect(["CertExpired", "CrlExpired", "CollateralExpired"]).toContain(r.errorCode);
  });

  it("trustee v4 (50806F) + Google collateral on 2023-07-01 is UpToDate (EXPECTED)", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/trustee_tdx_v4_50806f.quote"), prodRoot(),
      googleBundle("tcbinfo_50806f_v3.json", "50806F000000"), secs("2023-07-01T01:00:00Z"));
    // The trustee PCK leaf dates from 2023-02-07, inside the 2023 window.
    expect(r.error).toBeNull();
    expect(r.tcbStatus).toBe("UpToDate");
  });

  it("pre-production collateral is rejected under the production root and its chains verify under SBX", () => {
    const coll = T("collateral/migtd_collateral_pre_production_fmspc_sbx.json");
    const q = T("quotes/migtd_azure_tdx_v4_90c06f.quote");
    const r = lib.callJson("api_quote_verify", q, prodRoot(), coll, secs("2026-07-15T00:00:00Z"));
    expect(r.verified).toBe(false);
    const s = lib.callJson("api_quote_verify", q, sbxRoot(), coll, secs("2026-07-15T00:00:00Z"));
    expect(s.errorCode).toBe("ChainUntrustedRoot"); // no SBX-signed quote exists
  });
});
