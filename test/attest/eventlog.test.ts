// CCEL parsing and RTMR replay against testdata/EXPECTED.json and the source-asserted RTMRs
// (PROVENANCE.md: trustee's eventlog tests).
import { expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, expected, T, NONE } from "./lib.ts";

describeShared("CCEL event logs", () => {
  const lib = attestLib();
  const exp = expected().eventlogs;
  const binaries = Object.keys(exp).filter((k) => exp[k].events);

  it.each(binaries)("%s parses to the expected events and replays to the expected RTMRs", (name) => {
    const e = exp[name];
    const r = lib.callJson("api_eventlog", T(name), NONE);
    expect(r.error).toBeNull();
    expect(r.headerMrIndex).toBe(e.header.pcr);
    expect(r.specIdSize).toBe(e.header.specid_size);
    expect(r.endOffset).toBe(e.end_offset);
    expect(r.events.map((x: any) => [x.mrIndex, "0x" + x.eventType.toString(16), x.dataSize, x.digest])).toEqual(
      e.events.map((x: any) => [x.mr_index, x.type, x.event_size, x.sha384]),
    );
    expect(r.rtmr).toEqual(e.replayed_rtmr);
  });

  it("reports a mismatch when the given RTMRs differ (gcp RTMR0 ...304d vs ...304f, as trustee asserts)", () => {
    const good = lib.callJson("api_eventlog", T("eventlogs/gcp_ccel.bin"), NONE);
    const rtmrs = Buffer.from(good.rtmr.join(""), "hex");
    expect(lib.callJson("api_eventlog", T("eventlogs/gcp_ccel.bin"), rtmrs).rtmrMatchMask).toBe(15);
    rtmrs[47] ^= 0x02;
    const bad = lib.callJson("api_eventlog", T("eventlogs/gcp_ccel.bin"), rtmrs);
    expect(bad.errorCode).toBe("EventLogRtmrMismatch");
    expect(bad.resultCode).toBe(8);
    expect(bad.rtmrMatchMask).toBe(14);
  });

  it("does not match the tdshim log with trustee's quote (trustee pairs them for claims only)", () => {
    const q = lib.callJson("api_quote_parse", T("quotes/trustee_tdx_v4_50806f.quote"));
    const r = lib.callJson("api_eventlog", T("eventlogs/tdshim_ccel.bin"), Buffer.from(q.body.rtmr.join(""), "hex"));
    expect(r.errorCode).toBe("EventLogRtmrMismatch");
  });

  it("parses the ACPI CCEL table and rejects the corrupted variants Intel's client tests derive", () => {
    const t = T("eventlogs/intel_ta_ccel_acpi_table.bin");
    const r = lib.callJson("api_ccel_table", t);
    expect(r.error).toBeNull();
    expect(r.laml).toBe(65536);
    expect(r.lasa).toBe("0x7d649000");
    const badSig = Buffer.from(t);
    badSig.write("CCLE", 0, "latin1");
    expect(lib.callJson("api_ccel_table", badSig).error).not.toBeNull();
    const badLen = Buffer.from(t);
    badLen.writeUInt32LE(48, 4);
    expect(lib.callJson("api_ccel_table", badLen).error).not.toBeNull();
  });

  it("rejects a log whose first event is not the spec-ID event", () => {
    const b = Buffer.from(T("eventlogs/tdshim_ccel.bin").subarray(0, 20000));
    b.writeUInt32LE(4, 4);
    const r = lib.callJson("api_eventlog", b, NONE);
    expect(r.errorCode).toBe("EventLogMalformed");
  });
});

describeShared("MigTD tagged events", () => {
  const lib = attestLib();
  it("finds the policy (tag 1) and root CA (tag 2) events and exposes their digests", async () => {
    // A MigTD-shaped log (migtd.md §5.3): spec-ID header, two separators, policy and root-CA events.
    const { buildMigtdLog } = await import("./fixtures.ts");
    const { log, policyDigest, rootDigest, rtmr2 } = buildMigtdLog(Buffer.from("{\"policy\":1}"), T("certs/Intel_SGX_RootCA_production.der"));
    const r = lib.callJson("api_eventlog", log, NONE);
    expect(r.error).toBeNull();
    expect(r.events.map((e: any) => e.tag)).toEqual([null, null, 1, 2]);
    expect(r.policyDigest).toBe(policyDigest);
    expect(r.rootCaDigest).toBe(rootDigest);
    expect(r.rtmr[2]).toBe(rtmr2);
  });

  it("replays policy_production_fmspc.json + the production root to the RTMR2 PROVENANCE.md derives", async () => {
    const { buildMigtdLog } = await import("./fixtures.ts");
    const { log } = buildMigtdLog(T("migtd_policy/current_v1/policy_production_fmspc.json"), T("certs/Intel_SGX_RootCA_production.der"));
    const r = lib.callJson("api_eventlog", log, NONE);
    expect(r.rtmr[2]).toBe("00738709463174735612b421f112c600a153ad659d54c1ffdfe58967904996a1ef1ed7d130acbee7ea861b70c15454f3");
  });
});
