// A result section: a heading, a verdict line, the pictures, and the JSON behind them (Copy as JSON
// puts it on the clipboard). For verdicts it is exactly what the CLI prints with --json for the
// same inputs; for explanations (layout, chains, TCB levels) the api_inspect_* export's result.
import { h } from "./dom.ts";

let sections = 0;

export function section(id: string, title: string, json: unknown, ...body: (HTMLElement | null)[]): HTMLElement {
  const n = ++sections;
  const text = JSON.stringify(json, null, 2);
  const pre = h("pre", { class: "json", "data-json": id, tabindex: "0", "aria-label": `${title} as JSON` }, text);
  const status = h("span", { class: "copy-status", role: "status", "aria-live": "polite" });
  const copy = h("button", { type: "button", class: "copy", "data-copy": id, onclick: () => copyText(text, pre, status) }, "Copy as JSON");
  return h("section", { class: "result", "data-result": id, "aria-labelledby": `h-${id}-${n}` },
    h("div", { class: "result-head" }, h("h3", { id: `h-${id}-${n}` }, title), copy, status),
    ...body,
    h("details", { class: "json-box" }, h("summary", {}, "JSON (what Copy as JSON copies)"), pre),
  );
}

async function copyText(text: string, pre: HTMLElement, status: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "copied";
  } catch {
    // Pages opened from disk may have no clipboard API: select the text for Ctrl+C instead.
    const box = pre.closest("details") as HTMLDetailsElement | null;
    if (box) box.open = true;
    const range = document.createRange();
    range.selectNodeContents(pre);
    const sel = getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    status.textContent = "selected: press Ctrl+C to copy";
  }
}

// An input or evaluation error: always visible, always naming what failed.
export function errorBox(what: string, message: string, detail?: string): HTMLElement {
  return h("div", { class: "error", role: "alert", "data-error": what },
    h("strong", {}, `${what}: `), message, detail ? h("div", { class: "detail" }, detail) : null);
}
