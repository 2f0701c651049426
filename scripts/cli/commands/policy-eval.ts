// `migtd policy eval`: evaluates a peer MigTD's verified report (and event log) against a policy as
// the local MigTD would (spec migtd.md §3.3), explaining every rule's verdict.
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { schemaErrors } from "./policy-common.ts";
import { evalV2, isPolicyV2 } from "./policy-v2.ts";

const usage = `usage: migtd policy eval --policy <policy.json> --local <report> --peer <report>
                        [--local-eventlog <ccel>] [--peer-eventlog <ccel>]
                        [--role source|destination] [--no-schema] [--json]
                        v2: --issuer-chain <pem> [--peer-policy <file>] [--peer-issuer-chain <pem>]

Evaluates the peer against the policy as this (local) MigTD does. Reports are 822-byte verified
reports (spec migtd.md §2.6); event logs are CCEL binaries (§5.3), needed when the policy has
EventLog rules.

  --role       this MigTD's role (default source): decides the direction of "self" comparisons
               (the destination must be at least as new as the source)
  --no-schema  skip config/policy.schema.json and judge the policy only as MigTD does
  --json       print the verdict and every rule as JSON

Signed v2 policies (spec §3.4-3.5) are recognised by their "policyData": the policy is verified
with --issuer-chain; the peer's signed policy and chain (default: ours) are verified and must come
from the same policy PKI (§2.5 V2); the reports give the evaluation info of both sides.

Exit status: 0 accepted, 1 rejected (PolicyUnsatisfiedError, code 8), 2 usage or input error
(including an invalid policy: InvalidPolicyError, code 9).`;

interface Rule {
  path: string; section: string; name: string; operation: string; reference: unknown;
  local: string; peer: string; result: string; note: string; decisive: boolean;
}
interface Verdict {
  accepted: boolean; code: number; error: string; message: string; failedRule: string;
  inputError: boolean; role: string; policyId: string; rules: Rule[]; warnings: string[];
}

const none = new Uint8Array(0);

export const command: Command = {
  name: "policy eval",
  summary: "evaluate a peer's verified report against a policy, rule by rule",
  usage,
  async run(args) {
    const a = parseArgs(args,
      ["--policy", "--local", "--peer", "--local-eventlog", "--peer-eventlog", "--role", "--issuer-chain", "--peer-policy", "--peer-issuer-chain"],
      ["--json", "--no-schema"]);
    if (a.positional.length > 0) throw new UsageError(`unexpected argument '${a.positional[0]}'`);
    for (const req of ["--policy", "--local", "--peer"]) if (!a.values.has(req)) throw new UsageError(`${req} is required`);
    const role = a.values.get("--role") ?? "source";
    if (role !== "source" && role !== "destination") throw new UsageError("--role is source or destination");
    const policy = readInput(a.values.get("--policy")!, "policy");
    const local = readInput(a.values.get("--local")!, "local report");
    const peer = readInput(a.values.get("--peer")!, "peer report");
    const localLog = a.values.has("--local-eventlog") ? readInput(a.values.get("--local-eventlog")!, "local event log") : none;
    const peerLog = a.values.has("--peer-eventlog") ? readInput(a.values.get("--peer-eventlog")!, "peer event log") : none;
    const json = a.flags.has("--json");
    if (isPolicyV2(policy)) return evalV2(a, policy, local, peer, role === "source", json);

    const parsed = sharedCore().callJson<{ valid: boolean }>("policy_check", policy);
    const schema = parsed.valid && !a.flags.has("--no-schema") ? schemaErrors(policy) : [];
    if (schema.length > 0) {
      if (json) console.log(JSON.stringify({ accepted: false, error: "SchemaViolation", schemaErrors: schema }, null, 2));
      else {
        console.log("policy does not match config/policy.schema.json (use --no-schema to judge it as MigTD does):");
        for (const e of schema) console.log(`  ${e}`);
      }
      return EXIT_USAGE;
    }
    const v = sharedCore().callJson<Verdict>("policy_evaluate", policy, local, peer, localLog, peerLog, role === "source" ? 1 : 0);
    if (json) console.log(JSON.stringify(v, null, 2));
    else print(v);
    if (v.accepted) return EXIT_OK;
    return v.inputError || v.error === "InvalidPolicy" ? EXIT_USAGE : EXIT_REJECTED;
  },
};

function print(v: Verdict): void {
  if (v.accepted) {
    console.log(`verdict: ACCEPTED (this MigTD as ${v.role}, policy ${v.policyId})`);
  } else {
    const name = v.code === 9 ? "InvalidPolicyError" : "PolicyUnsatisfiedError";
    console.log(`verdict: REJECTED: ${name} (${v.code}), ${v.error}${v.inputError ? " (input error)" : ""}`);
    if (v.failedRule) console.log(`first failing rule: ${v.failedRule}`);
    console.log(`  ${v.message}`);
  }
  if (v.rules.length > 0) console.log("rules (in MigTD's evaluation order; * = decisive):");
  for (const r of v.rules) {
    const mark = `${r.result.toUpperCase()}${r.decisive ? "*" : ""}`.padEnd(13);
    console.log(`  ${mark} ${r.path}  ${r.operation} ${JSON.stringify(r.reference)}`);
    if (r.local || r.peer) console.log(`                local ${r.local || "-"}\n                peer  ${r.peer || "-"}`);
    if (r.note) console.log(`                ${r.note}`);
  }
  if (v.warnings.length > 0) {
    console.log("policy warnings:");
    for (const w of v.warnings) console.log(`  - ${w}`);
  }
}
