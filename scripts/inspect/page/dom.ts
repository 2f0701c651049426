// A few DOM helpers: the page builds its views with these instead of a framework.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "style") {
      // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
      for (const decl of String(v).split(";")) {
        const [prop, val] = decl.split(":");
        if (prop && val) el.style.setProperty(prop.trim(), val.trim());
      }
    }
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// Unix seconds -> "2025-07-19 10:00:34 UTC".
export function utc(secs: number): string {
  if (!Number.isFinite(secs)) return "-";
  return new Date(secs * 1000).toISOString().replace("T", " ").replace(/\.000Z$/, " UTC");
}

// Long hex values wrap at 32 characters in a monospace cell.
export function hexCell(hex: string): HTMLElement {
  return h("code", { class: "hex" }, hex.replace(/(.{32})/g, "$1\u200b"));
}

export function badge(ok: boolean | null, text: string): HTMLElement {
  const cls = ok === null ? "badge neutral" : ok ? "badge ok" : "badge bad";
  const mark = ok === null ? "\u2022" : ok ? "\u2713" : "\u2717";
  return h("span", { class: cls }, h("span", { "aria-hidden": "true" }, mark + " "), text);
}
