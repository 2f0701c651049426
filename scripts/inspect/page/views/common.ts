// Pieces several views share.
import type { BrowserCore } from "../core.ts";
import { badge, h } from "../dom.ts";
// @ts-ignore: a virtual module made by scripts/inspect/build.ts (MALFORMED of attest-common.ts)
import malformed from "inspect:malformed";

// Core error names that mean "this file is not a well-formed input" (the CLI exits 2), as opposed
// to a well-formed input that is rejected (exit 1).
export const MALFORMED: Set<string> = new Set(malformed as string[]);

export type Verdict = "ok" | "rejected" | "input-error";

export function verdictOf(errorCode: string | null): Verdict {
  return errorCode === null ? "ok" : MALFORMED.has(errorCode) ? "input-error" : "rejected";
}

export function verdictBadge(v: Verdict, okText: string): HTMLElement {
  return v === "ok" ? badge(true, okText) : badge(false, v === "input-error" ? "input error: not a well-formed input" : "rejected");
}

// "7 MutualAttestationError", named by the core (api_result_name).
export function resultLabel(core: BrowserCore, code: number): HTMLElement {
  const name = core.callString("api_result_name", code);
  return h("span", { class: code === 0 ? "code ok" : "code bad", "data-field": "resultCode", "data-code": String(code) }, `${code} ${name}`);
}
