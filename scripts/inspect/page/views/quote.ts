// Quote view: the verdict of api_quote_verify (the CLI's `quote verify --json`), the quote's
// structure field by field with offsets, the certificate chains check by check, and the TCB levels.
import type { BrowserCore } from "../core.ts";
import { badge, h, hexCell, utc } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel, verdictBadge, verdictOf } from "./common.ts";

export interface QuoteInputs {
  quote: Uint8Array;
  root: Uint8Array;
  rootName: string;
  collateral: Uint8Array | null;
  at: bigint; // Unix seconds
}

export function renderQuote(core: BrowserCore, inp: QuoteInputs): HTMLElement[] {
  const coll = inp.collateral ?? new Uint8Array(0);
  const v = core.callJson("api_quote_verify", inp.quote, inp.root, coll, inp.at);
  const out: HTMLElement[] = [verdictSection(core, v, inp)];
  const layout = core.callJson("api_inspect_quote_layout", inp.quote);
  if (layout.error === null) out.push(layoutSection(layout));
  const chain = core.callJson("api_inspect_chain", inp.quote, inp.root, coll, inp.at);
  if (chain.error === null) out.push(chainSection(chain, inp.at));
  if (inp.collateral) {
    const tcb = core.callJson("api_inspect_tcb", inp.quote, coll);
    out.push(tcb.error === null ? tcbSection(tcb, v) : section("tcb", "TCB levels", tcb, errorBox("TCB levels", tcb.error)));
  }
  return out;
}

function verdictSection(core: BrowserCore, v: any, inp: QuoteInputs): HTMLElement {
  const verdict = v.verified ? "ok" : verdictOf(v.errorCode);
  const rows: [string, Node | string][] = [
    ["verdict", verdictBadge(verdict, "verified")],
    ["MigTD result code", resultLabel(core, v.resultCode)],
  ];
  if (v.error !== null) rows.push(["error", h("span", { "data-field": "error" }, `${v.errorCode}: ${v.error}`)]);
  if (v.version !== null && v.version !== undefined) rows.push(["quote", `TDX quote v${v.version}, body ${v.bodyType}`]);
  if (v.fmspc) rows.push(["FMSPC", h("code", {}, v.fmspc)]);
  rows.push(["TCB status", h("span", { "data-field": "tcbStatus" }, v.tcbStatus ?? (inp.collateral ? "not evaluated" : "not evaluated (no collateral)"))]);
  if (v.tcb) rows.push(["TCB parts", `platform ${v.tcb.platform}, TDX module ${v.tcb.module ?? "-"}, QE ${v.tcb.qe}`]);
  if (v.advisoryIds && v.advisoryIds.length) rows.push(["advisories", v.advisoryIds.join(", ")]);
  rows.push(["root CA", inp.rootName], ["verified at", utc(Number(inp.at))]);
  return section("quote-verify", "Quote verdict", v,
    h("dl", { class: "kv", "data-verdict": verdict === "ok" ? "verified" : verdict }, ...rows.flatMap(([k, x]) => [h("dt", {}, k), h("dd", {}, x)])));
}

const SECTION_CLASS: Record<string, string> = {
  header: "s-header", "body descriptor": "s-header", body: "s-body", "signature data": "s-sig",
  "QE report": "s-qe", "QE certification data": "s-cert", trailing: "s-trail",
};

function layoutSection(l: any): HTMLElement {
  // A bar of the whole quote, each part as wide as its bytes.
  const parts: { name: string; start: number; len: number }[] = [];
  for (const f of l.fields) {
    const last = parts[parts.length - 1];
    if (last && last.name === f.section) last.len += f.length;
    else parts.push({ name: f.section, start: f.offset, len: f.length });
  }
  const bar = h("div", { class: "layout-bar", role: "img", "aria-label": `Quote of ${l.size} bytes: ` + parts.map((p) => `${p.name} ${p.len} bytes at ${p.start}`).join(", ") },
    ...parts.map((p) => h("div", { class: `seg ${SECTION_CLASS[p.name] ?? ""}`, style: `flex-grow:${Math.max(p.len, l.size / 60)}`, title: `${p.name}: offset ${p.start}, ${p.len} bytes` },
      h("span", {}, p.name))));
  const table = h("table", { class: "fields" },
    h("caption", {}, `Every field with its offset (the quote is ${l.size} bytes; the structure covers ${l.structLen})`),
    h("thead", {}, h("tr", {}, ...["section", "field", "offset", "length", "value"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...l.fields.map((f: any) => h("tr", { class: SECTION_CLASS[f.section] ?? "" },
      h("td", {}, f.section), h("th", { scope: "row" }, f.name),
      h("td", { class: "num" }, `0x${f.offset.toString(16).padStart(4, "0")} (${f.offset})`),
      h("td", { class: "num" }, String(f.length)),
      h("td", {}, f.hex !== undefined ? hexCell(f.hex) : h("em", {}, `${f.length} bytes`))))));
  return section("quote-layout", "Quote structure", l, bar, h("div", { class: "scroll" }, table));
}

function validityBar(c: any, at: number): HTMLElement {
  // Where the verification time falls in the certificate's validity range.
  const span = c.notAfter - c.notBefore;
  const pos = span > 0 ? Math.min(100, Math.max(0, ((at - c.notBefore) / span) * 100)) : 0;
  const inside = at >= c.notBefore && at <= c.notAfter;
  return h("div", { class: "validity", role: "img", "aria-label": `valid from ${utc(c.notBefore)} to ${utc(c.notAfter)}; verification time ${inside ? "inside" : "outside"} this range` },
    h("span", { class: "from" }, utc(c.notBefore)),
    h("div", { class: "track" }, h("div", { class: `now ${inside ? "in" : "out"}`, style: `left:${pos}%` })),
    h("span", { class: "to" }, utc(c.notAfter)));
}

function chainList(title: string, ch: any, at: number): HTMLElement {
  if (ch.error !== null) return h("div", { class: "chain" }, h("h4", {}, title), errorBox(title, ch.error));
  return h("div", { class: "chain" }, h("h4", {}, title),
    h("ol", { class: "certs" }, ...ch.certs.map((c: any) => {
      const ok = c.checks.every((k: any) => k.ok);
      return h("li", { class: `cert ${ok ? "ok" : "bad"}` },
        h("div", { class: "cert-head" }, badge(ok, c.subject), c.isAnchor ? h("span", { class: "anchor" }, "trust anchor") : null),
        h("div", { class: "muted" }, `issued by ${c.issuer}, serial ${c.serial}`),
        validityBar(c, at),
        h("ul", { class: "checks" }, ...c.checks.map((k: any) => h("li", { "data-check": k.check, "data-ok": String(k.ok) }, badge(k.ok, k.check), " ", k.detail))));
    })));
}

function chainSection(c: any, atBig: bigint): HTMLElement {
  const at = Number(atBig);
  const body: HTMLElement[] = [chainList("PCK certificate chain (leaf to root)", c.pck, at)];
  if (c.tcbInfo) body.push(chainList("TCB info signing chain", c.tcbInfo, at));
  if (c.qeIdentity) body.push(chainList("QE identity signing chain", c.qeIdentity, at));
  if (c.crls) {
    body.push(h("div", { class: "chain" }, h("h4", {}, "CRLs"), h("ul", { class: "checks" }, ...c.crls.map((r: any) =>
      h("li", {}, badge(r.current, r.issuer), ` ${utc(r.thisUpdate)} to ${r.nextUpdate === null ? "(no next update)" : utc(r.nextUpdate)}, ${r.revokedCount} revoked serial(s)`)))));
  }
  return section("quote-chain", "Certificate chains", c, h("div", { class: "chains" }, ...body));
}

function levelRows(levels: any[], kind: string): HTMLElement {
  return h("table", { class: "levels" },
    h("caption", {}, kind),
    h("thead", {}, h("tr", {}, ...["#", "status", "matched", "why not"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...levels.map((l: any) => h("tr", { class: l.matched ? "matched" : "", "aria-current": l.matched ? "true" : null },
      h("td", { class: "num" }, String(l.index)),
      h("td", {}, l.status),
      h("td", {}, l.matched ? badge(true, "this level") : ""),
      h("td", {}, l.misses.length === 0 ? (l.matched ? "all components at or above this level" : "(an earlier level matched)")
        : l.misses.map((m: any) => `${m.component}: ${m.have} < ${m.need}`).join("; "))))));
}

function tcbSection(t: any, v: any): HTMLElement {
  const body: HTMLElement[] = [
    h("p", {}, `FMSPC ${t.fmspc}, PCESVN ${t.pceSvn}, SGX components [${t.sgxComponents.join(", ")}], TEE_TCB_SVN [${t.teeTcbSvn.join(", ")}]` +
      (t.moduleBytesSkipped ? ` — TEE_TCB_SVN[1] > 0, so bytes 0-1 are judged by the TDX module identity ${t.moduleIdentity}, not the platform levels.` : ".")),
    h("p", {}, "Levels are ordered newest first; the first level the platform meets decides. Verdict of the verifier: ",
      h("strong", { "data-field": "tcbStatus" }, v.tcbStatus ?? `${v.errorCode ?? "none"}`)),
    levelRows(t.platformLevels, "Platform TCB levels"),
  ];
  if (t.moduleLevels) body.push(levelRows(t.moduleLevels, `TDX module ${t.moduleIdentity} levels (module SVN ${t.moduleSvn})`));
  if (t.qeLevels) body.push(levelRows(t.qeLevels, `Quoting Enclave levels (ISVSVN ${t.qeIsvSvn})`));
  return section("quote-tcb", "TCB levels", t, h("div", { class: "scroll" }, ...body));
}
