// Pieces several views share.
import type { BrowserCore } from "../core.ts";
import { h } from "../dom.ts";

// "7 MutualAttestationError", named by the core (api_result_name).
export function resultLabel(core: BrowserCore, code: number): HTMLElement {
  const name = core.callString("api_result_name", code);
  return h("span", { class: code === 0 ? "code ok" : "code bad", "data-field": "resultCode", "data-code": String(code) }, `${code} ${name}`);
}
