// Shared helpers of the attestation commands (quote verify, report, eventlog): argument parsing,
// input files, the core library and the default Intel root.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { UsageError } from "../command.ts";
import { CoreLibrary } from "../../host/library.ts";

export interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

// `--name value` for options in `withValue`, `--flag` otherwise; anything unknown is a usage error.
export function parseArgs(args: string[], withValue: string[], flags: string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      if (withValue.includes(a)) {
        if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
        options.set(a, args[++i]);
      } else if (flags.includes(a)) {
        options.set(a, true);
      } else {
        throw new UsageError(`unknown option ${a}`);
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, options };
}

export function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${(e as Error).message}`);
  }
}

// Intel's production SGX root CA (DER) as shipped by @phala/dcap-qvl (src/constants.js,
// TRUSTED_ROOT_CA_DER), read at run time so the CLI and the build use the same bytes.
export function intelProductionRoot(): Buffer {
  const require = createRequire(import.meta.url);
  const qvl = require("@phala/dcap-qvl") as { constants: { TRUSTED_ROOT_CA_DER: Buffer } };
  return Buffer.from(qvl.constants.TRUSTED_ROOT_CA_DER);
}

// ISO-8601 instant -> Unix seconds.
export function parseInstant(s: string): bigint {
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(ms)) throw new UsageError(`--at expects an ISO-8601 time, got '${s}'`);
  return BigInt(Math.floor(ms / 1000));
}

let lib: CoreLibrary | undefined;
export function core(): CoreLibrary {
  lib ??= CoreLibrary.load(process.env.MIGTD_CORE ?? undefined);
  return lib;
}
