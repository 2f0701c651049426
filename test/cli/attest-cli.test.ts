// The attestation commands of the `migtd` CLI, run as a user would (a child process), on the real
// quotes, event logs and TDREPORT in the shared test data: the results inside the --json envelope
// match EXPECTED.json.
import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { buildCli, envelopeOf, migtd } from "./run.ts";

beforeAll(() => buildCli());

describeShared("migtd CLI: quote, report, eventlog results", () => {
  const expected = JSON.parse(readFileSync(sharedPath("testdata", "EXPECTED.json"), "utf8"));

  it("quote verify --json: a real quote verifies to Intel's production root, with the expected body", () => {
    const name = "quotes/phala_tdx_v4_b0c06f_uptodate.quote";
    const r = migtd(["quote", "verify", sharedPath("testdata", name), "--at", "2025-07-19T10:00:34Z", "--json"]);
    expect(r.code, r.err).toBe(0);
    const j = envelopeOf(r).result;
    const e = expected.quotes[name];
    expect(j.verified).toBe(true);
    expect(j.version).toBe(4);
    expect(j.fmspc).toBe(e.fmspc);
    expect(j.tcbStatus).toBeNull();
    expect(j.body.mrtd).toBe(e.body.mrtd);
    expect(j.body.rtmr).toHaveLength(4);
  });

  it("quote verify rejects a quote under the pre-production root with exit 1", () => {
    const r = migtd(["quote", "verify", sharedPath("testdata", "quotes/phala_tdx_v4_b0c06f_uptodate.quote"),
      "--root-ca", sharedPath("testdata", "certs/Intel_SGX_RootCA_preproduction_sbx.der"), "--at", "2025-07-19T10:00:34Z", "--json"]);
    expect(r.code).toBe(1);
    expect(envelopeOf(r).result.verified).toBe(false);
  });

  it("report --json decodes the TDX 1.0 TDREPORT with the expected fields", () => {
    const r = migtd(["report", sharedPath("testdata", "tdreport/intel_dcap_tdreport_tdx10.bin"), "--json"]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.stringify(envelopeOf(r).result);
    const e = expected.tdreports["tdreport/intel_dcap_tdreport_tdx10.bin"];
    expect(j).toContain(e.reportmac.cpusvn);
    expect(j).toContain(e.reportmac.tee_tcb_info_hash);
  });

  it("eventlog --json replays the td-shim CCEL to the expected RTMRs", () => {
    const name = "eventlogs/tdshim_ccel.bin";
    const r = migtd(["eventlog", sharedPath("testdata", name), "--json"]);
    expect(r.code, r.err).toBe(0);
    const j = envelopeOf(r).result;
    expect(j.rtmr.map((x: string) => x.toLowerCase())).toEqual(expected.eventlogs[name].replayed_rtmr.map((x: string) => x.toLowerCase()));
  });
});
