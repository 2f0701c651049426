// The inputs of a V2 image (`make image POLICY_V2= POLICY_ISSUER_CHAIN=`, `migtd image
// --policy-v2 --issuer-chain`): a signed policy v2 that the core's own verifier accepts with the
// issuer chain (migtd.md 3.4), so an image that the MigTD inside would refuse is never built.
// Also what a V2 MigTD must be created with (3.5): MROWNER = SHA-384(signer key), MROWNERCONFIG
// = policySvn as u32 LE + 44 zero bytes, as the core computes them while verifying.
import { InputError } from "../cli/command.ts";
import { readInput } from "../cli/args.ts";
import { isPolicyV2 } from "../cli/commands/policy-v2.ts";
import { sharedCore } from "../host/library.ts";

export interface OwnerFields { mrowner: Buffer; mrownerconfig: Buffer }

export interface PolicyV2Input {
  policy: Buffer; issuerChain: Buffer;
  id: string; policySvn: number; signer: string; root: string;
  owner: OwnerFields;
}

interface V2Check {
  valid: boolean; error?: string; path?: string; message?: string;
  policy?: { id: string; policySvn: number; signatureChecked: boolean; signer?: string; root?: string; mrOwner?: string; mrOwnerConfig: string };
}

const isPem = (b: Uint8Array) => Buffer.from(b.subarray(0, 64)).toString("latin1").includes("-----BEGIN CERTIFICATE-----");

// Verifies bytes already read; `policyName` / `chainName` say where they came from in errors.
export function verifyPolicyV2(policy: Buffer, issuerChain: Buffer, policyName: string, chainName: string): PolicyV2Input {
  if (!isPolicyV2(policy)) {
    const v1 = (() => { try { return "policy" in JSON.parse(policy.toString("utf8")); } catch { return false; } })();
    throw new InputError(v1
      ? `policy v2 '${policyName}': is a v1 policy (top-level "policy", no "policyData"): enroll it with POLICY= / --policy and a root CA, or give a signed policy v2`
      : `policy v2 '${policyName}': not a signed policy v2 (a JSON object with "policyData" and "signature", migtd.md 3.4)`, policyName);
  }
  if (!isPem(issuerChain)) {
    throw new InputError(`issuer chain '${chainName}': not a PEM certificate chain (the policy signer's certificate first, then its issuers)`, chainName);
  }
  const r = sharedCore().callJson<V2Check>("policy_v2_check", policy, issuerChain);
  if (!r.valid) {
    throw new InputError(`policy v2 '${policyName}' does not verify with issuer chain '${chainName}': ${r.error}: ${r.path ? r.path + ": " : ""}${r.message}; the MigTD would refuse it (InvalidPolicyError, 9)`,
      policyName, r.path || undefined);
  }
  const p = r.policy!;
  if (!p.signatureChecked || !p.mrOwner) throw new InputError(`policy v2 '${policyName}': its signature was not checked against '${chainName}'`, policyName);
  return {
    policy, issuerChain, id: p.id, policySvn: p.policySvn, signer: p.signer ?? "", root: p.root ?? "",
    owner: { mrowner: Buffer.from(p.mrOwner, "hex"), mrownerconfig: Buffer.from(p.mrOwnerConfig, "hex") },
  };
}

export function loadPolicyV2(policyFile: string, chainFile: string): PolicyV2Input {
  return verifyPolicyV2(readInput(policyFile, "policy v2"), readInput(chainFile, "issuer chain"), policyFile, chainFile);
}
