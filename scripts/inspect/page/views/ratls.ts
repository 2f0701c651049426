// RA-TLS certificate view: api_inspect_ratls takes the certificate apart (migtd.md §2.4) and hands
// its quote and event log to the other views.
import type { BrowserCore } from "../core.ts";
import { badge, h, hexCell, hexToBytes, utc } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel } from "./common.ts";

export interface RaTlsParts {
  quote: Uint8Array;
  eventLog: Uint8Array;
}

export function renderRaTls(core: BrowserCore, der: Uint8Array, open: (parts: RaTlsParts, view: "quote" | "eventlog") => void): HTMLElement[] {
  const r = core.callJson("api_inspect_ratls", der);
  if (r.error !== null) return [section("ratls", "RA-TLS certificate", r, errorBox("RA-TLS certificate", r.error, `${r.errorCode}, MigTD result ${r.resultCode}`))];
  const parts = { quote: hexToBytes(r.quote), eventLog: hexToBytes(r.eventLog) };
  return [section("ratls", "RA-TLS certificate", r,
    h("dl", { class: "kv" },
      h("dt", {}, "certificate"), h("dd", {}, badge(true, "a MigTD RA-TLS certificate (P-384, MigTD EKU, self-signature verifies)")),
      h("dt", {}, "MigTD result code"), h("dd", {}, resultLabel(core, r.resultCode)),
      h("dt", {}, "subject"), h("dd", {}, r.subject),
      h("dt", {}, "valid"), h("dd", {}, `${utc(r.notBefore)} to ${utc(r.notAfter)}`),
      h("dt", {}, "public key"), h("dd", {}, hexCell(r.publicKey)),
      h("dt", {}, "quote extension"), h("dd", {}, `${r.quoteLen} bytes `, h("button", { type: "button", onclick: () => open(parts, "quote") }, "Verify this quote")),
      h("dt", {}, "event log extension"), h("dd", {}, `${r.eventLogLen} bytes `, h("button", { type: "button", onclick: () => open(parts, "eventlog") }, "Replay this event log against the quote"))))];
}
