// The inspect page in a real browser (chromium via playwright-core; skipped, with the reason, when
// either is missing). The page must show what the CLI decides: each view's JSON (what Copy as JSON
// gives) equals `migtd ... --json` for the same inputs, and the pictures carry the same verdicts.
// It must never go blank on a malformed file, never make a request off its own origin, and be
// usable from the keyboard. Each view is screenshotted into build/inspect-shots/ for the docs.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserUnavailable, launch, type Browser } from "./browser.ts";
import { cli, migtdJson, pageJson, put, setTime, shown } from "./page.ts";
import { raTlsCert, simInputs, type SimInputs } from "./fixtures.ts";
import { buildInspectPage } from "../../scripts/inspect/build.ts";
import { serveDir, type Served } from "../../scripts/inspect/server.ts";
import { root } from "../helpers/scenarios.ts";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { patched, R } from "../policy/helpers.ts";

const shots = join(root, "build", "inspect-shots");

function describeBrowser(name: string, fn: () => void): void {
  if (browserUnavailable) {
    console.warn(`test/inspect: browser tests skipped: ${browserUnavailable}`);
    describe.skip(name, () => {
      it(`needs a browser: ${browserUnavailable}`, () => {});
    });
    return;
  }
  describe(name, fn);
}

let browser: Browser;
let served: Served;
let work: string;
const offOrigin: string[] = [];
const pageErrors: string[] = [];
let sim: SimInputs;

// Files for the CLI, which reads paths.
function file(name: string, bytes: Uint8Array): string {
  const p = join(work, name);
  writeFileSync(p, bytes);
  return p;
}

async function open(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(served.url) && !r.url().startsWith("file:")) offOrigin.push(r.url());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(served.url);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30_000 });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const T = (p: string) => new Uint8Array(readFileSync(sharedPath("testdata", p)));

describeBrowser("migtd inspect page (chromium)", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "migtd-inspect-test-"));
    await buildInspectPage({ outDir: join(work, "site") });
    served = await serveDir(join(work, "site"));
    browser = await launch();
    sim = simInputs();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(offOrigin, "requests off the page's origin").toEqual([]);
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });

  it("a simulator quote: the verdict, structure and chain equal `quote verify --json` under the simulator root", async () => {
    const page = await open();
    const at = "2026-01-01T00:00:00Z";
    await setTime(page, at);
    await put(page, "quote.root", "sim-root.der", sim.root);
    await put(page, "quote.quote", "sim.quote", sim.quote);
    const cliOut = migtdJson("quote", "verify", file("sim.quote", sim.quote), "--root-ca", file("sim-root.der", sim.root), "--at", at);
    expect(cliOut.code, cliOut.err).toBe(0);
    expect(await pageJson(page, "quote-verify")).toEqual(cliOut.result);
    await expect(page.locator("[data-verdict]").first().getAttribute("data-verdict")).resolves.toBe("verified");
    const subjects = await page.locator("#results-quote .cert-head").allInnerTexts();
    expect(subjects.map((s) => s.replace(/^\W+/, "").split("\n")[0].trim())).toEqual([
      "MigTD Simulator TEST PCK Certificate", "MigTD Simulator TEST Platform CA", "MigTD Simulator TEST Root CA"]);
    expect(await page.locator('#results-quote [data-ok="false"]').count()).toBe(0);
    // Offsets in the structure table are the quote's own: REPORTDATA of a v4 quote at 48 + 520.
    const row = page.locator("#results-quote table.fields tr", { hasText: "reportData" }).first();
    await expect(row.innerText()).resolves.toMatch(/0x0238 \(568\)\s+64\s+4242/);
    await shot(page, "quote-simulator");
  });

  it("the same quote under Intel's root is rejected, with the chain check that fails and the MigTD result code", async () => {
    const page = await open();
    await put(page, "quote.quote", "sim.quote", sim.quote);
    const cliOut = migtdJson("quote", "verify", file("sim.quote", sim.quote));
    expect(cliOut.code).toBe(1);
    const j = await pageJson(page, "quote-verify");
    expect(j).toEqual(cliOut.result);
    await expect(page.locator('#results-quote [data-field="resultCode"]').first().getAttribute("data-code")).resolves.toBe(String(cliOut.result.resultCode));
    expect(await page.locator('#results-quote [data-check="signature"][data-ok="false"]').count()).toBeGreaterThan(0);
  });

  it("a simulator event log against its quote: replay, RTMR comparison and JSON equal `eventlog --quote --json`", async () => {
    const page = await open();
    await shown(page, "eventlog");
    await put(page, "eventlog.quote", "sim.quote", sim.quote);
    await put(page, "eventlog.log", "sim.ccel", sim.log);
    const cliOut = migtdJson("eventlog", file("sim.ccel", sim.log), "--quote", file("sim.quote", sim.quote));
    expect(cliOut.code, cliOut.err).toBe(0);
    expect(await pageJson(page, "eventlog")).toEqual(cliOut.result);
    for (let k = 0; k < 4; k++) await expect(page.locator(`[data-rtmr="${k}"]`).getAttribute("data-match")).resolves.toBe("true");
    await expect(page.locator('.lane[aria-label^="RTMR2"] li.ev').count()).resolves.toBe(2);
    await shot(page, "eventlog-simulator");
  });

  it("an event log with bytes after its last record is an input error, as `eventlog` says (exit 2)", async () => {
    const page = await open();
    await shown(page, "eventlog");
    const log = Uint8Array.from([...sim.log, 1, 2, 3]);
    await put(page, "eventlog.log", "trailing.ccel", log);
    const cliOut = migtdJson("eventlog", file("trailing.ccel", log));
    expect(cliOut.code).toBe(2);
    expect(cliOut.json.error.code).toBe("EventLogMalformed");
    expect(await pageJson(page, "eventlog")).toEqual(cliOut.result);
    await expect(page.locator("#results-eventlog [data-verdict]").getAttribute("data-verdict")).resolves.toBe("input-error");
    await expect(page.locator("#results-eventlog").innerText()).resolves.toMatch(new RegExp(`trailing bytes at offset ${sim.log.length}`));
  });

  it("a simulator TDREPORT equals `report --json`", async () => {
    const page = await open();
    await shown(page, "tdreport");
    await put(page, "tdreport.report", "sim.tdreport", sim.tdreport);
    const cliOut = migtdJson("report", file("sim.tdreport", sim.tdreport));
    expect(cliOut.code, cliOut.err).toBe(0);
    expect(await pageJson(page, "tdreport")).toEqual(cliOut.result);
    await shot(page, "tdreport-simulator");
  });

  it("an RA-TLS certificate: its quote and event log are extracted and open in their views", async () => {
    const der = await raTlsCert(sim.quote, sim.log);
    const page = await open();
    await shown(page, "ratls");
    await put(page, "ratls.cert", "peer.der", der);
    const j = await pageJson(page, "ratls");
    expect(j.error).toBeNull();
    expect(j.quote).toBe(Buffer.from(sim.quote).toString("hex"));
    expect(j.eventLog).toBe(Buffer.from(sim.log).toString("hex"));
    await shot(page, "ratls-simulator");
    await page.getByRole("button", { name: "Replay this event log against the quote" }).click();
    await expect(page.locator("#tab-eventlog").getAttribute("aria-selected")).resolves.toBe("true");
    const el = migtdJson("eventlog", file("sim.ccel", sim.log), "--quote", file("sim.quote", sim.quote));
    expect(await pageJson(page, "eventlog")).toEqual(el.result);
  });

  it("the page-wide drop routes files by content, and says which it did not recognise", async () => {
    const page = await open();
    const items = [
      { name: "a.bin", b64: Buffer.from(sim.quote).toString("base64") },
      { name: "b.bin", b64: Buffer.from(sim.log).toString("base64") },
      { name: "c.bin", b64: Buffer.from(sim.tdreport).toString("base64") },
      { name: "d.bin", b64: Buffer.from("hello, not a quote").toString("base64") },
    ];
    await page.evaluate((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, items);
    await page.waitForSelector('#routed li[data-kind="unknown"]');
    const kinds = await page.locator("#routed li").evaluateAll((ls) => ls.map((l) => l.getAttribute("data-kind")));
    expect(kinds).toEqual(["quote", "eventlog", "tdreport", "unknown"]);
    await expect(page.locator("#routed").innerText()).resolves.toMatch(/d\.bin: not recognised/);
    await expect(page.locator("#name-eventlog-quote").innerText()).resolves.toMatch(/a\.bin/);
    await expect(page.locator("#results-tdreport").getAttribute("data-state")).resolves.toBe("done");
  });

  it("malformed inputs show an error naming the field, never a blank view", async () => {
    const page = await open();
    await put(page, "quote.quote", "short.quote", sim.quote.subarray(0, 300));
    await expect(page.locator("#results-quote").innerText()).resolves.toMatch(/QuoteMalformed: quote truncated in the body/);
    // The CLI calls it an input error (exit 2), not a rejection; so does the page.
    const short = migtdJson("quote", "verify", file("short.quote", sim.quote.subarray(0, 300)));
    expect(short.code).toBe(2);
    expect(await pageJson(page, "quote-verify")).toEqual(short.result);
    await expect(page.locator("#results-quote [data-verdict]").first().getAttribute("data-verdict")).resolves.toBe("input-error");
    await put(page, "quote.quote", "sim.quote", sim.quote);
    await put(page, "quote.collateral", "bad.json", new TextEncoder().encode('{"platforms": 5}'));
    await expect(page.locator("#results-quote").innerText()).resolves.toMatch(/CollateralMalformed: collateral: .*platforms/);
    await setTime(page, "yesterday");
    await page.locator("#at").dispatchEvent("change");
    await expect(page.locator('#results-quote [data-error="verification time"]').innerText()).resolves.toMatch(/ISO-8601/);
    await shown(page, "eventlog");
    await put(page, "eventlog.log", "bad.ccel", sim.log.subarray(0, 70));
    await expect(page.locator('#results-eventlog [data-error="event log"]').innerText()).resolves.toMatch(/event log: .+/);
    await shown(page, "tdreport");
    await put(page, "tdreport.report", "bad.tdreport", new Uint8Array(100));
    await expect(page.locator('#results-tdreport [data-error="TDREPORT"]').innerText()).resolves.toMatch(/TDREPORT: .+/);
    const badReport = migtdJson("report", file("bad.tdreport", new Uint8Array(100)));
    expect(badReport.code).toBe(2);
    await expect(page.locator("#results-tdreport [data-verdict]").getAttribute("data-verdict")).resolves.toBe("input-error");
    await shown(page, "ratls");
    await put(page, "ratls.cert", "root.der", sim.root);
    await expect(page.locator('#results-ratls [data-error="RA-TLS certificate"]').innerText()).resolves.toMatch(/P-384|key usage/);
    await shown(page, "policy");
    await put(page, "policy.policy", "bad-policy.json", new TextEncoder().encode('{"id": "not-a-guid", "policy": []}'));
    await put(page, "policy.local", "local.dat", new Uint8Array(822));
    await put(page, "policy.peer", "peer.dat", new Uint8Array(822));
    const v = await pageJson(page, "policy-eval");
    expect(v.error).toMatchObject({ code: "InvalidPolicy", field: "id" });
    await expect(page.locator('#results-policy [data-error="policy"]').innerText()).resolves.toMatch(/field id/);
    await shot(page, "policy-malformed");
    for (const view of ["quote", "eventlog", "tdreport", "ratls", "policy"]) {
      expect((await page.locator(`#results-${view}`).innerText()).trim().length, view).toBeGreaterThan(0);
    }
  });

  it("keyboard: the views are tabs moved with the arrow keys, inputs have labels, Copy as JSON is a button", async () => {
    const page = await open();
    await page.focus("#tab-quote");
    await page.keyboard.press("ArrowRight");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-eventlog");
    await expect(page.locator("#panel-eventlog").isVisible()).resolves.toBe(true);
    await page.keyboard.press("End");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-ratls");
    const unlabeled = await page.evaluate(() => Array.from(document.querySelectorAll("input, select"))
      .filter((i) => !(i as HTMLInputElement).labels?.length).map((i) => i.id));
    expect(unlabeled).toEqual([]);
    await shown(page, "tdreport");
    await put(page, "tdreport.report", "sim.tdreport", sim.tdreport);
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: served.url });
    await page.locator("#results-tdreport").getByRole("button", { name: "Copy as JSON" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#results-tdreport .copy-status").innerText()).toBe("copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(copied)).toEqual(await pageJson(page, "tdreport"));
  });

  it("`migtd inspect --no-open <files>` serves on 127.0.0.1 and opens the given files", async () => {
    const child = spawn(process.execPath, [cli, "inspect", "--no-open", file("sim.quote", sim.quote), file("sim.tdreport", sim.tdreport)],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = "";
        child.stderr.on("data", (d) => {
          out += d;
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) ok(m[1]);
        });
        child.on("exit", (c) => fail(new Error(`migtd inspect exited ${c}: ${out}`)));
      });
      const page = await browser.context.newPage();
      const res = await page.goto(url);
      expect(res?.headers()["content-security-policy"]).toMatch(/connect-src 'none'/);
      await page.waitForFunction(() => document.body.dataset.ready === "true");
      await expect(page.locator("#routed").innerText()).resolves.toMatch(/sim\.quote: quote[\s\S]*sim\.tdreport: tdreport/);
      await expect(page.locator("#results-quote [data-verdict]").getAttribute("data-verdict")).resolves.toBe("rejected");
      await page.close();
    } finally {
      child.kill("SIGTERM");
    }
  });

  describeShared("real data from ../shared/testdata", () => {
    it("phala quote + collateral: TCB status, chain and verdict equal `quote verify --json`", async () => {
      const page = await open();
      const at = "2025-07-19T10:00:34Z";
      await setTime(page, at);
      await put(page, "quote.collateral", "phala_tdx_v4_b0c06f_collateral.json", T("collateral/phala_tdx_v4_b0c06f_collateral.json"));
      await put(page, "quote.quote", "phala_tdx_v4_b0c06f_uptodate.quote", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"));
      const c = migtdJson("quote", "verify", sharedPath("testdata", "quotes/phala_tdx_v4_b0c06f_uptodate.quote"),
        "--collateral", sharedPath("testdata", "collateral/phala_tdx_v4_b0c06f_collateral.json"), "--at", at);
      expect(c.code, c.err).toBe(0);
      expect(await pageJson(page, "quote-verify")).toEqual(c.result);
      await expect(page.locator('#results-quote [data-field="tcbStatus"]').first().innerText()).resolves.toBe(c.result.tcbStatus);
      const subjects = await page.locator("#results-quote .chain").first().locator(".cert-head").allInnerTexts();
      expect(subjects.map((s) => s.replace(/^\W+/, "").split("\n")[0].trim())).toEqual(["Intel SGX PCK Certificate", "Intel SGX PCK Platform CA", "Intel SGX Root CA"]);
      expect(c.result.pckSubject).toBe("Intel SGX PCK Certificate");
      expect(await page.locator('#results-quote [data-ok="false"]').count()).toBe(0);
      await expect(page.locator("#results-quote table.levels tr.matched td").nth(1).innerText()).resolves.toBe(c.result.tcb.platform);
      await shot(page, "quote-phala");
    });

    it("`migtd inspect --out` opened from disk: the preloaded real quote + collateral give the CLI's verdict", async () => {
      const q = sharedPath("testdata", "quotes/phala_tdx_v4_b0c06f_uptodate.quote");
      const coll = sharedPath("testdata", "collateral/phala_tdx_v4_b0c06f_collateral.json");
      const out = join(work, "from-disk");
      const r = spawnSync(process.execPath, [cli, "inspect", "--out", out, q, coll], { encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const page = await browser.context.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      page.on("request", (x) => { if (!x.url().startsWith("file:")) offOrigin.push(x.url()); });
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForFunction(() => document.body.dataset.ready === "true");
      const at = "2025-07-19T10:00:34Z";
      const before = Number(await page.locator("#results-quote").getAttribute("data-runs"));
      await setTime(page, at);
      await page.locator("#at").dispatchEvent("change");
      await page.waitForFunction((n) => Number(document.querySelector("#results-quote")?.getAttribute("data-runs")) > n, before);
      const c = migtdJson("quote", "verify", q, "--collateral", coll, "--at", at);
      expect(c.result.tcbStatus).toBe("UpToDate");
      expect(await pageJson(page, "quote-verify")).toEqual(c.result);
      await page.close();
    });

    it("trustee_azure + production collateral: OutOfDate, the matched level and why the newer ones were not", async () => {
      const page = await open();
      const at = "2025-12-01T00:00:00Z";
      await setTime(page, at);
      await put(page, "quote.collateral", "prod.json", T("collateral/migtd_collateral_production_fmspc.json"));
      await put(page, "quote.quote", "azure.quote", T("quotes/trustee_azure_tdx_v4_00806f05.quote"));
      const c = migtdJson("quote", "verify", sharedPath("testdata", "quotes/trustee_azure_tdx_v4_00806f05.quote"),
        "--collateral", sharedPath("testdata", "collateral/migtd_collateral_production_fmspc.json"), "--at", at);
      expect(await pageJson(page, "quote-verify")).toEqual(c.result);
      expect(c.result.tcbStatus).toBe("OutOfDate");
      const levels = page.locator("#results-quote table.levels").first();
      await expect(levels.locator("tr.matched td").nth(1).innerText()).resolves.toBe(c.result.tcb.platform);
      await expect(levels.locator("tbody tr").first().innerText()).resolves.toMatch(/SGX component 0: 6 < 8/);
      await shot(page, "quote-tcb-outofdate");
    });

    it("an expired collateral instant: the page rejects with the CLI's error and result code", async () => {
      const page = await open();
      const at = "2025-07-19T10:16:04Z";
      await setTime(page, at);
      await put(page, "quote.collateral", "phala.json", T("collateral/phala_tdx_v4_b0c06f_collateral.json"));
      await put(page, "quote.quote", "phala.quote", T("quotes/phala_tdx_v4_b0c06f_uptodate.quote"));
      const c = migtdJson("quote", "verify", sharedPath("testdata", "quotes/phala_tdx_v4_b0c06f_uptodate.quote"),
        "--collateral", sharedPath("testdata", "collateral/phala_tdx_v4_b0c06f_collateral.json"), "--at", at);
      expect(c.code).toBe(1);
      expect(await pageJson(page, "quote-verify")).toEqual(c.result);
      await expect(page.locator('#results-quote [data-field="error"]').first().innerText()).resolves.toBe(`${c.result.errorCode}: ${c.result.error}`);
    });

    it("real event logs equal `eventlog --json`", async () => {
      const page = await open();
      await shown(page, "eventlog");
      for (const name of ["tdshim_ccel.bin", "ovmf_ccel.bin", "gcp_ccel.bin"]) {
        await put(page, "eventlog.log", name, T(`eventlogs/${name}`));
        const c = migtdJson("eventlog", sharedPath("testdata", "eventlogs", name));
        expect(await pageJson(page, "eventlog"), name).toEqual(c.result);
      }
      await put(page, "eventlog.log", "tdshim_ccel.bin", T("eventlogs/tdshim_ccel.bin"));
      await shot(page, "eventlog-tdshim");
    });

    it("the real TDREPORT equals `report --json`", async () => {
      const page = await open();
      await shown(page, "tdreport");
      await put(page, "tdreport.report", "intel.bin", T("tdreport/intel_dcap_tdreport_tdx10.bin"));
      const c = migtdJson("report", sharedPath("testdata", "tdreport/intel_dcap_tdreport_tdx10.bin"));
      expect(await pageJson(page, "tdreport")).toEqual(c.result);
    });

    const policyDir = sharedPath("testdata", "migtd_policy", "current_v1", "test");
    it("every Intel v1 test policy with report.dat: verdict and failing rule equal `policy eval --json`", async () => {
      const page = await open();
      await shown(page, "policy");
      const report = T("migtd_policy/current_v1/test/report.dat");
      await put(page, "policy.local", "report.dat", report);
      await put(page, "policy.peer", "report.dat", report);
      const policies = readdirSync(policyDir).filter((f) => f.endsWith(".json")).sort();
      expect(policies.length).toBeGreaterThan(10);
      let rejected = 0;
      let invalid = 0;
      for (const p of policies) {
        await put(page, "policy.policy", p, T(`migtd_policy/current_v1/test/${p}`));
        const c = migtdJson("policy", "eval", "--policy", join(policyDir, p), "--local", join(policyDir, "report.dat"), "--peer", join(policyDir, "report.dat"));
        expect(c.json, `${p}: ${c.err}`).not.toBeNull();
        const j = await pageJson(page, "policy-eval");
        if (c.result === null) {
          // Not evaluated (invalid policy, schema violation): the same error code and field.
          invalid++;
          expect(j.result, p).toBeNull();
          expect(j.error.code, p).toBe(c.json.error.code);
          expect(j.error.field, p).toBe(c.json.error.field);
          continue;
        }
        expect(j, p).toEqual(c.result);
        if (c.result.failedRule) {
          rejected++;
          await expect(page.locator('#results-policy [data-field="failedRule"]').innerText(), p).resolves.toBe(c.result.failedRule);
          const highlighted = page.locator("#results-policy tr.failing-rule");
          if (await highlighted.count()) await expect(highlighted.getAttribute("data-rule"), p).resolves.toBe(c.result.failedRule);
        }
      }
      expect(rejected).toBeGreaterThan(3);
      expect(invalid).toBeGreaterThan(1);
      await put(page, "policy.policy", "policy_007.json", T("migtd_policy/current_v1/test/policy_007.json"));
      await expect(page.locator("#results-policy tr.failing-rule").getAttribute("data-rule")).resolves.toBe("policy[0].Platform.TcbInfo.sgxtcbcomponents");
      await expect(page.locator('#results-policy [data-field="expected"]').innerText()).resolves.toMatch(/\S/);
      await shot(page, "policy-intel-007");
    });

    it("policy_002 with a peer whose RTMR1 differs: the failing rule is highlighted with expected vs actual", async () => {
      const page = await open();
      await shown(page, "policy");
      const report = T("migtd_policy/current_v1/test/report.dat");
      const peer = patched(report, R.RTMR1 as [number, number], new Uint8Array(48).fill(1));
      await put(page, "policy.policy", "policy_002.json", T("migtd_policy/current_v1/test/policy_002.json"));
      await put(page, "policy.local", "report.dat", report);
      await put(page, "policy.peer", "peer.dat", peer);
      const c = migtdJson("policy", "eval", "--policy", join(policyDir, "policy_002.json"), "--local", join(policyDir, "report.dat"), "--peer", file("peer.dat", peer));
      expect(c.code).toBe(1);
      expect(await pageJson(page, "policy-eval")).toEqual(c.result);
      expect(c.result.failedRule).toBe("policy[3].MigTD.TDINFO.RTMR1");
      await expect(page.locator("#results-policy tr.failing-rule").getAttribute("data-rule")).resolves.toBe(c.result.failedRule);
      await expect(page.locator('#results-policy [data-field="actual"]').innerText()).resolves.toMatch(/01010101/i);
      await shot(page, "policy-rtmr1");
      // The README's picture (docs/img/inspect.png): tabs, verdict and the failing rule.
      await page.setViewportSize({ width: 1000, height: 900 });
      const top = (await page.locator(".tabs").boundingBox())!;
      const end = (await page.locator("#results-policy .failing").boundingBox())!;
      await page.screenshot({ path: join(shots, "readme.png"), fullPage: true, clip: { x: 0, y: top.y - 8, width: 1000, height: end.y + end.height + 12 - (top.y - 8) } });
    });
  });
});
