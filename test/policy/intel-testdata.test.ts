// Intel MigTD's v1 test policies (shared testdata/migtd_policy/current_v1/test/, described in its
// policy.md) with report.dat as local and peer, single fields of a copy mutated, event logs of
// 8 zero bytes as MigTD's own tests pass them. Every row says where its expectation comes from:
//   UP  = asserted by MigTD's unit tests (src/policy/src/v1/{config,verify}.rs), as summarised in
//         the shared testdata PROVENANCE.md §Policy;
//   DER = derived here from spec migtd.md §3.1-3.3 and the file contents (not upstream-asserted).
import { expect, it } from "vitest";
import { describeShared, readShared } from "../helpers/shared.ts";
import { evaluate, fill, patched, R } from "./helpers.ts";

type Field = readonly [number, number];
interface Row {
  policy: string;
  what: string;
  local?: [Field, number[]][];
  peer?: [Field, number[]][];
  isSrc?: boolean;
  expect: "ok" | "InvalidPolicy" | "InvalidEventLog" | "PlatformNotFound" | "PlatformNotMatch" |
    "UnqualifiedPlatformInfo" | "UnqualifiedQeInfo" | "UnqualifiedTdxModuleInfo" | "UnqualifiedMigTdInfo";
  // For failures: the rule named as the first failing one.
  rule?: string;
  source: string;
}

const UP_CONFIG = "UP config.rs";
const UP_PLATFORM = "UP verify.rs test_verify_with_platform_info_comp";
const UP_MODULE = "UP verify.rs test_verify_tdx_module_info_comp";
const UP_MIGTD = "UP verify.rs test_verify_migtdinfo_comp";
const UP_EVENTLOG = "UP verify.rs test_verify_eventlog_comp";

const ROWS: Row[] = [
  { policy: "policy.json", what: "parses; its EventLog rules need logs", expect: "InvalidEventLog", source: `${UP_CONFIG} (parses) + DER §3.3 step 4` },
  { policy: "policy_invalid_guid.json", what: "id is not a GUID", expect: "InvalidPolicy", rule: "id", source: UP_CONFIG },
  { policy: "policy_005.json", what: "invalid JSON (trailing comma)", expect: "InvalidPolicy", source: UP_CONFIG },
  { policy: "policy_009.json", what: "block key 'fmspcx' instead of 'fmspc'", expect: "InvalidPolicy", rule: "policy[0].fmspc", source: "DER §3.1 (untagged blocks) + policy.md" },

  { policy: "policy_001.json", what: "self vs self", expect: "ok", source: UP_PLATFORM },
  { policy: "policy_001.json", what: "peer on another platform", peer: [[R.FMSPC, [0x20, 0xc0, 0x6f, 0, 0, 0]]], expect: "PlatformNotMatch", rule: "policy[0].fmspc", source: UP_PLATFORM },
  { policy: "policy_001.json", what: "peer TDX module major version 2", peer: [[R.TDX_MODULE_MAJOR, [2]]], expect: "UnqualifiedTdxModuleInfo", rule: "policy[2].TDXModule.TDXModule_Identity.TDXModuleMajorVersion", source: UP_MODULE },
  { policy: "policy_001.json", what: "peer RTMR1 differs, RTMR1 not in policy", peer: [[R.RTMR1, fill(48, 1)]], expect: "ok", source: "DER policy.md (no RTMR1 in TDINFO)" },
  { policy: "policy_002.json", what: "self vs self", expect: "ok", source: "DER §3.3" },
  { policy: "policy_002.json", what: "peer RTMR1 differs", peer: [[R.RTMR1, fill(48, 1)]], expect: "UnqualifiedMigTdInfo", rule: "policy[3].MigTD.TDINFO.RTMR1", source: "DER policy.md (RTMR1 in TDINFO)" },
  { policy: "policy_003.json", what: "Digest.MigTdPolicy without logs", expect: "InvalidEventLog", source: "DER §3.3 step 4" },
  { policy: "policy_004.json", what: "Digest.MigTdCoreSvn without logs", expect: "InvalidEventLog", source: "DER §3.3 step 4" },
  { policy: "policy_006.json", what: "event digests without logs", expect: "InvalidEventLog", source: "DER §3.3 step 4" },
  { policy: "policy_007.json", what: "sgxtcbcomponents array-equal [0,1,0..] vs report [1,1,0..]", expect: "UnqualifiedPlatformInfo", rule: "policy[0].Platform.TcbInfo.sgxtcbcomponents", source: "DER policy.md + report.dat" },
  { policy: "policy_008.json", what: "sgxtcbcomponents below [1,1,1,0..]", expect: "UnqualifiedPlatformInfo", rule: "policy[0].Platform.TcbInfo.sgxtcbcomponents", source: "DER policy.md + report.dat" },
  { policy: "policy_010.json", what: "peer FMSPC 30806F000000 not listed", expect: "PlatformNotFound", source: "DER policy.md" },

  { policy: "policy_full1.json", what: "self vs self", expect: "ok", source: UP_PLATFORM },
  { policy: "policy_full1.json", what: "peer FMSPC not listed", peer: [[R.FMSPC, [0x30, 0x81, 0x6f, 0, 0, 0]]], expect: "PlatformNotFound", source: UP_PLATFORM },
  { policy: "policy_full1.json", what: "peer TDX TCB components all 0", peer: [[R.TDX_TCB_COMPONENTS, fill(16, 0)]], expect: "UnqualifiedPlatformInfo", rule: "policy[0].Platform.TcbInfo.tdxtcbcomponents", source: UP_PLATFORM },
  { policy: "policy_full1.json", what: "peer TDX TCB components above reference", peer: [[R.TDX_TCB_COMPONENTS, [0, 1, 1, ...fill(13, 0)]]], expect: "ok", source: UP_PLATFORM },
  { policy: "policy_full1.json", what: "peer module major 2 (second TDXModule block)", peer: [[R.TDX_MODULE_MAJOR, [2]]], expect: "ok", source: UP_MODULE },
  { policy: "policy_full1.json", what: "peer module major 0", peer: [[R.TDX_MODULE_MAJOR, [0]]], expect: "UnqualifiedTdxModuleInfo", source: UP_MODULE },
  { policy: "policy_full1.json", what: "peer module SVN 1", peer: [[R.TDX_MODULE_SVN, [1]]], expect: "UnqualifiedTdxModuleInfo", source: UP_MODULE },
  { policy: "policy_full1.json", what: "peer MRSIGNERSEAM 0xFE..", peer: [[R.MRSIGNERSEAM, fill(48, 0xfe)]], expect: "UnqualifiedTdxModuleInfo", source: UP_MODULE },
  { policy: "policy_full1.json", what: "peer SEAM attributes 01 00..", peer: [[R.SEAM_ATTRIBUTES, [1, 0, 0, 0, 0, 0, 0, 0]]], expect: "UnqualifiedTdxModuleInfo", source: UP_MODULE },
  { policy: "policy_full1.json", what: "peer TD attributes 0x01 x8", peer: [[R.TD_ATTRIBUTES, fill(8, 1)]], expect: "UnqualifiedMigTdInfo", rule: "policy[4].MigTD.TDINFO.ATTRIBUTES", source: UP_MIGTD },
  { policy: "policy_full1.json", what: "peer TD attributes, only masked bits set", peer: [[R.TD_ATTRIBUTES, [0, 0, 0, 8, 1, 0, 0, 0]]], expect: "ok", source: UP_MIGTD },
  { policy: "policy_full1.json", what: "peer TD attributes, unmasked bits set", peer: [[R.TD_ATTRIBUTES, [0, 1, 0, 3, 0, 0, 0, 0]]], expect: "UnqualifiedMigTdInfo", source: UP_MIGTD },
  { policy: "policy_full1.json", what: "peer XFAM 0x01 x8", peer: [[R.XFAM, fill(8, 1)]], expect: "UnqualifiedMigTdInfo", rule: "policy[4].MigTD.TDINFO.XFAM", source: UP_MIGTD },
  { policy: "policy_full1.json", what: "peer XFAM with masked bits set", peer: [[R.XFAM, [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]]], expect: "ok", source: UP_MIGTD },
  { policy: "policy_full1.json", what: "peer XFAM missing CET bit 12", peer: [[R.XFAM, [3, 8, 0, 0, 0, 0, 0, 0]]], expect: "UnqualifiedMigTdInfo", source: UP_MIGTD },
  ...(["MRTD", "MRCONFIGID", "MROWNER", "MROWNERCONFIG", "RTMR0", "RTMR1", "RTMR2", "RTMR3"] as const).map((f): Row => ({
    policy: "policy_full1.json", what: `peer ${f} differs`, peer: [[R[f], fill(48, 1)]], expect: "UnqualifiedMigTdInfo",
    rule: `policy[4].MigTD.TDINFO.${f}`, source: UP_MIGTD,
  })),
  { policy: "policy_full2.json", what: "event logs of 8 zero bytes", expect: "InvalidEventLog", source: UP_EVENTLOG },
  { policy: "policy_full3.json", what: "source: peer TDX TCB 2s, local 1s", local: [[R.TDX_TCB_COMPONENTS, fill(16, 1)]], peer: [[R.TDX_TCB_COMPONENTS, fill(16, 2)]], expect: "ok", source: UP_PLATFORM },
  { policy: "policy_full3.json", what: "source: peer TDX TCB 1s, local 2s", local: [[R.TDX_TCB_COMPONENTS, fill(16, 2)]], peer: [[R.TDX_TCB_COMPONENTS, fill(16, 1)]], expect: "UnqualifiedPlatformInfo", source: UP_PLATFORM },
  { policy: "policy_full3.json", what: "destination: peer newer than local", isSrc: false, local: [[R.TDX_TCB_COMPONENTS, fill(16, 1)]], peer: [[R.TDX_TCB_COMPONENTS, fill(16, 2)]], expect: "UnqualifiedPlatformInfo", source: "DER §3.2 (destination requires local >= remote)" },
  { policy: "policy_full3.json", what: "destination: peer older than local", isSrc: false, local: [[R.TDX_TCB_COMPONENTS, fill(16, 2)]], peer: [[R.TDX_TCB_COMPONENTS, fill(16, 1)]], expect: "ok", source: "DER §3.2" },
  { policy: "policy_no.json", what: "self vs self", expect: "ok", source: UP_MIGTD },
  { policy: "policy_no_tdattr.json", what: "peer TD attributes differ, not in policy", peer: [[R.TD_ATTRIBUTES, fill(8, 1)]], expect: "ok", source: UP_MIGTD },
  { policy: "../policy.json", what: "all-self template without logs", expect: "InvalidEventLog", source: "DER §3.3 step 4" },
  { policy: "../policy_production_fmspc.json", what: "report.dat FMSPC 30806F000000 is not a production platform", expect: "PlatformNotFound", source: "DER §3.3 step 1 + file" },
];

function apply(base: Uint8Array, muts: [Field, number[]][] = []): Uint8Array {
  return muts.reduce((r, [f, b]) => patched(r, f, b), base);
}

describeShared("Intel MigTD v1 test policies give MigTD's verdicts", () => {
  const report = new Uint8Array(readShared("testdata/migtd_policy/current_v1/test/report.dat"));
  const zeroLog = new Uint8Array(8);

  it.each(ROWS.map((r) => [`${r.policy}: ${r.what} -> ${r.expect} [${r.source}]`, r] as const))("%s", (_name, row) => {
    const policy = new Uint8Array(readShared("testdata/migtd_policy/current_v1/test", row.policy));
    const v = evaluate(policy, apply(report, row.local), apply(report, row.peer), {
      isSrc: row.isSrc ?? true, localLog: zeroLog, peerLog: zeroLog,
    });
    if (row.expect === "ok") {
      expect(v.accepted, v.message).toBe(true);
      expect(v.code).toBe(0);
      return;
    }
    expect(v.accepted).toBe(false);
    expect(v.error, v.message).toBe(row.expect);
    expect(v.code).toBe(row.expect === "InvalidPolicy" ? 9 : 8);
    if (row.rule) expect(v.failedRule).toBe(row.rule);
  });

  it("rejects a 734-byte (v0.4.x) report: MigTD now reads 822 bytes (spec §2.6)", () => {
    const old = new Uint8Array(readShared("testdata/migtd_policy/current_v1/test/report_v0.4.9_734B.dat"));
    const policy = new Uint8Array(readShared("testdata/migtd_policy/current_v1/test/policy_no.json"));
    const v = evaluate(policy, old, old);
    expect(v.error).toBe("InvalidParameter");
    expect(v.inputError).toBe(true);
  });

  it("every shipped v1 policy except the deliberately broken ones parses", async () => {
    const { check } = await import("./helpers.ts");
    const dir = "testdata/migtd_policy/current_v1";
    const names = ["policy.json", "policy_production_fmspc.json", "policy_pre_production_fmspc.json",
      ...["", "_001", "_002", "_003", "_004", "_006", "_007", "_008", "_010", "_full1", "_full2", "_full3", "_no", "_no_tdattr"].map((s) => `test/policy${s}.json`)];
    for (const n of names) expect(check(new Uint8Array(readShared(dir, n))).valid, n).toBe(true);
  });
});
