// What a config volume enrolls (migtd.md 5.1-5.2), decided as the firmware decides it
// (firmware/common/cfv.c cfv_trust_anchor): the policy plus either the SGX root CA (a V1 MigTD)
// or the policy issuer chain (a V2 MigTD); both, or neither, is refused.
import { findCfvFile } from "./cfv.ts";
import { GUID } from "./guid.ts";

export type CfvEnrollment =
  | { version: 1; policy: Buffer; rootCa: Buffer }
  | { version: 2; policy: Buffer; issuerChain: Buffer };

// On plain bytes, no Node dependency (the inspect page reads images with it): the enrolled files
// and version, or why the firmware would refuse the volume.
export type CfvFiles = { version: 1 | 2; policy: Uint8Array; anchor: Uint8Array } | { error: string };

export function cfvFilesOf(cfv: Uint8Array): CfvFiles {
  const policy = findCfvFile(cfv, GUID.cfvPolicy);
  const rootCa = findCfvFile(cfv, GUID.cfvRootCa);
  const issuerChain = findCfvFile(cfv, GUID.cfvIssuerChain);
  if (!policy) return { error: "the config volume holds no policy" };
  if (rootCa && issuerChain) return { error: "the config volume holds both a root CA (V1) and a policy issuer chain (V2); the firmware refuses it" };
  if (issuerChain) return { version: 2, policy, anchor: issuerChain };
  if (rootCa) return { version: 1, policy, anchor: rootCa };
  return { error: "the config volume holds neither a root CA nor a policy issuer chain" };
}

export function cfvEnrollment(cfv: Buffer): CfvEnrollment {
  const f = cfvFilesOf(cfv);
  if ("error" in f) throw new Error(f.error);
  const b = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return f.version === 2 ? { version: 2, policy: b(f.policy), issuerChain: b(f.anchor) } : { version: 1, policy: b(f.policy), rootCa: b(f.anchor) };
}

// The CFV files of an enrollment, in the order the image builder writes them.
export function cfvFiles(e: CfvEnrollment): { guid: string; data: Buffer }[] {
  return e.version === 2
    ? [{ guid: GUID.cfvPolicy, data: e.policy }, { guid: GUID.cfvIssuerChain, data: e.issuerChain }]
    : [{ guid: GUID.cfvPolicy, data: e.policy }, { guid: GUID.cfvRootCa, data: e.rootCa }];
}

// policyData.version of a signed policy v2, which the V2 policy event records as its data
// (shim/src/policy-version.c finds the same member); "" when absent or not a string. One case
// differs: a version written with JSON escapes, which the shim does not decode and records as
// "" (event data only; the digest, over the whole file, is the same either way).
export function policyV2Version(policy: Uint8Array): string {
  try {
    let end = policy.length;
    while (end > 0 && policy[end - 1] === 0) end--;
    const doc = JSON.parse(new TextDecoder().decode(policy.subarray(0, end)));
    const v = doc?.policyData?.version;
    return typeof v === "string" && new TextEncoder().encode(v).length <= 32 && !/[\\"]/.test(v) ? v : "";
  } catch {
    return "";
  }
}
