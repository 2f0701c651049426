// `migtd --version`: the package version and the build id of the core the CLI would load (first
// 12 hex digits of SHA-256 over migtd-core.wasm), so a report names exactly what judged it.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

// The package root: two levels above this module in the sources (scripts/cli) and in the
// compiled CLI (build/cli) alike.
export const packageRoot = resolve(import.meta.dirname, "..", "..");

let version: string | undefined;
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

export function corePath(): string {
  return process.env.MIGTD_CORE ?? join(packageRoot, "build", "migtd-core.wasm");
}

export function versionInfo(): { version: string; core: { path: string | null; id: string | null } } {
  const p = corePath();
  if (!existsSync(p)) return { version: packageVersion(), core: { path: null, id: null } };
  const id = "sha256:" + createHash("sha256").update(readFileSync(p)).digest("hex").slice(0, 12);
  return { version: packageVersion(), core: { path: p, id } };
}
