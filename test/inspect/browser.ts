// A real browser for the inspect page tests: Debian's chromium driven by playwright-core, both
// optional. playwright-core is loaded from $PLAYWRIGHT_CORE (a path to the package, for a private
// install outside the repository) or else by its package name; when it or /usr/bin/chromium is
// absent the suites skip with one message saying which.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = process.env.MIGTD_CHROMIUM ?? "/usr/bin/chromium";

type Playwright = typeof import("playwright-core");
type BrowserContext = import("playwright-core").BrowserContext;

async function loadPlaywright(): Promise<Playwright | string> {
  const spec = process.env.PLAYWRIGHT_CORE;
  try {
    if (spec) {
      const entry = existsSync(join(spec, "index.mjs")) ? join(spec, "index.mjs") : join(spec, "index.js");
      return (await import(pathToFileURL(entry).href)) as Playwright;
    }
    const name = "playwright-core";
    return (await import(/* @vite-ignore */ name)) as Playwright;
  } catch (e) {
    return `playwright-core not found (${spec ? `PLAYWRIGHT_CORE=${spec}` : "not in node_modules; set PLAYWRIGHT_CORE to a private install"}): ${(e as Error).message.split("\n")[0]}`;
  }
}

// Why the browser suites cannot run here, or null when they can.
export const browserUnavailable: string | null = await (async () => {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found (apt-get install chromium)`;
  const pw = await loadPlaywright();
  return typeof pw === "string" ? pw : null;
})();

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

// Headless chromium with a fresh profile and everything that would phone home turned off.
export async function launch(): Promise<Browser> {
  const pw = await loadPlaywright();
  if (typeof pw === "string") throw new Error(pw);
  const profile = mkdtempSync(join(tmpdir(), "migtd-chromium-"));
  const context = await pw.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
