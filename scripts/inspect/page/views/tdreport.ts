// TDREPORT view: api_tdreport (the CLI's `report --json`): fields and the internal hash checks.
import type { BrowserCore } from "../core.ts";
import { badge, h, hexCell } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel, verdictBadge, verdictOf } from "./common.ts";

export function renderTdReport(core: BrowserCore, report: Uint8Array): HTMLElement[] {
  const r = core.callJson("api_tdreport", report);
  if (!r.tdInfo) return [section("tdreport", "TDREPORT", r, h("dl", { class: "kv", "data-verdict": verdictOf(r.errorCode) }), errorBox("TDREPORT", r.error, `${r.errorCode}, MigTD result ${r.resultCode}`))];
  const t = r.tdInfo;
  const rows: [string, Node | string][] = [
    ["verdict", verdictBadge(verdictOf(r.errorCode), "consistent")],
    ["hash checks", h("span", {}, badge(r.teeTcbInfoHashOk, "TEE_TCB_INFO_HASH"), " ", badge(r.teeInfoHashOk, "TEE_INFO_HASH"))],
    ["MigTD result code", resultLabel(core, r.resultCode)],
    ["report type", `0x${r.reportType.toString(16)} subtype ${r.reportSubtype} version ${r.reportVersion}`],
    ["TEE_TCB_SVN", hexCell(r.teeTcbInfo.teeTcbSvn)], ["TEE_TCB_SVN2", hexCell(r.teeTcbInfo.teeTcbSvn2)],
    ["MRSEAM", hexCell(r.teeTcbInfo.mrSeam)], ["MRSIGNERSEAM", hexCell(r.teeTcbInfo.mrSignerSeam)],
    ["ATTRIBUTES", hexCell(t.attributes)], ["XFAM", hexCell(t.xfam)], ["MRTD", hexCell(t.mrtd)],
    ["MRCONFIGID", hexCell(t.mrConfigId)], ["MROWNER", hexCell(t.mrOwner)], ["MROWNERCONFIG", hexCell(t.mrOwnerConfig)],
    ...t.rtmr.map((x: string, i: number) => [`RTMR${i}`, hexCell(x)] as [string, Node]),
    ["SERVTD_HASH", hexCell(t.servtdHash)], ["REPORTDATA", hexCell(r.reportData)], ["MAC", hexCell(r.mac)],
  ];
  if (r.error !== null) rows.unshift(["error", h("span", { "data-field": "error" }, `${r.errorCode}: ${r.error}`)]);
  return [section("tdreport", "TDREPORT", r,
    h("p", { class: "muted" }, "The MAC can only be checked on the platform that made the report."),
    h("dl", { class: "kv", "data-verdict": verdictOf(r.errorCode) }, ...rows.flatMap(([k, x]) => [h("dt", {}, k), h("dd", {}, x)])))];
}
