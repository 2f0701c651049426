// The inspect page's Policy v2 view in a real browser (chromium via playwright-core; skipped with
// the reason when either is missing): a signed policy with its chain, a V2 MigTD image, a chain
// that does not sign the policy. The view's JSON carries policy_v2_check's summary (what `migtd
// policy check --json` reports) and the owner fields equal `migtd hash`'s for the image.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserUnavailable, launch, type Browser } from "./browser.ts";
import { migtdJson, pageJson, put } from "./page.ts";
import { buildInspectPage } from "../../scripts/inspect/build.ts";
import { serveDir, type Served } from "../../scripts/inspect/server.ts";
import { buildImage } from "../../scripts/image/image.ts";
import { firmwareParts } from "../../scripts/host/qemu-host.ts";
import { simPolicyV2 } from "../../scripts/sim/policy-v2-world.ts";

const suite = browserUnavailable ? describe.skip : describe;
if (browserUnavailable) console.warn(`test/inspect: browser tests skipped: ${browserUnavailable}`);

let browser: Browser;
let served: Served;
let work: string;
const pageErrors: string[] = [];
const p = simPolicyV2({ policySvn: 4 });

function file(name: string, bytes: Uint8Array): string {
  const f = join(work, name);
  writeFileSync(f, bytes);
  return f;
}

async function open(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(served.url);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30_000 });
  return page;
}

suite("migtd inspect page: Policy v2 view (chromium)", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "migtd-inspect-v2-"));
    await buildInspectPage({ outDir: join(work, "site") });
    served = await serveDir(join(work, "site"));
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });

  it("a signed policy and its chain, opened together as any files: routed to Policy v2, verified, with what `policy check` reports", async () => {
    const page = await open();
    await page.setInputFiles("#open-any", [
      { name: "policy.json", mimeType: "application/json", buffer: Buffer.from(p.policy) },
      { name: "chain.pem", mimeType: "application/x-pem-file", buffer: Buffer.from(p.chain) },
    ]);
    await page.waitForFunction(() => document.querySelector("#results-policyv2 [data-verdict]")?.getAttribute("data-verdict") === "verified");
    await expect(page.locator("#panel-policyv2").isVisible()).resolves.toBe(true);
    const j = await pageJson(page, "policy-v2");
    const cli = migtdJson("policy", "check", file("policy.json", p.policy), "--issuer-chain", file("chain.pem", p.chain));
    expect(cli.code, cli.err).toBe(0);
    expect(j.policy).toEqual(cli.result.policy);
    expect(j.policy.policySvn).toBe(4);
    await expect(page.locator('#results-policyv2 [data-field="signer"]').innerText()).resolves.toBe("MigTD TEST Policy Signer");
    const rows = await page.locator('#results-policyv2 table[data-chain^="Policy issuer chain"] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split("\t")[1])).toEqual(["MigTD TEST Policy Signer", "MigTD TEST Policy Intermediate CA", "MigTD TEST Policy Root CA"]);
    await expect(page.locator('#results-policyv2 table[data-table="servtd-identity"] tbody tr').count()).resolves.toBe(2);
  });

  it("a V2 MigTD image: the policy and chain come from its config volume; MROWNER / MROWNERCONFIG equal `migtd hash`'s", async () => {
    const image = buildImage({ ...firmwareParts(), policy: Buffer.from(p.policy), issuerChain: Buffer.from(p.chain) }).image;
    const page = await open();
    await page.click("#tab-policyv2");
    await put(page, "policyv2.policy", "migtd-v2.bin", image);
    const enrolled = await pageJson(page, "image-enrollment");
    expect(enrolled).toEqual({ version: 2, policyBytes: p.policy.length, issuerChainBytes: p.chain.length });
    const j = await pageJson(page, "policy-v2");
    const h = migtdJson("hash", "--image", file("migtd-v2.bin", image));
    expect(h.code, h.err).toBe(0);
    expect(j.policy.mrOwner.toLowerCase()).toBe(h.result.mrowner);
    expect(j.policy.mrOwnerConfig.toLowerCase()).toBe(h.result.mrownerconfig);
  }, 60_000);

  it("a chain that did not sign the policy: does not verify, result code 9, the reason shown", async () => {
    const page = await open();
    await page.click("#tab-policyv2");
    await put(page, "policyv2.chain", "other.pem", simPolicyV2({ seed: "another fleet" }).chain);
    await put(page, "policyv2.policy", "policy.json", p.policy);
    const j = await pageJson(page, "policy-v2");
    expect(j).toMatchObject({ valid: false, code: 9, error: "InvalidPolicySignature" });
    await expect(page.locator('#results-policyv2 [data-error="policy v2"]').innerText()).resolves.toMatch(/InvalidPolicySignature/);
  });
});
