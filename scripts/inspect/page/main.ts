// The inspect page: six views (quote, event log, TDREPORT, policy, policy v2, RA-TLS certificate), each a
// form of labelled file inputs that also accepts dropped files; the whole page accepts drops too
// and routes each file by its content (sniff.ts). Every verdict comes from the MigTD core itself.
// @ts-ignore: virtual modules made by scripts/inspect/build.ts
import coreWasm from "inspect:core-wasm";
// @ts-ignore
import intelRoot from "inspect:intel-root";
import { BrowserCore } from "./core.ts";
import { clear, fromBase64, h } from "./dom.ts";
import { errorBox } from "./results.ts";
import { pemToDer, sniff, type Kind } from "./sniff.ts";
import { renderQuote } from "./views/quote.ts";
import { renderEventLog } from "./views/eventlog.ts";
import { renderTdReport } from "./views/tdreport.ts";
import { renderPolicy } from "./views/policy.ts";
import { renderPolicyV2 } from "./views/policy-v2.ts";
import { renderRaTls } from "./views/ratls.ts";

type ViewId = "quote" | "eventlog" | "tdreport" | "policy" | "policyv2" | "ratls";
interface Slot { id: string; label: string; required: boolean; hint: string }
interface View { id: ViewId; title: string; intro: string; slots: Slot[] }

const VIEWS: View[] = [
  { id: "quote", title: "Quote", intro: "A TDX quote (v4/v5), with optional collateral (MigTD bundle or PCS-style JSON) and a verification time: signatures, PCK chain, TCB level.",
    slots: [
      { id: "quote", label: "Quote", required: true, hint: "binary TDX quote" },
      { id: "collateral", label: "Collateral (optional)", required: false, hint: "JSON" },
      { id: "root", label: "Root CA (optional; default: Intel SGX production root)", required: false, hint: "DER or PEM" },
    ] },
  { id: "eventlog", title: "Event log", intro: "A CCEL event log, replayed into RTMR0..3; with a quote, compared with the quote's RTMRs.",
    slots: [
      { id: "log", label: "Event log (CCEL)", required: true, hint: "binary" },
      { id: "quote", label: "Quote (optional)", required: false, hint: "binary TDX quote" },
    ] },
  { id: "tdreport", title: "TDREPORT", intro: "A 1024-byte TDREPORT: fields and internal hash checks.",
    slots: [{ id: "report", label: "TDREPORT", required: true, hint: "1024 bytes" }] },
  { id: "policy", title: "Policy", intro: "A v1 migration policy with two verified reports (822 bytes): the verdict rule by rule, as this (local) MigTD would decide about its peer.",
    slots: [
      { id: "policy", label: "Policy", required: true, hint: "JSON" },
      { id: "local", label: "Local verified report", required: true, hint: "report .dat" },
      { id: "peer", label: "Peer verified report", required: true, hint: "report .dat" },
      { id: "localLog", label: "Local event log (optional)", required: false, hint: "CCEL" },
      { id: "peerLog", label: "Peer event log (optional)", required: false, hint: "CCEL" },
    ] },
  { id: "policyv2", title: "Policy v2", intro: "A signed policy v2, or a MigTD image (migtd.bin) that enrolls one: signer, policySvn, the MROWNER / MROWNERCONFIG a MigTD must be created with, issuer chains and their validity, the dates of the collateral it carries, the ServTD identity and TCB mapping.",
    slots: [
      { id: "policy", label: "Signed policy v2 or MigTD image", required: true, hint: "JSON or migtd.bin" },
      { id: "chain", label: "Issuer chain (optional for a policy; an image carries its own)", required: false, hint: "PEM" },
    ] },
  { id: "ratls", title: "RA-TLS certificate", intro: "A MigTD RA-TLS certificate: its key, and the quote and event log it carries.",
    slots: [{ id: "cert", label: "Certificate", required: true, hint: "DER or PEM" }] },
];

interface Loaded { name: string; bytes: Uint8Array }
const files = new Map<string, Loaded>(); // "view.slot" -> file
let core: BrowserCore;

function slotKey(v: ViewId, s: string): string {
  return `${v}.${s}`;
}

function $(sel: string): HTMLElement {
  const el = document.querySelector(sel);
  if (!el) throw new Error(`page element ${sel} missing`);
  return el as HTMLElement;
}

function setFile(v: ViewId, slot: string, f: Loaded | null): void {
  const key = slotKey(v, slot);
  if (f) files.set(key, f);
  else files.delete(key);
  const name = document.getElementById(`name-${v}-${slot}`);
  if (name) name.textContent = f ? `${f.name} (${f.bytes.length} bytes)` : "none";
  const clr = document.getElementById(`clear-${v}-${slot}`) as HTMLButtonElement | null;
  if (clr) clr.hidden = !f;
}

function get(v: ViewId, slot: string): Uint8Array | null {
  return files.get(slotKey(v, slot))?.bytes ?? null;
}

// PEM certificates become DER; anything else is passed through for the core to judge.
function derOf(b: Uint8Array): Uint8Array {
  const s = new TextDecoder().decode(b.subarray(0, 64));
  return s.includes("-----BEGIN CERTIFICATE") ? pemToDer(new TextDecoder().decode(b)) ?? b : b;
}

function parseAt(s: string): bigint {
  if (s.trim() === "") return BigInt(Math.floor(Date.now() / 1000));
  const ms = Date.parse(s.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(s.trim()) || Number.isNaN(ms)) throw new InputError("verification time", `expects an ISO-8601 time such as 2025-07-19T10:00:34Z, got '${s}'`);
  return BigInt(Math.floor(ms / 1000));
}

class InputError extends Error {
  constructor(readonly what: string, message: string) { super(message); }
}

function missing(v: View): string[] {
  return v.slots.filter((s) => s.required && !files.has(slotKey(v.id, s.id))).map((s) => s.label);
}

function run(id: ViewId): void {
  const v = VIEWS.find((x) => x.id === id)!;
  const out = $(`#results-${id}`);
  clear(out);
  const need = missing(v);
  out.dataset.runs = String(Number(out.dataset.runs ?? "0") + 1);
  if (need.length > 0) {
    out.append(h("p", { class: "muted" }, `Waiting for: ${need.join(", ")}.`));
    out.dataset.state = "waiting";
    return;
  }
  try {
    out.append(...render(id));
    out.dataset.state = "done";
  } catch (e) {
    // Never a blank page: whatever went wrong is said where the result would be.
    const what = e instanceof InputError ? e.what : "internal error";
    out.append(errorBox(what, (e as Error).message));
    out.dataset.state = "error";
  }
  const lines = core.logs.splice(0);
  if (lines.length) out.append(h("details", { class: "logs" }, h("summary", {}, `core log (${lines.length} lines)`), h("pre", {}, lines.join("\n"))));
}

function render(id: ViewId): HTMLElement[] {
  switch (id) {
    case "quote": {
      const custom = files.get(slotKey("quote", "root"));
      return renderQuote(core, {
        quote: get("quote", "quote")!,
        collateral: get("quote", "collateral"),
        root: custom ? derOf(custom.bytes) : (intelRoot as Uint8Array),
        rootName: custom ? custom.name : "Intel SGX Root CA (production, built in)",
        at: parseAt(($("#at") as HTMLInputElement).value),
      });
    }
    case "eventlog":
      return renderEventLog(core, { log: get("eventlog", "log")!, quote: get("eventlog", "quote") });
    case "tdreport":
      return renderTdReport(core, get("tdreport", "report")!);
    case "policy":
      return renderPolicy(core, {
        policy: get("policy", "policy")!, local: get("policy", "local")!, peer: get("policy", "peer")!,
        localLog: get("policy", "localLog"), peerLog: get("policy", "peerLog"),
        role: ($("#role") as HTMLSelectElement).value as "source" | "destination",
        schema: ($("#schema") as HTMLInputElement).checked,
      });
    case "policyv2":
      return renderPolicyV2(core, { file: get("policyv2", "policy")!, chain: get("policyv2", "chain") });
    case "ratls":
      return renderRaTls(core, derOf(get("ratls", "cert")!), (parts, view) => {
        const name = files.get(slotKey("ratls", "cert"))!.name;
        setFile("quote", "quote", { name: `${name}: quote`, bytes: parts.quote });
        setFile("eventlog", "quote", { name: `${name}: quote`, bytes: parts.quote });
        setFile("eventlog", "log", { name: `${name}: event log`, bytes: parts.eventLog });
        run("quote");
        run("eventlog");
        select(view, true);
      });
  }
}

// Where a file of each kind goes when dropped anywhere or given on the command line.
function route(kind: Kind, f: Loaded): ViewId | null {
  switch (kind) {
    case "quote":
      setFile("quote", "quote", f);
      setFile("eventlog", "quote", f);
      return "quote";
    case "collateral": setFile("quote", "collateral", f); return "quote";
    case "root": setFile("quote", "root", f); return "quote";
    case "eventlog": setFile("eventlog", "log", f); return "eventlog";
    case "tdreport": setFile("tdreport", "report", f); return "tdreport";
    case "policy": setFile("policy", "policy", f); return "policy";
    case "policyv2": case "image": setFile("policyv2", "policy", f); return "policyv2";
    case "chain": setFile("policyv2", "chain", f); return "policyv2";
    case "report":
      setFile("policy", files.has("policy.local") ? "peer" : "local", f);
      return "policy";
    case "ratls": setFile("ratls", "cert", f); return "ratls";
    default: return null;
  }
}

// Priority of the view to show after several files arrive at once.
const SHOW_ORDER: ViewId[] = ["policy", "policyv2", "quote", "eventlog", "ratls", "tdreport"];

function accept(list: Loaded[]): void {
  const touched = new Set<ViewId>();
  const notes: HTMLElement[] = [];
  for (const f of list) {
    const s = sniff(core, f.bytes);
    const v = route(s.kind, f);
    if (v) touched.add(v);
    if (s.kind === "quote") touched.add("eventlog");
    notes.push(h("li", { "data-kind": s.kind }, `${f.name}: `, v ? `${s.kind} (${s.why})` : h("strong", {}, `not recognised — ${s.why}`)));
  }
  const routed = $("#routed");
  clear(routed);
  routed.append(h("ul", {}, ...notes));
  for (const v of touched) run(v);
  const show = SHOW_ORDER.find((v) => touched.has(v));
  if (show) select(show, false);
}

async function readFiles(list: FileList | File[]): Promise<Loaded[]> {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

function select(id: ViewId, focus: boolean): void {
  for (const v of VIEWS) {
    const tab = $(`#tab-${v.id}`);
    const on = v.id === id;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#panel-${v.id}`).hidden = !on;
    if (on && focus) tab.focus();
  }
}

function buildPanel(v: View): HTMLElement {
  const slots = v.slots.map((s) => {
    const id = `file-${v.id}-${s.id}`;
    const input = h("input", { type: "file", id, "data-slot": `${v.id}.${s.id}`, "aria-describedby": `name-${v.id}-${s.id}` }) as HTMLInputElement;
    input.addEventListener("change", async () => {
      const [f] = await readFiles(input.files ?? []);
      setFile(v.id, s.id, f ?? null);
      input.value = "";
      run(v.id);
    });
    const clr = h("button", { type: "button", id: `clear-${v.id}-${s.id}`, class: "clear", hidden: true, "aria-label": `Clear ${s.label}` }, "clear");
    clr.addEventListener("click", () => { setFile(v.id, s.id, null); run(v.id); });
    return h("div", { class: "slot" },
      h("label", { for: id }, s.label, h("span", { class: "hint" }, ` (${s.hint})`)), input,
      h("span", { class: "file-name", id: `name-${v.id}-${s.id}` }, "none"), clr);
  });
  const extra: HTMLElement[] = [];
  if (v.id === "quote") {
    const at = h("input", { type: "text", id: "at", placeholder: "now", inputmode: "text", autocomplete: "off", "aria-describedby": "at-hint" });
    at.addEventListener("change", () => run("quote"));
    extra.push(h("div", { class: "slot" }, h("label", { for: "at" }, "Verification time"), at,
      h("span", { class: "hint wide", id: "at-hint" }, "ISO-8601, e.g. 2025-07-19T10:00:34Z; empty = now")));
  }
  if (v.id === "policy") {
    const role = h("select", { id: "role" }, h("option", { value: "source" }, "source"), h("option", { value: "destination" }, "destination"));
    role.addEventListener("change", () => run("policy"));
    const schema = h("input", { type: "checkbox", id: "schema", checked: true });
    schema.addEventListener("change", () => run("policy"));
    extra.push(h("div", { class: "slot" }, h("label", { for: "role" }, "This MigTD's role"), role),
      h("div", { class: "slot" }, schema, h("label", { for: "schema" }, "Check the policy against config/policy.schema.json first (as the CLI does)")));
  }
  const form = h("form", { class: "inputs", "aria-label": `${v.title} inputs`, onsubmit: (e: Event) => e.preventDefault() }, ...slots, ...extra);
  const zone = h("div", { class: "dropzone", "aria-hidden": "true" }, `Drop ${v.title.toLowerCase()} files here`);
  const panel = h("div", { id: `panel-${v.id}`, role: "tabpanel", "aria-labelledby": `tab-${v.id}`, tabindex: "0", class: "panel" },
    h("p", { class: "intro" }, v.intro), form, zone,
    h("div", { id: `results-${v.id}`, class: "results", "aria-live": "polite", "data-state": "waiting" }));
  return panel;
}

function buildTabs(): HTMLElement {
  const list = h("div", { role: "tablist", "aria-label": "What to inspect", class: "tabs" },
    ...VIEWS.map((v, i) => h("button", { type: "button", role: "tab", id: `tab-${v.id}`, "aria-controls": `panel-${v.id}`,
      "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1", onclick: () => select(v.id, false) }, v.title)));
  list.addEventListener("keydown", (e) => {
    const k = (e as KeyboardEvent).key;
    const cur = VIEWS.findIndex((v) => $(`#tab-${v.id}`).getAttribute("aria-selected") === "true");
    let next = -1;
    if (k === "ArrowRight") next = (cur + 1) % VIEWS.length;
    else if (k === "ArrowLeft") next = (cur + VIEWS.length - 1) % VIEWS.length;
    else if (k === "Home") next = 0;
    else if (k === "End") next = VIEWS.length - 1;
    if (next >= 0) {
      e.preventDefault();
      select(VIEWS[next].id, true);
    }
  });
  return list;
}

function installDrop(): void {
  const body = document.body;
  body.addEventListener("dragover", (e) => { e.preventDefault(); body.classList.add("dragging"); });
  body.addEventListener("dragleave", (e) => { if (e.target === body || !(e as DragEvent).relatedTarget) body.classList.remove("dragging"); });
  body.addEventListener("drop", async (e) => {
    e.preventDefault();
    body.classList.remove("dragging");
    const dt = (e as DragEvent).dataTransfer;
    if (dt && dt.files.length > 0) accept(await readFiles(dt.files));
  });
  const open = $("#open-any") as HTMLInputElement;
  open.addEventListener("change", async () => {
    accept(await readFiles(open.files ?? []));
    open.value = "";
  });
}

async function start(): Promise<void> {
  const app = $("#app");
  const status = $("#core-status");
  try {
    core = await BrowserCore.load(coreWasm as Uint8Array);
  } catch (e) {
    status.textContent = "";
    app.append(errorBox("MigTD core", `could not load migtd-core.wasm: ${(e as Error).message}`));
    return;
  }
  status.textContent = `MigTD core loaded (${(coreWasm as Uint8Array).length} bytes of WebAssembly, running in this page).`;
  app.append(buildTabs(), ...VIEWS.map(buildPanel));
  select("quote", false);
  installDrop();
  for (const v of VIEWS) run(v.id);
  const pre = (window as unknown as { MIGTD_PRELOAD?: { name: string; b64: string }[] }).MIGTD_PRELOAD ?? [];
  if (pre.length > 0) accept(pre.map((p) => ({ name: p.name, bytes: fromBase64(p.b64) })));
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  document.body.append(errorBox("page", (e as Error).message));
  document.body.dataset.ready = "error";
});
