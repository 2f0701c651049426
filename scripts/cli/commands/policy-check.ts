// `migtd policy check <policy.json>`: reads a migration policy exactly as MigTD does (the core's
// parser). A v1 policy is then checked against config/policy.schema.json; a signed v2 policy is
// verified against its issuer chain (policy-v2.ts). Lists the rules and warnings.
import { ok, UsageError, type Command, type Outcome } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { judgePolicy } from "./policy-common.ts";
import { checkV2, isPolicyV2 } from "./policy-v2.ts";

const usage = `usage: migtd policy check <policy.json> [--issuer-chain <chain.pem>] [--json]

Reads a MigTD migration policy the way MigTD reads it. v1 (spec migtd.md §3.1) is then validated
against config/policy.schema.json (stricter: unknown keys and names are errors). A signed v2
policy (§3.4, {"policyData", "signature"}) is verified: the signature over the exact policyData
bytes against the issuer chain, the ServTD identity and TCB mapping against their own chains,
and the embedded collateral is read.

  --issuer-chain  v2: the policy issuer chain PEM (leaf first) to verify the signature with;
                  without it only the structure and the ServTD collateral are checked

exit: 0 valid, 2 invalid (MigTD would report InvalidPolicyError, code 9, or the schema refuses
it; the error names the file and the field) or usage error. A v1 policy is an input, not a
verdict, so it never gives 1; a well-formed v2 policy whose signature, issuer chain or embedded
collateral does not verify is a rejection, 1, with the reason.`;

export const command: Command = {
  name: "policy check",
  usage,
  async run(args, io): Promise<Outcome> {
    const a = parseArgs(args, ["--issuer-chain"], []);
    if (a.positional.length !== 1) throw new UsageError("expected exactly one policy file");
    const file = a.positional[0];
    const bytes = readInput(file, "policy");
    if (isPolicyV2(bytes)) return checkV2(file, bytes, a.values.get("--issuer-chain"), io);
    if (a.values.has("--issuer-chain")) throw new UsageError("--issuer-chain applies to signed v2 policies only");
    const j = judgePolicy(bytes, file);
    const result = { file, format: "v1", valid: j.error === null, policy: j.parsed.policy ?? null, schemaErrors: j.schema };
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
