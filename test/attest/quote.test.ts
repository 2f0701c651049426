// Quote parsing and verification against testdata/EXPECTED.json and PROVENANCE.md's
// source-asserted verdicts.
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, expected, T, prodRoot, sbxRoot, secs, NONE } from "./lib.ts";

describeShared("TDX quotes", () => {
  const lib = attestLib();
  const exp = expected().quotes;
  const names = Object.keys(exp);
  const at2026 = secs("2026-03-01T00:00:00Z"); // inside every PCK leaf's validity

  it.each(names)("%s parses to the EXPECTED.json fields", (name) => {
    const e = exp[name];
    const r = lib.callJson("api_quote_parse", T(name));
    expect(r.error).toBeNull();
    expect(r.version).toBe(e.version);
    expect(r.teeType).toBe(e.tee_type);
    expect(r.attKeyType).toBe(e.att_key_type);
    expect(r.bodyType).toBe(e.body_type);
    expect(r.qeVendor).toBe(e.qe_vendor);
    expect(r.userData).toBe(e.user_data);
    expect(r.sigDataLen).toBe(e.sig_data_len);
    expect(r.qeAuthDataLen).toBe(e.qe_auth_data_len);
    expect(r.pckChainLen).toBe(e.cert_len);
    expect(r.structLen).toBe(e.quote_len_by_structure);
    const b = e.body;
    expect(r.body).toMatchObject({
      teeTcbSvn: b.tee_tcb_svn, mrSeam: b.mrseam, mrSignerSeam: b.mrsignerseam, seamAttributes: b.seamattributes,
      tdAttributes: b.tdattributes, xfam: b.xfam, mrtd: b.mrtd, mrConfigId: b.mrconfigid, mrOwner: b.mrowner,
      mrOwnerConfig: b.mrownerconfig, rtmr: [b.rtmr0, b.rtmr1, b.rtmr2, b.rtmr3], reportData: b.reportdata,
    });
    if (e.body_type === "TD15") expect(r.body).toMatchObject({ teeTcbSvn2: b.tee_tcb_svn2, mrServiceTd: b.mrservicetd });
    expect(r.qeReport).toMatchObject({
      mrEnclave: e.qe_report.mrenclave, mrSigner: e.qe_report.mrsigner, isvProdId: e.qe_report.isvprodid, isvSvn: e.qe_report.isvsvn,
    });
  });

  it.each(names)("%s verifies to Intel's production root without collateral", (name) => {
    const r = lib.callJson("api_quote_verify", T(name), prodRoot(), NONE, at2026);
    expect(r.error).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.fmspc).toBe(exp[name].fmspc);
    expect(r.tcbStatus).toBeNull();
  });

  it.each(names)("%s is rejected under the pre-production root (same name, other key)", (name) => {
    const r = lib.callJson("api_quote_verify", T(name), sbxRoot(), NONE, at2026);
    expect(r.verified).toBe(false);
    expect(r.errorCode).toBe("ChainUntrustedRoot");
    expect(r.resultCode).toBe(7);
  });

  it("ignores trailing bytes after the structure, including go-tdx-guest's appended text", () => {
    const q = T("quotes/google_spr_e4_tdx_v4_50806f.quote");
    expect(lib.callJson("api_quote_parse", q).structLen).toBe(4935);
    const padded = Buffer.concat([q, Buffer.from("more trailing bytes")]);
    expect(lib.callJson("api_quote_verify", padded, prodRoot(), NONE, secs("2023-07-01T01:00:00Z")).verified).toBe(true);
  });

  it("rejects an SGX quote (v3, TEE type 0) with a clear reason", () => {
    const q = Buffer.from(T("quotes/trustee_tdx_v4_50806f.quote"));
    q.writeUInt16LE(3, 0);
    q.writeUInt32LE(0, 4);
    const r = lib.callJson("api_quote_verify", q, prodRoot(), NONE, at2026);
    expect(r.verified).toBe(false);
    expect(r.errorCode).toBe("QuoteNotTdx");
    expect(r.error).toMatch(/not a TDX quote: an SGX quote/);
  });

  it("go-tdx-guest: SPR E4 quote verifies without collateral on 2023-07-01 and its PCK has expired by 2053-07-01", () => {
    const q = T("quotes/google_spr_e4_tdx_v4_50806f.quote");
    expect(lib.callJson("api_quote_verify", q, prodRoot(), NONE, secs("2023-07-01T01:00:00Z")).verified).toBe(true);
    const late = lib.callJson("api_quote_verify", q, prodRoot(), NONE, secs("2053-07-01T01:00:00Z"));
    expect(late.errorCode).toBe("CertExpired");
    expect(late.error).toMatch(/PCK/);
  });

  it("go-tdx-guest: the v5 TD 1.5 quote verifies without collateral on 2026-02-03", () => {
    const r = lib.callJson("api_quote_verify", T("quotes/google_tdx_v5_td15_90c06f.quote"), prodRoot(), NONE, secs("2026-02-03T01:00:00Z"));
    expect(r.verified).toBe(true);
    expect(r.version).toBe(5);
  });

  it.each([
    ["quote signature", 48 + 100, "QuoteSignature"],
    ["attestation key", 636 + 64 + 5, "QeReportDataMismatch"],
    ["QE report", 636 + 134 + 70, "QeReportSignature"],
  ])("rejects a flipped byte in the %s", (_what, off, code) => {
    const q = Buffer.from(T("quotes/migtd_azure_tdx_v4_90c06f.quote"));
    q[off as number] ^= 1;
    const r = lib.callJson("api_quote_verify", q, prodRoot(), NONE, at2026);
    expect(r.verified).toBe(false);
    expect(r.errorCode).toBe(code);
    expect(r.resultCode).toBe(7);
  });
});
