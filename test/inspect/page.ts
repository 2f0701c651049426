// Driving the inspect page in chromium: open it, give files to its labelled inputs, wait for the
// view to re-run, read what it shows (including the JSON behind "Copy as JSON").
import type { Page } from "playwright-core";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root } from "../helpers/scenarios.ts";

export const cli = join(root, "scripts", "bin", "migtd.mjs");

// `migtd ... --json` as a child process: exit status, the envelope (config/cli-envelope.schema.json)
// and its `result`, which is what the page shows and copies.
export function migtdJson(...args: string[]): { code: number | null; json: any; result: any; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args, "--json"], { encoding: "utf8", timeout: 60_000 });
  let json: any = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* left null: the test says what came out */
  }
  return { code: r.status, json, result: json?.result ?? null, err: r.stderr + r.stdout };
}

export async function runs(page: Page, view: string): Promise<number> {
  return Number(await page.locator(`#results-${view}`).getAttribute("data-runs"));
}

// Puts bytes in a view's input (slot "view.name") and waits until the view has run again.
export async function put(page: Page, slot: string, name: string, bytes: Uint8Array): Promise<void> {
  const view = slot.split(".")[0];
  const before = await runs(page, view);
  await page.setInputFiles(`[data-slot="${slot}"]`, { name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
  await page.waitForFunction(([v, n]) => Number(document.querySelector(`#results-${v}`)?.getAttribute("data-runs")) > Number(n), [view, before] as const);
}

export async function shown(page: Page, view: string): Promise<void> {
  await page.click(`#tab-${view}`);
}

// The JSON of a result section, as Copy as JSON would give it.
export async function pageJson(page: Page, id: string): Promise<any> {
  const text = await page.locator(`[data-json="${id}"]`).first().textContent();
  return JSON.parse(text ?? "null");
}

export async function setTime(page: Page, iso: string): Promise<void> {
  await page.fill("#at", iso);
}
