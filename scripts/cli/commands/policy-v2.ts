// Signed policy v2 (spec migtd.md §3.4-3.5) for `migtd policy check` and `migtd policy eval`: the
// core reads and verifies the file (assembly/policy_v2/); this prints what it found.
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError } from "../command.ts";
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

export function checkV2(file: string, bytes: Uint8Array, chainPath: string | undefined, json: boolean): number {
  const chain = chainPath !== undefined ? readInput(chainPath, "issuer chain") : new Uint8Array(0);
  const r = sharedCore().callJson<V2Check>("policy_v2_check", bytes, chain);
  if (json) {
    console.log(JSON.stringify({ file, format: "v2", ...r }, null, 2));
    return r.valid ? EXIT_OK : EXIT_REJECTED;
  }
  if (!r.valid) {
    console.log(`${file}: INVALID signed policy v2 (MigTD: InvalidPolicyError, code ${r.code}): ${r.error}`);
    console.log(`  ${r.path ? r.path + ": " : ""}${r.message}`);
    return EXIT_REJECTED;
  }
  const p = r.policy!;
  const sig = p.signatureChecked ? `signature OK (signer '${p.signer}', root '${p.root}')` : "signature NOT checked (give --issuer-chain)";
  console.log(`${file}: valid signed policy v2 ${p.id}, policySvn ${p.policySvn}, ${sig}`);
  console.log(`  collaterals: ${p.platforms} platform(s), root '${p.collateralRoot}', PCK CRL #${p.pckCrlNum}, root CA CRL #${p.rootCaCrlNum}`);
  console.log(`  servtd: identity ${p.servtdIdentityId} (${p.servtdTcbLevels} TCB level(s)), TCB mapping ${p.servtdTcbMappingId} (${p.servtdTcbMappings} build(s))`);
  if (p.mrOwner) console.log(`  a MigTD enrolled with it must be created with\n    MROWNER       ${p.mrOwner}\n    MROWNERCONFIG ${p.mrOwnerConfig}`);
  for (const [name, rules] of [["policy", p.policy], ["forwardPolicy (source checks destination)", p.forwardPolicy], ["backwardPolicy (destination checks source)", p.backwardPolicy]] as const) {
    if (rules.length === 0) continue;
    console.log(`  ${name}:`);
    for (const rule of rules) console.log(`    ${rule.section}.${rule.name}: ${rule.operation} ${JSON.stringify(rule.reference)}`);
  }
  return EXIT_OK;
}

interface V2Verdict {
  accepted: boolean; code: number; error: string; message: string; failedRule: string; inputError: boolean; role: string;
  policyId: string; policySvn: number; peerPolicySvn: number; self?: Record<string, unknown>; peer?: Record<string, unknown>;
  rules: { path: string; name: string; operation: string; reference: string; local: string; peer: string; result: string; note: string; decisive: boolean }[];
  warnings: string[];
}

// `policy eval` for a v2 policy. The peer's policy and chain default to ours (a fleet on one policy).
export function evalV2(a: Args, policy: Uint8Array, local: Uint8Array, peer: Uint8Array, isSrc: boolean, json: boolean): number {
  const chainPath = a.values.get("--issuer-chain");
  if (chainPath === undefined) throw new UsageError("a v2 policy is evaluated only with its signature checked: give --issuer-chain");
  const chain = readInput(chainPath, "issuer chain");
  const peerPolicy = a.values.has("--peer-policy") ? readInput(a.values.get("--peer-policy")!, "peer policy") : policy;
  const peerChain = a.values.has("--peer-issuer-chain") ? readInput(a.values.get("--peer-issuer-chain")!, "peer issuer chain") : chain;
  const v = sharedCore().callJson<V2Verdict>("policy_v2_evaluate", policy, chain, local, peer, peerPolicy, peerChain, isSrc ? 1 : 0);
  if (json) console.log(JSON.stringify(v, null, 2));
  else {
    if (v.accepted) console.log(`verdict: ACCEPTED (this MigTD as ${v.role}, policy ${v.policyId} svn ${v.policySvn}, peer policy svn ${v.peerPolicySvn})`);
    else {
      console.log(`verdict: REJECTED: code ${v.code}, ${v.error}${v.inputError ? " (input error)" : ""}`);
      if (v.failedRule) console.log(`first failing rule: ${v.failedRule}`);
      console.log(`  ${v.message}`);
    }
    if (v.peer) console.log(`peer evaluation info: ${JSON.stringify(v.peer)}`);
    if (v.self) console.log(`self evaluation info: ${JSON.stringify(v.self)}`);
    if (v.rules.length > 0) console.log("rules (in evaluation order; * = decisive):");
    for (const r of v.rules) {
      const mark = `${r.result.toUpperCase()}${r.decisive ? "*" : ""}`.padEnd(8);
      console.log(`  ${mark} ${r.path}${r.operation ? `  ${r.operation} ${r.reference}` : ""}`);
      if (r.local || r.peer) console.log(`           local ${r.local || "-"}\n           peer  ${r.peer || "-"}`);
      if (r.note) console.log(`           ${r.note}`);
    }
    for (const w of v.warnings) console.log(`warning: ${w}`);
  }
  if (v.accepted) return EXIT_OK;
  // A policy that fails its signature or issuer checks is a rejection (as MigTD rejects it), not
  // a usage error; only unusable reports are.
  return v.error === "InvalidParameter" ? EXIT_USAGE : EXIT_REJECTED;
}
