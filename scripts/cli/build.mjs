#!/usr/bin/env node
// Compiles the `migtd` CLI (scripts/cli/main.ts and everything it imports, npm packages included)
// to plain ESM JavaScript in build/cli/, so the installed tool needs neither tsx nor any
// dependency at run time. Commands stay lazily loaded (code splitting): `--help` parses only the
// dispatcher. build/cli/inputs.json lists the sources, so scripts/bin/migtd.mjs can tell a stale
// build in a checkout. Runs in ~0.2 s; `npm pack` runs it (prepack).
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
const out = join(root, "build", "cli");
const tmp = `${out}.tmp-${process.pid}`;

// A package without the core could only print help: refuse to pack one.
if (process.argv.includes("--pack") && !existsSync(join(root, "build", "migtd-core.wasm"))) {
  console.error("npm pack: build/migtd-core.wasm is missing (MIGTD_SKIP_DEPS=1 make core)");
  process.exit(2);
}

// --if-stale (and --pack): nothing to do when build/cli is newer than every source it was made from (tests
// call this concurrently).
if (process.argv.includes("--if-stale") || process.argv.includes("--pack")) {
  try {
    const built = statSync(join(out, "migtd.mjs")).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(out, "inputs.json"), "utf8"));
    if (inputs.every((f) => statSync(join(root, f)).mtimeMs <= built)) process.exit(0);
  } catch { /* missing or incomplete: build */ }
}

const result = await build({
  entryPoints: [join(root, "scripts", "cli", "main.ts")],
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  metafile: true,
  logLevel: "warning",
  // CommonJS dependencies (ajv, @phala/dcap-qvl) call require() for Node built-ins; an ESM bundle
  // has no require of its own.
  banner: { js: 'import { createRequire as __migtdRequire } from "node:module"; const require = __migtdRequire(import.meta.url);' },
  entryNames: "migtd",
  chunkNames: "[name]-[hash]", // beside migtd.mjs: modules find the package root two levels up
  outExtension: { ".js": ".mjs" },
});
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes("node_modules")).sort();
writeFileSync(join(tmp, "inputs.json"), JSON.stringify(inputs, null, 1) + "\n");
// Swap in the whole directory at once: a CLI started meanwhile sees the old or the new build.
mkdirSync(join(root, "build"), { recursive: true });
rmSync(`${out}.old`, { recursive: true, force: true });
try { renameSync(out, `${out}.old`); } catch { /* first build */ }
try {
  renameSync(tmp, out);
} catch (e) {
  // Another build of the same sources got there first: keep its output.
  if (!existsSync(join(out, "migtd.mjs"))) throw e;
  rmSync(tmp, { recursive: true, force: true });
}
rmSync(`${out}.old`, { recursive: true, force: true });
