// `migtd` dispatcher: finds the longest command name matching the arguments, runs it, and turns
// its outcome into the exit status and (with --json) the versioned envelope.
import { EXIT_RULE, EXIT_USAGE, InputError, UsageError, type ErrorInfo, type Io, type Outcome } from "./command.ts";
import { COMMANDS, type Entry } from "./registry.ts";
import { envelope } from "./envelope.ts";
import { versionInfo } from "./version.ts";

function help(entries: Entry[], group?: string): string {
  const head = group
    ? `usage: migtd ${group} <command> [options]   (migtd ${group} <command> --help for details)`
    : "usage: migtd <command> [options]   (migtd <command> --help for details)\n       migtd --version [--json]";
  const width = Math.max(...entries.map((e) => e.name.length)) + 2;
  const lines = [head, "", "commands:", ...entries.map((e) => `  ${e.name.padEnd(width)}${e.summary}`), "",
    "  --json   on any command: one JSON document on stdout (config/cli-envelope.schema.json)", "", EXIT_RULE];
  return lines.join("\n");
}

// A write to a closed pipe (`migtd ... | head -1`) must not crash: further output is dropped and
// the command still ends with its own exit status. Node ignores SIGPIPE itself.
function guardPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      s.write = (() => true) as typeof s.write;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  guardPipes();
  const json = argv.includes("--json");
  const words = argv.filter((a) => a !== "--json");
  const print = (s: string) => process.stdout.write(s + "\n");
  if (words[0] === "--version" || words[0] === "-V") {
    const v = versionInfo();
    print(json ? envelope("version", { exit: 0, result: v }) : `migtd ${v.version} (core ${v.core.id ?? "not found"}${v.core.path ? `, ${v.core.path}` : ""})`);
    return 0;
  }
  if (words.length === 0 || words[0] === "--help" || words[0] === "-h" || words[0] === "help") {
    print(help(COMMANDS));
    return words.length === 0 ? EXIT_USAGE : 0;
  }
  const match = COMMANDS.filter((c) => c.name.split(" ").every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!match) {
    // A group word alone (`migtd policy --help`) lists the group; anything else is unknown.
    const group = COMMANDS.filter((c) => c.name.split(" ").length > 1 && c.name.startsWith(words[0] + " "));
    const wantsHelp = words.length === 1 || (words.length === 2 && (words[1] === "--help" || words[1] === "-h"));
    if (group.length > 0 && wantsHelp) {
      print(help(group, words[0]));
      return words.length === 1 ? EXIT_USAGE : 0;
    }
    const message = `unknown command '${words.join(" ")}'`;
    if (json) print(envelope(words.join(" "), { exit: EXIT_USAGE, result: null, error: { code: "UsageError", message } }));
    process.stderr.write(`migtd: ${message}\n\n${help(group.length > 0 ? group : COMMANDS, group.length > 0 ? words[0] : undefined)}\n`);
    return EXIT_USAGE;
  }
  const rest = words.slice(match.name.split(" ").length);
  const command = await match.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    print(`${command.usage}\n\n${EXIT_RULE}`);
    return 0;
  }
  const io: Io = { json, out: (...lines) => { if (!json) for (const l of lines) print(l); } };
  let outcome: Outcome;
  let reported = false;
  try {
    outcome = await command.run(rest, io);
  } catch (e) {
    // node:util parseArgs reports bad options with ERR_PARSE_ARGS_* codes.
    const usageError = e instanceof UsageError || String((e as NodeJS.ErrnoException).code ?? "").startsWith("ERR_PARSE_ARGS");
    const error: ErrorInfo = usageError ? { code: "UsageError", message: (e as Error).message }
      : e instanceof InputError ? { code: "InputError", message: e.message, ...(e.file ? { file: e.file } : {}), ...(e.field ? { field: e.field } : {}) }
      : { code: "InputError", message: (e as Error).message };
    outcome = { exit: EXIT_USAGE, result: null, error };
    if (!usageError && !(e instanceof InputError) && process.env.MIGTD_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.stderr.write(`migtd ${match.name}: ${error.message}\n${usageError ? `\n${command.usage}\n` : ""}`);
    reported = true;
  }
  if (json) print(envelope(match.name, outcome));
  else if (!reported && outcome.exit === EXIT_USAGE && outcome.error) {
    // Input errors the command found itself (e.g. the core's QuoteMalformed) go to stderr too.
    process.stderr.write(`migtd ${match.name}: ${outcome.error.message}\n`);
  }
  return outcome.exit;
}
