// Event log view: api_eventlog's replay (the CLI's `eventlog --json`, with the quote's RTMRs when
// a quote is given) drawn as one timeline per RTMR, ending in the replayed value against the quote's.
import type { BrowserCore } from "../core.ts";
import { badge, h, hexCell, hexToBytes } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel } from "./common.ts";

// TCG PC Client Platform Firmware Profile, §10.4.1 (event types).
const EVENT_TYPES: Record<number, string> = {
  0x1: "EV_POST_CODE", 0x3: "EV_NO_ACTION", 0x4: "EV_SEPARATOR", 0x5: "EV_ACTION", 0x6: "EV_EVENT_TAG",
  0x7: "EV_S_CRTM_CONTENTS", 0x8: "EV_S_CRTM_VERSION", 0xa: "EV_PLATFORM_CONFIG_FLAGS", 0xd: "EV_IPL",
  0x80000001: "EV_EFI_VARIABLE_DRIVER_CONFIG", 0x80000002: "EV_EFI_VARIABLE_BOOT", 0x80000003: "EV_EFI_BOOT_SERVICES_APPLICATION",
  0x80000004: "EV_EFI_BOOT_SERVICES_DRIVER", 0x80000006: "EV_EFI_GPT_EVENT", 0x80000007: "EV_EFI_ACTION",
  0x80000008: "EV_EFI_PLATFORM_FIRMWARE_BLOB", 0x80000009: "EV_EFI_HANDOFF_TABLES", 0x8000000a: "EV_EFI_PLATFORM_FIRMWARE_BLOB2",
  0x8000000b: "EV_EFI_HANDOFF_TABLES2", 0x8000000c: "EV_EFI_VARIABLE_BOOT2", 0x800000e0: "EV_EFI_VARIABLE_AUTHORITY",
};
// MigTD's tagged events (migtd.md §5.3).
const TAGS: Record<number, string> = { 1: "MigTD policy", 2: "SGX root CA" };

export function eventTypeName(t: number): string {
  return EVENT_TYPES[t] ?? `0x${t.toString(16).padStart(8, "0")}`;
}

// Where a log's bytes past its last complete record stop being padding (one run of 0x00 or 0xFF), or
// -1: the rule `migtd eventlog` applies (scripts/cli/commands/eventlog.ts, trailingGarbage), which
// makes such a log an input error there; the page says the same.
function trailingGarbage(log: Uint8Array, end: number): number {
  if (end >= log.length) return -1;
  const fill = log[end];
  if (fill !== 0x00 && fill !== 0xff) return end;
  for (let i = end; i < log.length; i++) if (log[i] !== fill) return i;
  return -1;
}

export interface EventLogInputs {
  log: Uint8Array;
  quote: Uint8Array | null;
}

export function renderEventLog(core: BrowserCore, inp: EventLogInputs): HTMLElement[] {
  let rtmrs = new Uint8Array(0);
  let quoted: string[] | null = null;
  if (inp.quote) {
    const q = core.callJson("api_quote_parse", inp.quote);
    if (q.error !== null) return [errorBox("quote", q.error, `(${q.errorCode}) the event log is compared with the RTMRs of a parsable quote`)];
    quoted = q.body.rtmr as string[];
    rtmrs = hexToBytes(quoted.join(""));
  }
  const r = core.callJson("api_eventlog", inp.log, rtmrs);
  if (!r.events) return [section("eventlog", "Event log", r, errorBox("event log", r.error, `${r.errorCode}, MigTD result ${r.resultCode}`))];
  const lanes = [0, 1, 2, 3].map((k) => {
    const evs = r.events.map((e: any, i: number) => ({ ...e, i })).filter((e: any) => e.mrIndex === k + 1);
    const match = quoted ? quoted[k].toLowerCase() === String(r.rtmr[k]).toLowerCase() : null;
    return h("div", { class: "lane", role: "group", "aria-label": `RTMR${k}: ${evs.length} events` },
      h("div", { class: "lane-name" }, `RTMR${k}`),
      h("ol", { class: "events" }, ...evs.map((e: any) => h("li", {
        class: `ev ${e.eventType === 3 ? "noaction" : ""} ${e.tag !== null ? "tagged" : ""}`,
        title: `#${e.i} at offset ${e.offset}: ${eventTypeName(e.eventType)}, ${e.dataSize} bytes, digest ${e.digest}`,
      }, h("span", { class: "ev-n" }, `#${e.i}`), h("span", { class: "ev-t" }, eventTypeName(e.eventType).replace(/^EV_(EFI_)?/, "")),
        e.tag !== null ? h("span", { class: "ev-tag" }, TAGS[e.tag] ?? `tag ${e.tag}`) : null))),
      h("div", { class: "lane-end", "data-rtmr": String(k), "data-match": match === null ? "" : String(match) },
        h("span", { class: "lbl" }, "replayed"), hexCell(r.rtmr[k]), h("span", {}),
        ...(quoted ? [h("span", { class: "lbl" }, "quote"), hexCell(quoted[k]), badge(match, match ? "match" : "differs")] : [])));
  });
  const notExtended = r.events.filter((e: any) => e.eventType === 3).length;
  const bad = trailingGarbage(inp.log, r.endOffset);
  const verdict = bad >= 0 ? "input-error" : r.error === null ? "ok" : "rejected";
  const summary = h("dl", { class: "kv", "data-verdict": verdict },
    h("dt", {}, "events"), h("dd", {}, `${r.events.length} (${notExtended} EV_NO_ACTION, not extended)`),
    h("dt", {}, "verdict"), h("dd", {}, bad >= 0
      ? badge(false, `input error: truncated or trailing bytes at offset ${bad} (the last complete record ends at ${r.endOffset}, the file has ${inp.log.length} bytes)`)
      : r.error === null ? badge(true, quoted ? "all four RTMRs match the quote" : "parsed and replayed") : badge(false, r.error)),
    h("dt", {}, "MigTD result code"), h("dd", {}, resultLabel(core, r.resultCode)),
    h("dt", {}, "MigTD policy digest"), h("dd", {}, r.policyDigest ? hexCell(r.policyDigest) : "(no policy event)"),
    h("dt", {}, "SGX root CA digest"), h("dd", {}, r.rootCaDigest ? hexCell(r.rootCaDigest) : "(no root CA event)"));
  const table = h("details", {}, h("summary", {}, "Every event"), h("div", { class: "scroll" }, h("table", { class: "fields" },
    h("thead", {}, h("tr", {}, ...["#", "offset", "MR", "type", "size", "digest"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...r.events.map((e: any, i: number) => h("tr", {},
      h("td", { class: "num" }, String(i)), h("td", { class: "num" }, String(e.offset)), h("td", {}, e.mrIndex === 0 ? "MRTD" : `RTMR${e.mrIndex - 1}`),
      h("td", {}, eventTypeName(e.eventType) + (e.tag !== null ? ` (${TAGS[e.tag] ?? "tag " + e.tag})` : "")),
      h("td", { class: "num" }, String(e.dataSize)), h("td", {}, hexCell(e.digest))))))));
  return [section("eventlog", "Event log replay", r, summary, h("div", { class: "timeline" }, ...lanes), table)];
}
