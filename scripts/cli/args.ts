// Argument and input handling shared by the sub-commands: `--name value` options and input files
// whose errors name the file (never a raw `ENOENT ... open`).
import { readFileSync } from "node:fs";
import { InputError, UsageError } from "./command.ts";

export interface Args {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

// `--name value` for options in `withValue`, `--flag` for those in `flags`; any other `-…` is a
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
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`unknown option ${a}`);
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file", EACCES: "permission denied", EISDIR: "is a directory", ENOTDIR: "a path component is not a directory",
};

// A whole input file; an unreadable one is an InputError naming `what` and the path.
export function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new InputError(`${what} '${path}': ${REASONS[code] ?? (e as Error).message}`, path);
  }
}

// A JSON input file: a syntax error names the file and the line:column.
export function readJsonInput(path: string, what: string): unknown {
  const text = readInput(path, what).toString("utf8");
  return parseJsonText(text, path, what);
}

export function parseJsonText(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/\0+$/, ""));
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    let where = "";
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos).split("\n");
      where = ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
    }
    throw new InputError(`${what} '${path}': not valid JSON${where}`, path);
  }
}
