// `migtd policy check <policy.json>`: reads a migration policy v1 exactly as MigTD does (the core's
// parser), then checks it against config/policy.schema.json, and lists its rules and warnings.
import { ok, UsageError, type Command, type Outcome } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { judgePolicy } from "./policy-common.ts";

const usage = `usage: migtd policy check <policy.json> [--json]

Reads a MigTD migration policy (v1 format, spec migtd.md §3.1) the way MigTD reads it, then
validates it against config/policy.schema.json (stricter: unknown keys and names are errors).

exit: 0 valid, 2 invalid (MigTD would report InvalidPolicyError, code 9, or the schema refuses
it; the error names the file and the field) or usage error. A policy is an input, not a verdict,
so this command never exits 1.`;

export const command: Command = {
  name: "policy check",
  usage,
  async run(args, io): Promise<Outcome> {
    const a = parseArgs(args, [], []);
    if (a.positional.length !== 1) throw new UsageError("expected exactly one policy file");
    const file = a.positional[0];
    const bytes = readInput(file, "policy");
    const j = judgePolicy(bytes, file);
    const result = { file, valid: j.error === null, policy: j.parsed.policy ?? null, schemaErrors: j.schema };
    if (j.error) {
      io.out(`${file}: INVALID policy`);
      for (const e of j.schema) io.out(`  schema: ${e.field}: ${e.message}`);
      return { exit: 2, result, error: j.error };
    }
    const p = j.parsed.policy!;
    io.out(`${file}: valid policy ${p.id}, ${p.blocks.length} block(s)`);
    for (const b of p.blocks) {
      io.out(`  ${b.path} ${b.kind}${b.fmspc !== undefined ? ` fmspc=${b.fmspc}` : ""}`);
      for (const rule of b.properties) io.out(`    ${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
      if (b.eventLog) for (const rule of b.eventLog) io.out(`    EventLog ${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
    }
    if (p.warnings.length > 0) io.out("warnings:", ...p.warnings.map((w) => `  - ${w}`));
    return ok(result);
  },
};
