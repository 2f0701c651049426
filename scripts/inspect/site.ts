// The inspect page's files at run time, without the build tools: the page is compiled once per core
// (scripts/inspect/build.ts, esbuild) into build/inspect-page/, stamped with the SHA-256 of the core
// it embeds; `migtd inspect` copies it and adds preload.js. The compiled CLI (build/cli) carries no
// esbuild, so a missing or stale page is built by running the builder through tsx.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { defaultCorePath, repoRoot } from "../host/library.ts";

export const PAGE_FILES = ["index.html", "style.css", "app.js"];
export const STAMP = "core.sha256";

export function corePath(): string {
  return process.env.MIGTD_CORE ?? defaultCorePath;
}

export function coreDigest(path = corePath()): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

export function pageIsFresh(dir: string, core = corePath()): boolean {
  if (!existsSync(core)) return false;
  if (!PAGE_FILES.every((f) => existsSync(join(dir, f))) || !existsSync(join(dir, STAMP))) return false;
  return readFileSync(join(dir, STAMP), "utf8").trim() === coreDigest(core);
}

// build/inspect-page/, built now when missing or made from another core.
export async function ensurePage(): Promise<string> {
  const dir = join(repoRoot, "build", "inspect-page");
  const core = corePath();
  if (!existsSync(core)) throw new Error(`${core} not found: build the core first (make core)`);
  if (pageIsFresh(dir, core)) return dir;
  const builder = join(repoRoot, "scripts", "inspect", "build.ts");
  if (!existsSync(builder)) throw new Error(`the inspect page is not built (${dir}) and its sources are not here`);
  // Built beside and swapped in whole: a concurrent run sees the old page or the new one.
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    // Running from the TypeScript sources (tsx loaded): import the builder directly. The path is
    // computed so that bundling the CLI leaves the build tools out.
    const mod = await import(pathToFileURL(builder).href);
    await mod.buildInspectPage({ outDir: tmp, corePath: core });
  } catch {
    const r = spawnSync(process.execPath, ["--import", "tsx", builder, tmp], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, MIGTD_CORE: core } });
    if (r.status !== 0) throw new Error(`building the inspect page failed: ${(r.stderr || r.stdout).trim()}`);
  }
  const old = `${dir}.old-${process.pid}`;
  try { renameSync(dir, old); } catch { /* first build */ }
  try {
    renameSync(tmp, dir);
  } catch (e) {
    if (!pageIsFresh(dir, core)) throw e; // another run swapped in the same page first
  }
  rmSync(tmp, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
  if (!pageIsFresh(dir, core)) throw new Error(`building the inspect page did not produce ${dir}`);
  return dir;
}

// preload.js: files for the page to open on start (base64, in the order given).
export function preloadScript(files: string[]): string {
  const items = files.map((f) => ({ name: basename(f), b64: readFileSync(f).toString("base64") }));
  return `window.MIGTD_PRELOAD = ${JSON.stringify(items)};\n`;
}

// A complete site in `outDir`: the page plus preload.js.
export function writeSite(pageDir: string, outDir: string, preload: string[]): void {
  mkdirSync(outDir, { recursive: true });
  for (const f of PAGE_FILES) copyFileSync(join(pageDir, f), join(outDir, f));
  writeFileSync(join(outDir, "preload.js"), preloadScript(preload));
}
