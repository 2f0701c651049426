// `migtd policy check <policy.json>`: reads a migration policy v1 exactly as MigTD does (the core's
// parser), then checks it against config/policy.schema.json, and lists its rules and warnings.
import { EXIT_OK, EXIT_REJECTED, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { schemaErrors } from "./policy-common.ts";
import { checkV2, isPolicyV2 } from "./policy-v2.ts";

const usage = `usage: migtd policy check <policy.json> [--issuer-chain <chain.pem>] [--json]

Reads a MigTD migration policy the way MigTD reads it. v1 (spec migtd.md §3.1) is then validated
against config/policy.schema.json (stricter: unknown keys and names are errors). A signed v2
policy (§3.4, {"policyData", "signature"}) is verified: the signature over the exact policyData
bytes against the issuer chain, the ServTD identity and TCB mapping against their own chains,
and the embedded collateral is read.

  --issuer-chain  v2: the policy issuer chain PEM (leaf first) to verify the signature with;
                  without it only the structure and the ServTD collateral are checked
  --json          print the result as JSON

Exit status: 0 valid, 1 invalid (MigTD would report InvalidPolicyError, code 9, or the schema
refuses it), 2 usage or unreadable file.`;

interface CheckResult {
  valid: boolean;
  code: number;
  key?: string;
  message?: string;
  policy?: { id: string; blocks: { path: string; kind: string; fmspc?: string; properties: Rule[]; eventLog?: Rule[] | null }[]; warnings: string[] };
}
interface Rule { path: string; name: string; operation: string; reference: unknown }

export const command: Command = {
  name: "policy check",
  summary: "validate a migration policy (v1, or signed v2 with its issuer chain) and list its rules",
  usage,
  async run(args) {
    const a = parseArgs(args, ["--issuer-chain"], ["--json"]);
    if (a.positional.length !== 1) throw new UsageError("expected exactly one policy file");
    const file = a.positional[0];
    const bytes = readInput(file, "policy");
    if (isPolicyV2(bytes)) return checkV2(file, bytes, a.values.get("--issuer-chain"), a.flags.has("--json"));
    if (a.values.has("--issuer-chain")) throw new UsageError("--issuer-chain applies to signed v2 policies only");
    const r = sharedCore().callJson<CheckResult>("policy_check", bytes);
    const schema = r.valid ? schemaErrors(bytes) : [];
    const ok = r.valid && schema.length === 0;
    if (a.flags.has("--json")) {
      console.log(JSON.stringify({ file, ...r, schemaErrors: schema, valid: ok }, null, 2));
      return ok ? EXIT_OK : EXIT_REJECTED;
    }
    if (!r.valid) {
      console.log(`${file}: INVALID policy (MigTD: InvalidPolicyError, code 9)`);
      console.log(`  ${r.message}`);
      return EXIT_REJECTED;
    }
    const p = r.policy!;
    console.log(`${file}: ${ok ? "valid" : "INVALID (schema)"} policy ${p.id}, ${p.blocks.length} block(s)`);
    for (const b of p.blocks) {
      console.log(`  ${b.path} ${b.kind}${b.fmspc !== undefined ? ` fmspc=${b.fmspc}` : ""}`);
      for (const rule of b.properties) console.log(`    ${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
      if (b.eventLog) for (const rule of b.eventLog) console.log(`    EventLog ${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
    }
    for (const e of schema) console.log(`  schema: ${e}`);
    if (p.warnings.length > 0) {
      console.log("warnings:");
      for (const w of p.warnings) console.log(`  - ${w}`);
    }
    return ok ? EXIT_OK : EXIT_REJECTED;
  },
};
