// Library test modules: test/wasm/<name>.ts -> build/test/<name>.wasm. `make test-wasm` builds
// them; a suite run alone builds its module here when it is missing or older than any source
// under assembly/ or the module's own entry file.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");

function newestSource(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

// The path of build/test/<name>.wasm, (re)built first when stale.
export function ensureTestWasm(name: string): string {
  const wasm = join(ROOT, "build/test", `${name}.wasm`);
  const entry = `test/wasm/${name}.ts`;
  const srcs = Math.max(newestSource(join(ROOT, "assembly")), statSync(join(ROOT, entry)).mtimeMs);
  if (existsSync(wasm) && statSync(wasm).mtimeMs >= srcs) return wasm;
  mkdirSync(join(ROOT, "build/test"), { recursive: true });
  // Built under a private name and renamed, so parallel suites never load a half-written module.
  const tmp = `${wasm}.${process.pid}.tmp`;
  execFileSync(join(ROOT, "node_modules/.bin/asc"), [entry, "--config", "test/wasm/asconfig.json", "-o", tmp], { cwd: ROOT });
  renameSync(tmp, wasm);
  return wasm;
}
