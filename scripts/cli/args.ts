// Argument and input handling shared by the sub-commands that take `--name value` options.
import { readFileSync } from "node:fs";
import { UsageError } from "./command.ts";

export interface Args {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

// `--name value` for options in `withValue`, `--flag` for those in `flags`; any other `--…` is a
// usage error, everything else is positional.
export function parseArgs(args: string[], withValue: string[], flags: string[]): Args {
  const out: Args = { positional: [], values: new Map(), flags: new Set() };
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

// A whole input file; an unreadable one is a usage error naming `what`.
export function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${(e as Error).message}`);
  }
}
