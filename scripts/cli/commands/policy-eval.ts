// `migtd policy eval`: evaluates a peer MigTD's verified report (and event log) against a policy as
// the local MigTD would (spec migtd.md §3.3), explaining every rule's verdict.
import { EXIT_USAGE, inputError, ok, rejected, UsageError, type Command, type Io } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { judgePolicy } from "./policy-common.ts";
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
  --json       print the envelope with the verdict and every rule

Signed v2 policies (spec §3.4-3.5) are recognised by their "policyData": the policy is verified
with --issuer-chain; the peer's signed policy and chain (default: ours) are verified and must come
from the same policy PKI (§2.5 V2); the reports give the evaluation info of both sides.

exit: 0 accepted, 1 rejected (PolicyUnsatisfiedError, code 8; for v2 also a policy whose
signature or issuer chain does not verify, InvalidPolicyError, code 9), 2 usage or input error
(including an invalid policy: InvalidPolicyError, code 9, named with its file and field).`;

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
  usage,
  async run(args, io) {
    const a = parseArgs(args,
      ["--policy", "--local", "--peer", "--local-eventlog", "--peer-eventlog", "--role", "--issuer-chain", "--peer-policy", "--peer-issuer-chain"],
      ["--no-schema"]);
    if (a.positional.length > 0) throw new UsageError(`unexpected argument '${a.positional[0]}'`);
    for (const req of ["--policy", "--local", "--peer"]) if (!a.values.has(req)) throw new UsageError(`${req} is required`);
    const role = a.values.get("--role") ?? "source";
    if (role !== "source" && role !== "destination") throw new UsageError("--role is source or destination");
    const policyFile = a.values.get("--policy")!;
    const policy = readInput(policyFile, "policy");
    const local = readInput(a.values.get("--local")!, "local report");
    const peer = readInput(a.values.get("--peer")!, "peer report");
    const localLog = a.values.has("--local-eventlog") ? readInput(a.values.get("--local-eventlog")!, "local event log") : none;
    const peerLog = a.values.has("--peer-eventlog") ? readInput(a.values.get("--peer-eventlog")!, "peer event log") : none;
    if (isPolicyV2(policy)) return evalV2(a, policy, local, peer, role === "source", io);
    for (const v2 of ["--issuer-chain", "--peer-policy", "--peer-issuer-chain"]) {
      if (a.values.has(v2)) throw new UsageError(`${v2} applies to signed v2 policies only`);
    }

    const j = judgePolicy(policy, policyFile, !a.flags.has("--no-schema"));
    if (j.error) {
      if (j.schema.length > 0) io.out("policy does not match config/policy.schema.json (use --no-schema to judge it as MigTD does):", ...j.schema.map((e) => `  ${e.field}: ${e.message}`));
      return { exit: EXIT_USAGE, result: null, error: j.error };
    }
    const v = sharedCore().callJson<Verdict>("policy_evaluate", policy, local, peer, localLog, peerLog, role === "source" ? 1 : 0);
    print(v, io);
    if (v.accepted) return ok(v);
    if (v.inputError || v.error === "InvalidPolicy") return inputError(v, v.error, v.message);
    return rejected(v, v.error, v.message);
  },
};

function print(v: Verdict, io: Io): void {
  if (v.accepted) {
    io.out(`verdict: ACCEPTED (this MigTD as ${v.role}, policy ${v.policyId})`);
  } else {
    const name = v.code === 9 ? "InvalidPolicyError" : "PolicyUnsatisfiedError";
    io.out(`verdict: REJECTED: ${name} (${v.code}), ${v.error}${v.inputError ? " (input error)" : ""}`);
    if (v.failedRule) io.out(`first failing rule: ${v.failedRule}`);
    io.out(`  ${v.message}`);
  }
  if (v.rules.length > 0) io.out("rules (in MigTD's evaluation order; * = decisive):");
  for (const r of v.rules) {
    const mark = `${r.result.toUpperCase()}${r.decisive ? "*" : ""}`.padEnd(13);
    io.out(`  ${mark} ${r.path}  ${r.operation} ${JSON.stringify(r.reference)}`);
    if (r.local || r.peer) io.out(`                local ${r.local || "-"}\n                peer  ${r.peer || "-"}`);
    if (r.note) io.out(`                ${r.note}`);
  }
  if (v.warnings.length > 0) {
    io.out("policy warnings:");
    for (const w of v.warnings) io.out(`  - ${w}`);
  }
}
