// Running `migtd` in tests: in-process through a command module (fast, for many cases), or as a
// child process through scripts/bin/migtd.mjs (as a user would), and the compiled build the bin
// prefers. Also the envelope schema validator every --json result is checked with.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import type { Command, Io, Outcome } from "../../scripts/cli/command.ts";

export const REPO = resolve(import.meta.dirname, "..", "..");
export const BIN = join(REPO, "scripts", "bin", "migtd.mjs");

// A command's outcome and its text lines, without a process.
export async function runIn(cmd: Command, args: string[], json = false): Promise<Outcome & { lines: string[] }> {
  const lines: string[] = [];
  const io: Io = { json, out: (...l) => { if (!json) lines.push(...l); } };
  const o = await cmd.run(args, io);
  return { ...o, lines };
}

// Compiles the CLI (scripts/cli/build.mjs) when its build is missing or stale, so the bin runs
// build/cli, as an installed package does.
export function buildCli(): void {
  execFileSync(process.execPath, [join(REPO, "scripts", "cli", "build.mjs"), "--if-stale"], { stdio: "pipe", timeout: 60_000 });
}

export interface Run { code: number | null; out: string; err: string }
export function migtd(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}): Run {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], { encoding: "utf8", timeout: 90_000, cwd: opts.cwd, env: opts.env ?? process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const envelopeSchema = JSON.parse(readFileSync(join(REPO, "config", "cli-envelope.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true }).compile(envelopeSchema);

// Parses stdout as one envelope and checks it against the schema; returns it.
export function envelopeOf(r: Run): any {
  let doc: unknown;
  try {
    doc = JSON.parse(r.out);
  } catch {
    throw new Error(`stdout is not one JSON document:\n${r.out}\nstderr:\n${r.err}`);
  }
  if (!validate(doc)) throw new Error(`envelope does not match config/cli-envelope.schema.json: ${JSON.stringify(validate.errors)}\n${r.out}`);
  return doc;
}
