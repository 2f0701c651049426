// The api_inspect_* exports (assembly/api/inspect.ts) against the verifier they explain: the quote
// layout's offsets give back the parser's values, the TCB level marked as matched is the one whose
// status the verifier reports, and the chain checks agree with the verdict. Simulator quotes always,
// real quotes when the shared test data is present.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { CoreLibrary } from "../../scripts/host/library.ts";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { coreWasm } from "../helpers/scenarios.ts";
import { describeShared, sharedPath } from "../helpers/shared.ts";

let lib: CoreLibrary;
beforeAll(() => {
  lib = CoreLibrary.load(coreWasm);
});

const NONE = new Uint8Array(0);
const now = () => BigInt(Math.floor(Date.now() / 1000));

function simQuote(): Uint8Array {
  const tdx = new TdxModule();
  return new QuoteService(tdx).quote(tdx.buildReport(new Uint8Array(64).fill(7)))!;
}

// Every field of the layout, read at its offset, equals what api_quote_parse reports for it.
function checkLayout(quote: Uint8Array): void {
  const l = lib.callJson("api_inspect_quote_layout", quote);
  const p = lib.callJson("api_quote_parse", quote);
  expect(l.error).toBeNull();
  const f = (name: string, section?: string) => l.fields.find((x: any) => x.name === name && (!section || x.section === section));
  const at = (x: any) => Buffer.from(quote.subarray(x.offset, x.offset + x.length)).toString("hex");
  for (const [k, v] of Object.entries(p.body)) {
    if (k === "rtmr") (v as string[]).forEach((r, i) => expect(at(f(`rtmr${i}`)), `rtmr${i}`).toBe(r));
    else expect(at(f(k, "body")), k).toBe(v);
  }
  expect(at(f("qeVendor"))).toBe(p.qeVendor);
  expect(at(f("userData"))).toBe(p.userData);
  expect(at(f("mrEnclave"))).toBe(p.qeReport.mrEnclave);
  expect(at(f("mrSigner", "QE report"))).toBe(p.qeReport.mrSigner);
  expect(quote[f("isvSvn").offset] | (quote[f("isvSvn").offset + 1] << 8)).toBe(p.qeReport.isvSvn);
  expect(f("qeAuthData").length).toBe(p.qeAuthDataLen);
  expect(f("pckChainPem").length).toBe(p.pckChainLen);
  const qe = l.fields.filter((x: any) => x.section === "QE report");
  expect(qe.reduce((n: number, x: any) => n + x.length, 0)).toBe(384);
  // Contiguous and covering the structure, then the ignored tail.
  for (let i = 1; i < l.fields.length; i++) expect(l.fields[i].offset).toBe(l.fields[i - 1].offset + l.fields[i - 1].length);
  const last = l.fields[l.fields.length - 1];
  expect(last.offset + last.length).toBe(quote.length);
  expect(l.structLen).toBe(last.section === "trailing" ? last.offset : quote.length);
}

describe("api_inspect_* on simulator quotes", () => {
  it("the layout gives back every parsed field at its offset", () => checkLayout(simQuote()));

  it("chain: each certificate of the simulator chain passes each check under its own root", () => {
    const q = simQuote();
    const v = lib.callJson("api_quote_verify", q, testRootDer(), NONE, now());
    const c = lib.callJson("api_inspect_chain", q, testRootDer(), NONE, now());
    expect(v.verified).toBe(true);
    expect(c.pck.certs.map((x: any) => x.subject)).toEqual(["MigTD Simulator TEST PCK Certificate", "MigTD Simulator TEST Platform CA", "MigTD Simulator TEST Root CA"]);
    for (const cert of c.pck.certs) for (const k of cert.checks) expect(k.ok, `${cert.subject} ${k.check}`).toBe(true);
  });

  it("chain: under another root the top of the chain fails its signature check, as the verifier rejects", () => {
    const q = simQuote();
    const other = testRootDer("another-vendor");
    const v = lib.callJson("api_quote_verify", q, other, NONE, now());
    const c = lib.callJson("api_inspect_chain", q, other, NONE, now());
    expect(v.verified).toBe(false);
    const failed = c.pck.certs.flatMap((x: any) => x.checks.filter((k: any) => !k.ok).map((k: any) => `${x.subject}: ${k.check}`));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.join("\n")).toMatch(/signature/);
  });

  it("a truncated quote: an error naming where it stops, no layout", () => {
    const l = lib.callJson("api_inspect_quote_layout", simQuote().subarray(0, 300));
    expect(l.errorCode).toBe("QuoteMalformed");
    expect(l.error).toMatch(/body/);
    expect(l.fields).toBeUndefined();
  });

  it("mutated and truncated inputs give errors, never a trap", () => {
    const q = simQuote();
    const coll = new TextEncoder().encode('{"platforms":[{"fmspc":"00","tcbInfoIssuerChain":"","tcbInfo":"{}"}],"qeIdentity":"{}"}');
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let i = 0; i < 300; i++) {
      const m = Uint8Array.from(q.subarray(0, rnd(q.length + 1)));
      for (let k = 0; k < 4 && m.length > 0; k++) m[rnd(m.length)] = rnd(256);
      for (const [fn, args] of [["api_inspect_quote_layout", [m]], ["api_inspect_chain", [m, testRootDer(), coll, now()]],
        ["api_inspect_tcb", [m, coll]], ["api_inspect_ratls", [m]]] as const) {
        const r = lib.callJson(fn, ...(args as any));
        expect(r === null || typeof r !== "object" ? r : "error" in r, fn).toBe(true);
      }
    }
  });

  it("RA-TLS: a certificate that is not one is an error with its MigTD result code", () => {
    const r = lib.callJson("api_inspect_ratls", testRootDer());
    expect(r.error).toMatch(/P-384|extended key usage/);
    expect(r.resultCode).toBe(6);
    expect(lib.callBytes("api_result_name", 8).length).toBeGreaterThan(0);
    expect(Buffer.from(lib.callBytes("api_result_name", 8)).toString()).toBe("PolicyUnsatisfiedError");
  });
});

const T = (p: string) => readFileSync(sharedPath("testdata", p));
const secs = (iso: string) => BigInt(Date.parse(iso) / 1000);

describeShared("api_inspect_* on the real quotes", () => {
  const prod = () => T("certs/Intel_SGX_RootCA_production.der");

  it.each(["quotes/phala_tdx_v4_b0c06f_uptodate.quote", "quotes/trustee_tdx_v5_td15_servtd_90c06f.quote", "quotes/trustee_azure_tdx_v4_00806f05.quote",
    "quotes/google_spr_e4_tdx_v4_50806f.quote", "quotes/migtd_azure_tdx_v4_90c06f.quote"])("%s: layout agrees with the parser", (name) => {
    checkLayout(new Uint8Array(T(name)));
  });

  it("trustee_azure + production collateral: the matched levels carry the statuses the verifier reports", () => {
    const q = T("quotes/trustee_azure_tdx_v4_00806f05.quote");
    const c = T("collateral/migtd_collateral_production_fmspc.json");
    const at = secs("2025-12-01T00:00:00Z");
    const v = lib.callJson("api_quote_verify", q, prod(), c, at);
    const t = lib.callJson("api_inspect_tcb", q, c);
    expect(v.tcbStatus).toBe("OutOfDate");
    const matched = (ls: any[]) => ls.filter((l) => l.matched);
    expect(matched(t.platformLevels)).toHaveLength(1);
    expect(matched(t.platformLevels)[0].status).toBe(v.tcb.platform);
    expect(matched(t.platformLevels)[0].misses).toEqual([]);
    // Every level before the matched one names at least one component below it.
    for (const l of t.platformLevels.slice(0, matched(t.platformLevels)[0].index)) expect(l.misses.length).toBeGreaterThan(0);
    expect(matched(t.moduleLevels)[0].status).toBe(v.tcb.module);
    expect(matched(t.qeLevels)[0].status).toBe(v.tcb.qe);
    const ch = lib.callJson("api_inspect_chain", q, prod(), c, at);
    for (const key of ["pck", "tcbInfo", "qeIdentity"]) for (const cert of ch[key].certs) for (const k of cert.checks) expect(k.ok, `${key} ${cert.subject} ${k.check}`).toBe(true);
    expect(ch.crls.every((x: any) => x.current)).toBe(true);
  });

  it("google SPR E4 + Google collateral: no level matched, as the verifier says TcbNoMatchingLevel", async () => {
    const { googleBundle } = await import("../attest/collateral.ts");
    const q = T("quotes/google_spr_e4_tdx_v4_50806f.quote");
    const c = googleBundle("tcbinfo_50806f_v3.json", "50806F000000");
    const v = lib.callJson("api_quote_verify", q, prod(), c, secs("2023-07-01T01:00:00Z"));
    const t = lib.callJson("api_inspect_tcb", q, c);
    expect(v.errorCode).toBe("TcbNoMatchingLevel");
    expect(t.platformLevels.some((l: any) => l.matched)).toBe(false);
    for (const l of t.platformLevels) expect(l.misses.length).toBeGreaterThan(0);
  });
});
