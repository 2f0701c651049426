// Writes the rendered memory map: shim/gen/layout.{inc,h,ld} and scripts/image/gen/layout.ts.
// `--check` exits 1 when a committed file differs from what the source renders to.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadMemoryMap } from "./memory-map.ts";
import { renderC, renderLd, renderNasm, renderTs } from "./render-layout.ts";

const root = join(import.meta.dirname, "..", "..");
export function renderedLayoutFiles(): Record<string, string> {
  const map = loadMemoryMap();
  return {
    "shim/gen/layout.inc": renderNasm(map),
    "shim/gen/layout.h": renderC(map),
    "shim/gen/layout.ld": renderLd(map),
    "scripts/image/gen/layout.ts": renderTs(map),
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [rel, text] of Object.entries(renderedLayoutFiles())) {
    const path = join(root, rel);
    const old = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (old === text) continue;
    if (check) { console.error(`stale: ${rel}`); stale++; continue; }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${rel}`);
  }
  process.exitCode = stale ? 1 : 0;
}
