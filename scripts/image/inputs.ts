// The image build's inputs, each validated before anything is written: a policy the core's own
// parser and config/policy.schema.json accept, a root CA that is exactly one DER X.509
// certificate, a SERVTD manifest with well-formed fields. Every problem is an InputError naming the
// file (and the field when there is one), so `make image` fails with exit 2 and says where.
import { X509Certificate } from "node:crypto";
import { InputError } from "../cli/command.ts";
import { parseJsonText, readInput } from "../cli/args.ts";
import { judgePolicy } from "../cli/commands/policy-common.ts";
import { intelRootCaDer } from "./root-ca.ts";
import { type ServtdManifest, parseManifest } from "./servtd.ts";
import { isPolicyV2 } from "../cli/commands/policy-v2.ts";
import { loadPolicyV2, type PolicyV2Input } from "./policy-v2-input.ts";

export interface Inputs {
  policy: Buffer; policyId: string;
  rootCa: Buffer; rootCaSubject: string;
  manifest: ServtdManifest;
}

// A DER SEQUENCE's total length from its header, or -1 when the header is not one.
function derLength(b: Buffer): number {
  if (b.length < 2 || b[0] !== 0x30) return -1;
  const first = b[1];
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return -1;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
  return 2 + n + len;
}

export function validateRootCa(der: Buffer, file: string): string {
  if (der.subarray(0, 64).toString("latin1").includes("-----BEGIN")) {
    const count = (der.toString("latin1").match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
    throw new InputError(`root CA '${file}': is PEM${count > 1 ? ` with ${count} certificates (a chain)` : ""}; give exactly one DER certificate (openssl x509 -in ${file} -outform der)`, file);
  }
  const len = derLength(der);
  if (len < 0) throw new InputError(`root CA '${file}': not a DER certificate (no SEQUENCE header)`, file);
  if (len !== der.length) {
    throw new InputError(`root CA '${file}': the certificate is ${len} bytes but the file has ${der.length}: exactly one DER certificate, nothing after it`, file);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw new InputError(`root CA '${file}': not an X.509 certificate (${(e as Error).message})`, file);
  }
  if (!cert.ca) throw new InputError(`root CA '${file}': ${cert.subject.replace(/\n/g, ", ")} is not a CA certificate`, file, "basicConstraints");
  return cert.subject.replace(/\n/g, ", ");
}

export function loadManifest(file: string): ServtdManifest {
  const text = readInput(file, "SERVTD manifest").toString("utf8");
  parseJsonText(text, file, "SERVTD manifest");
  try {
    return parseManifest(text);
  } catch (e) {
    const field = /manifest: (\w+)/.exec((e as Error).message)?.[1];
    throw new InputError(`SERVTD manifest '${file}': ${(e as Error).message.replace(/^manifest: /, "")}`, file, field);
  }
}

export function loadPolicy(file: string): { bytes: Buffer; id: string } {
  const bytes = readInput(file, "policy");
  if (isPolicyV2(bytes)) {
    throw new InputError(`policy '${file}': is a signed policy v2: enroll it with POLICY_V2= and POLICY_ISSUER_CHAIN= (make) / --policy-v2 and --issuer-chain (migtd image)`, file);
  }
  const j = judgePolicy(bytes, file);
  if (j.error) throw new InputError(j.error.message, file, j.error.field);
  return { bytes, id: j.parsed.policy!.id };
}

// All inputs, in the order an operator would fix them.
export function loadInputs(o: { policy: string; rootCa?: string; manifest: string }): Inputs {
  const p = loadPolicy(o.policy);
  const rootCa = o.rootCa !== undefined ? readInput(o.rootCa, "root CA") : intelRootCaDer();
  const rootCaSubject = validateRootCa(rootCa, o.rootCa ?? "(Intel production root from @phala/dcap-qvl)");
  return { policy: p.bytes, policyId: p.id, rootCa, rootCaSubject, manifest: loadManifest(o.manifest) };
}

export interface InputsV2 { policy: PolicyV2Input; manifest: ServtdManifest }

// A V2 image's inputs: the manifest's MROWNER/MROWNERCONFIG give way to those the policy requires.
export function loadInputsV2(o: { policyV2: string; issuerChain: string; manifest: string }): InputsV2 {
  const policy = loadPolicyV2(o.policyV2, o.issuerChain);
  const manifest = loadManifest(o.manifest);
  manifest.mrowner = policy.owner.mrowner;
  manifest.mrownerconfig = policy.owner.mrownerconfig;
  return { policy, manifest };
}
