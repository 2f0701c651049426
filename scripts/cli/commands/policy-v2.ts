// Signed policy v2 (spec migtd.md §3.4-3.5) for `migtd policy check` and `migtd policy eval`: the
// core reads and verifies the file (assembly/policy_v2/); this prints what it found.
import { inputError, ok, rejected, UsageError, type Io, type Outcome } from "../command.ts";
import { readInput, type Args } from "../args.ts";
import { sharedCore } from "../../host/library.ts";

// A v2 file has a top-level "policyData" (v1 files have "policy"); trailing NULs (CFV padding)
// are ignored as the core ignores them.
export function isPolicyV2(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  try {
    const doc = JSON.parse(Buffer.from(bytes.subarray(0, end)).toString("utf8"));
    return typeof doc === "object" && doc !== null && !Array.isArray(doc) && "policyData" in doc;
  } catch {
    return false;
  }
}

interface V2Rule { path: string; section: string; name: string; operation: string; reference: unknown }
interface V2Check {
  valid: boolean; code: number; error?: string; path?: string; message?: string;
  policy?: {
    id: string; policySvn: number; signatureChecked: boolean; policyDataBytes: number; signer?: string; root?: string;
    mrOwner?: string; mrOwnerConfig: string; collateralRoot: string; platforms: number; pckCrlNum: number; rootCaCrlNum: number;
    servtdIdentityId: string; servtdTcbLevels: number; servtdTcbMappingId: string; servtdTcbMappings: number;
    policy: V2Rule[]; forwardPolicy: V2Rule[]; backwardPolicy: V2Rule[];
  };
}

// A v2 file that is not the §3.4 shape is an input error (2), as an invalid v1 policy is; a
// well-formed one whose signature, chain or embedded collateral does not verify is a rejection (1).
const isInputError = (error: string | undefined) => error === "InvalidPolicy" || error === "InvalidParameter";

export function checkV2(file: string, bytes: Uint8Array, chainPath: string | undefined, io: Io): Outcome {
  const chain = chainPath !== undefined ? readInput(chainPath, "issuer chain") : new Uint8Array(0);
  const r = sharedCore().callJson<V2Check>("policy_v2_check", bytes, chain);
  const result = { file, format: "v2", ...r };
  if (!r.valid) {
    io.out(`${file}: INVALID signed policy v2 (MigTD: InvalidPolicyError, code ${r.code}): ${r.error}`);
    io.out(`  ${r.path ? r.path + ": " : ""}${r.message}`);
    const message = `policy '${file}': ${r.path ? r.path + ": " : ""}${r.message}; MigTD would report InvalidPolicyError (${r.code})`;
    if (isInputError(r.error)) return inputError(result, r.error!, message, file, r.path || undefined);
    return rejected(result, r.error!, message);
  }
  const p = r.policy!;
  const sig = p.signatureChecked ? `signature OK (signer '${p.signer}', root '${p.root}')` : "signature NOT checked (give --issuer-chain)";
  io.out(`${file}: valid signed policy v2 ${p.id}, policySvn ${p.policySvn}, ${sig}`);
  io.out(`  collaterals: ${p.platforms} platform(s), root '${p.collateralRoot}', PCK CRL #${p.pckCrlNum}, root CA CRL #${p.rootCaCrlNum}`);
  io.out(`  servtd: identity ${p.servtdIdentityId} (${p.servtdTcbLevels} TCB level(s)), TCB mapping ${p.servtdTcbMappingId} (${p.servtdTcbMappings} build(s))`);
  if (p.mrOwner) io.out(`  a MigTD enrolled with it must be created with\n    MROWNER       ${p.mrOwner}\n    MROWNERCONFIG ${p.mrOwnerConfig}`);
  for (const [name, rules] of [["policy", p.policy], ["forwardPolicy (source checks destination)", p.forwardPolicy], ["backwardPolicy (destination checks source)", p.backwardPolicy]] as const) {
    if (rules.length === 0) continue;
    io.out(`  ${name}:`);
    for (const rule of rules) io.out(`    ${rule.section}.${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
  }
  return ok(result);
}

interface V2Verdict {
  accepted: boolean; code: number; error: string; message: string; failedRule: string; inputError: boolean; role: string;
  policyId: string; policySvn: number; peerPolicySvn: number; self?: Record<string, unknown>; peer?: Record<string, unknown>;
  rules: { path: string; name: string; operation: string; reference: string; local: string; peer: string; result: string; note: string; decisive: boolean }[];
  warnings: string[];
}

// `policy eval` for a v2 policy. The peer's policy and chain default to ours (a fleet on one policy).
export function evalV2(a: Args, policy: Uint8Array, local: Uint8Array, peer: Uint8Array, isSrc: boolean, io: Io): Outcome {
  const chainPath = a.values.get("--issuer-chain");
  if (chainPath === undefined) throw new UsageError("a v2 policy is evaluated only with its signature checked: give --issuer-chain");
  const chain = readInput(chainPath, "issuer chain");
  const peerPolicy = a.values.has("--peer-policy") ? readInput(a.values.get("--peer-policy")!, "peer policy") : policy;
  const peerChain = a.values.has("--peer-issuer-chain") ? readInput(a.values.get("--peer-issuer-chain")!, "peer issuer chain") : chain;
  const v = sharedCore().callJson<V2Verdict>("policy_v2_evaluate", policy, chain, local, peer, peerPolicy, peerChain, isSrc ? 1 : 0);
  if (v.accepted) io.out(`verdict: ACCEPTED (this MigTD as ${v.role}, policy ${v.policyId} svn ${v.policySvn}, peer policy svn ${v.peerPolicySvn})`);
  else {
    io.out(`verdict: REJECTED: code ${v.code}, ${v.error}${v.inputError ? " (input error)" : ""}`);
    if (v.failedRule) io.out(`first failing rule: ${v.failedRule}`);
    io.out(`  ${v.message}`);
  }
  if (v.peer) io.out(`peer evaluation info: ${JSON.stringify(v.peer)}`);
  if (v.self) io.out(`self evaluation info: ${JSON.stringify(v.self)}`);
  if (v.rules.length > 0) io.out("rules (in evaluation order; * = decisive):");
  for (const r of v.rules) {
    const mark = `${r.result.toUpperCase()}${r.decisive ? "*" : ""}`.padEnd(8);
    io.out(`  ${mark} ${r.path}${r.operation ? `  ${r.operation} ${r.reference}` : ""}`);
    if (r.local || r.peer) io.out(`           local ${r.local || "-"}\n           peer  ${r.peer || "-"}`);
    if (r.note) io.out(`           ${r.note}`);
  }
  for (const w of v.warnings) io.out(`warning: ${w}`);
  if (v.accepted) return ok(v);
  // A policy that fails its signature or issuer checks is a rejection (as MigTD rejects it); a
  // malformed policy or an unusable report is an input error, as for v1.
  if (isInputError(v.error)) return inputError(v, v.error, v.message);
  return rejected(v, v.error, v.message);
}
