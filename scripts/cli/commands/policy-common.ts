// Shared by `migtd policy check` and `migtd policy eval`: arguments, input files, the core library
// (the policy engine itself lives in the core: assembly/policy/) and the JSON-schema gate
// (config/policy.schema.json, stricter than MigTD about unknown keys and names).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { UsageError } from "../command.ts";
import { CoreLibrary, repoRoot } from "../../host/library.ts";

export interface PolicyArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parsePolicyArgs(args: string[], withValue: string[], flags: string[]): PolicyArgs {
  const out: PolicyArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (withValue.includes(a)) {
      if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      out.values.set(a, args[++i]);
    } else if (flags.includes(a)) {
      out.flags.add(a);
    } else if (a.startsWith("--")) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

export function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${(e as Error).message}`);
  }
}

let lib: CoreLibrary | undefined;
export function core(): CoreLibrary {
  lib ??= CoreLibrary.load(process.env.MIGTD_CORE ?? undefined);
  return lib;
}

let validator: ReturnType<Ajv["compile"]> | undefined;

// Schema problems as "path: message" lines; [] when the policy matches. `bytes` must already be
// JSON the core accepted (NUL padding is trimmed here as the core does).
export function schemaErrors(bytes: Uint8Array): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(repoRoot, "config", "policy.schema.json"), "utf8"));
    validator = new Ajv({ allErrors: true }).compile(schema);
  }
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.subarray(start, end)).toString("utf8"));
  } catch (e) {
    return [`(document): ${(e as Error).message}`];
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => {
    const extra = e.keyword === "additionalProperties" ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : "";
    return `${e.instancePath || "(top level)"}: ${e.message}${extra}`;
  });
}
