// TDREPORT decoding and internal hash checks (tdx-abi.md §5.1) against EXPECTED.json.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, expected, T } from "./lib.ts";

const sha384 = (b: Uint8Array) => createHash("sha384").update(b).digest();

describeShared("TDREPORT", () => {
  const lib = attestLib();
  const exp = expected().tdreports;

  it.each(Object.keys(exp))("%s decodes to EXPECTED's fields with both hashes consistent", (name) => {
    const e = exp[name];
    const r = lib.callJson("api_tdreport", T(name));
    expect(r.error).toBeNull();
    expect(r).toMatchObject({
      cpuSvn: e.reportmac.cpusvn, teeTcbInfoHash: e.reportmac.tee_tcb_info_hash, teeInfoHash: e.reportmac.tee_info_hash,
      reportData: e.reportmac.reportdata, mac: e.reportmac.mac, teeTcbInfoHashOk: true, teeInfoHashOk: true,
    });
    expect(r.teeTcbInfo).toMatchObject({
      valid: e.tee_tcb_info.valid, teeTcbSvn: e.tee_tcb_info.tee_tcb_svn, mrSeam: e.tee_tcb_info.mrseam,
      mrSignerSeam: e.tee_tcb_info.mrsignerseam, attributes: e.tee_tcb_info.attributes, teeTcbSvn2: e.tee_tcb_info.tee_tcb_svn2,
    });
    const t = e.tdinfo;
    expect(r.tdInfo).toEqual({
      attributes: t.attributes, xfam: t.xfam, mrtd: t.mrtd, mrConfigId: t.mrconfigid, mrOwner: t.mrowner,
      mrOwnerConfig: t.mrownerconfig, rtmr: [t.rtmr0, t.rtmr1, t.rtmr2, t.rtmr3], servtdHash: t.servtd_hash,
    });
  });

  it("reads SERVTD_HASH of a TDX 1.5 report and checks TEE_INFO_HASH over it", () => {
    const b = Buffer.from(T("tdreport/intel_dcap_tdreport_tdx10.bin"));
    b[2] = 1; // REPORTTYPE.VERSION: with service TDs
    b.fill(0xab, 912, 960);
    sha384(b.subarray(512, 1024)).copy(b, 80);
    const r = lib.callJson("api_tdreport", b);
    expect(r.error).toBeNull();
    expect(r.reportVersion).toBe(1);
    expect(r.tdInfo.servtdHash).toBe("ab".repeat(48));
    b[900] ^= 1; // RTMR3 changed without updating TEE_INFO_HASH
    const bad = lib.callJson("api_tdreport", b);
    expect(bad.errorCode).toBe("ReportHashMismatch");
    expect(bad.teeInfoHashOk).toBe(false);
  });

  it("detects a TEE_TCB_INFO change and rejects wrong sizes and non-TDX report types", () => {
    const b = Buffer.from(T("tdreport/intel_dcap_tdreport_tdx10.bin"));
    b[270] ^= 1;
    expect(lib.callJson("api_tdreport", b).errorCode).toBe("ReportHashMismatch");
    expect(lib.callJson("api_tdreport", b.subarray(0, 1000)).errorCode).toBe("ReportMalformed");
    const c = Buffer.from(T("tdreport/intel_dcap_tdreport_tdx10.bin"));
    c[0] = 0;
    expect(lib.callJson("api_tdreport", c).errorCode).toBe("ReportMalformed");
  });
});
