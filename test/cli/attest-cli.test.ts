// The attestation commands of the `migtd` CLI, run as a user would (a child process), on the real
// quotes, event logs and TDREPORT in the shared test data: exit codes, --json fields, --help.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { root } from "../helpers/scenarios.ts";
import { readFileSync } from "node:fs";

const cli = join(root, "scripts", "bin", "migtd.mjs");
function migtd(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describeShared("migtd CLI: quote, report, eventlog", () => {
  const expected = JSON.parse(readFileSync(sharedPath("testdata", "EXPECTED.json"), "utf8"));

  it("every command answers --help with exit 0, and an unknown command exits 2", () => {
    for (const c of [["quote", "verify"], ["report"], ["eventlog"], ["policy", "check"], ["policy", "eval"], ["simulate"], ["hash"], ["image"], ["qemu"]]) {
      const r = migtd(...c, "--help");
      expect(r.code, c.join(" ")).toBe(0);
      expect(r.out).toMatch(/usage: migtd/);
    }
    expect(migtd("frobnicate").code).toBe(2);
  });

  it("quote verify --json: a real quote verifies to Intel's production root, with the expected body", () => {
    const name = "quotes/phala_tdx_v4_b0c06f_uptodate.quote";
    const r = migtd("quote", "verify", sharedPath("testdata", name), "--at", "2025-07-19T10:00:34Z", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const e = expected.quotes[name];
    expect(j.verified).toBe(true);
    expect(j.version).toBe(4);
    expect(j.fmspc).toBe(e.fmspc);
    expect(j.tcbStatus).toBeNull();
    expect(j.body.mrtd).toBe(e.body.mrtd);
    expect(j.body.rtmr).toHaveLength(4);
  });

  it("quote verify rejects a quote under the pre-production root with exit 1", () => {
    const r = migtd("quote", "verify", sharedPath("testdata", "quotes/phala_tdx_v4_b0c06f_uptodate.quote"),
      "--root-ca", sharedPath("testdata", "certs/Intel_SGX_RootCA_preproduction_sbx.der"), "--at", "2025-07-19T10:00:34Z", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).verified).toBe(false);
  });

  it("a missing input file is a usage/input error (exit 2) with a message", () => {
    const r = migtd("quote", "verify", "/nonexistent/quote.bin");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/quote/i);
  });

  it("report --json decodes the TDX 1.0 TDREPORT with the expected fields", () => {
    const r = migtd("report", sharedPath("testdata", "tdreport/intel_dcap_tdreport_tdx10.bin"), "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.stringify(JSON.parse(r.out));
    const e = expected.tdreports["tdreport/intel_dcap_tdreport_tdx10.bin"];
    expect(j).toContain(e.reportmac.cpusvn);
    expect(j).toContain(e.reportmac.tee_tcb_info_hash);
  });

  it("eventlog --json replays the td-shim CCEL to the expected RTMRs", () => {
    const name = "eventlogs/tdshim_ccel.bin";
    const r = migtd("eventlog", sharedPath("testdata", name), "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.rtmr.map((x: string) => x.toLowerCase())).toEqual(expected.eventlogs[name].replayed_rtmr.map((x: string) => x.toLowerCase()));
  });
});

it("the CLI starts (registry loads every command)", () => {
  const out = execFileSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
  expect(out).toMatch(/quote verify/);
  expect(out).toMatch(/simulate/);
});
