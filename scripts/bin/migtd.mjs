#!/usr/bin/env node
// `migtd` command-line entry. Runs the compiled CLI (build/cli/migtd.mjs, made by
// scripts/cli/build.mjs at build and pack time), which needs no dependency at all. In a source
// checkout where that build is missing or older than a source it was made from, it runs the
// TypeScript sources through tsx instead, and says so on stderr.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const compiled = join(root, "build", "cli", "migtd.mjs");

function staleSource() {
  if (!existsSync(compiled)) return "build/cli is missing";
  if (!existsSync(join(root, "scripts", "cli", "main.ts"))) return null; // an installed package: no sources
  const built = statSync(compiled).mtimeMs;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, "build", "cli", "inputs.json"), "utf8"));
  } catch {
    return "build/cli/inputs.json is missing";
  }
  for (const f of inputs) {
    try {
      if (statSync(join(root, f)).mtimeMs > built) return `${f} is newer than build/cli`;
    } catch {
      return `${f} is gone`;
    }
  }
  return null;
}

const why = process.env.MIGTD_CLI_SOURCES ? "MIGTD_CLI_SOURCES is set" : staleSource();
let main;
if (why === null) {
  ({ main } = await import(compiled));
} else {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write(`migtd: ${why} and tsx is not installed: run 'npm run build:cli'\n`);
    process.exit(2);
  }
  if (!process.env.MIGTD_CLI_SOURCES) process.stderr.write(`migtd: note: ${why}; running the TypeScript sources (npm run build:cli)\n`);
  register();
  ({ main } = await import("../cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
