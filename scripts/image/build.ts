// `make image` / `migtd image`: validates every input (scripts/image/inputs.ts), builds migtd.bin
// in memory from the prebuilt parts, then writes it with its SERVTD_HASH_INFO beside it, as
// <out>.servtd_info_hash and, tdx-tools' name, <dir>/<base>.servtd_info_hash (migtd.bin ->
// migtd.servtd_info_hash), both hex. Nothing is written unless every input is good.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { buildImage } from "./image.ts";
import { imageHashes } from "./hash.ts";
import { loadInputs, loadInputsV2 } from "./inputs.ts";
import { InputError, UsageError } from "../cli/command.ts";
import { readInput } from "../cli/args.ts";

export const REPO = join(import.meta.dirname, "..", "..");
export const DEFAULT_MANIFEST = join(REPO, "config", "servtd_info.json");

// V1 (policy + root CA) or V2 (policyV2 + issuerChain): exactly one policy.
export interface BuildOptions {
  resetVector: string; shim: string; payload: string; policy?: string;
  rootCa?: string; // V1; default: Intel's production root CA from @phala/dcap-qvl
  policyV2?: string; issuerChain?: string; // V2: a signed policy v2 and the PEM chain it verifies with
  manifest?: string; out: string;
}

export interface BuildSummary {
  image: string; servtdInfoHashFiles: string[];
  policyVersion: 1 | 2;
  policyId: string; policy: string;
  rootCaSubject?: string; rootCa?: string; // V1
  issuerChain?: string; signer?: string; issuerRoot?: string; policySvn?: number; mrOwner?: string; mrOwnerConfig?: string; // V2
  mrtd: string; rtmr1: string; rtmr2: string; servtdHashInfo: string;
  payloadFileSize: number; shimSize: number;
}

// tdx-tools names the hash file after the image without its extension.
export const tdxToolsHashPath = (out: string): string =>
  join(dirname(out), basename(out).replace(/\.bin$/, "") + ".servtd_info_hash");

function writeAtomic(path: string, data: Buffer | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function buildImageFiles(o: BuildOptions): BuildSummary {
  if ((o.policy === undefined) === (o.policyV2 === undefined)) throw new UsageError("give either a v1 policy (--policy) or a signed policy v2 (--policy-v2)");
  if (o.policyV2 !== undefined && o.issuerChain === undefined) throw new UsageError("a signed policy v2 needs its issuer chain (--issuer-chain, make: POLICY_ISSUER_CHAIN=)");
  if (o.policyV2 !== undefined && o.rootCa !== undefined) throw new UsageError("a V2 image enrolls the policy issuer chain, not a root CA: drop --root-ca");
  if (o.policyV2 === undefined && o.issuerChain !== undefined) throw new UsageError("--issuer-chain goes with --policy-v2");
  const manifest = o.manifest ?? DEFAULT_MANIFEST;
  const v2 = o.policyV2 !== undefined ? loadInputsV2({ policyV2: o.policyV2, issuerChain: o.issuerChain!, manifest }) : undefined;
  const inputs = v2 ? undefined : loadInputs({ policy: o.policy!, rootCa: o.rootCa, manifest });
  const built = buildImage({
    resetVector: readInput(o.resetVector, "reset vector"),
    shimElf: readInput(o.shim, "shim"),
    payloadElf: readInput(o.payload, "payload"),
    ...(v2 ? { policy: v2.policy.policy, issuerChain: v2.policy.issuerChain } : { policy: inputs!.policy, rootCa: inputs!.rootCa }),
  });
  // A V2 MigTD is created with the owner fields its policy requires (migtd.md 3.5), so its
  // SERVTD_HASH_INFO carries those, not the manifest's.
  const h = imageHashes(built.image, v2 ? v2.manifest : inputs!.manifest);
  const hex = h.servtdHashInfo.toString("hex") + "\n";
  const hashFiles = [...new Set([`${o.out}.servtd_info_hash`, tdxToolsHashPath(o.out)])];
  writeAtomic(o.out, built.image);
  for (const f of hashFiles) writeAtomic(f, hex);
  const common = {
    image: o.out, servtdInfoHashFiles: hashFiles,
    mrtd: h.mrtd.toString("hex"), rtmr1: h.rtmr[1].toString("hex"), rtmr2: h.rtmr[2].toString("hex"), servtdHashInfo: h.servtdHashInfo.toString("hex"),
    payloadFileSize: built.payloadFileSize, shimSize: built.shimSize,
  };
  if (v2) {
    const p = v2.policy;
    return { ...common, policyVersion: 2, policyId: p.id, policy: o.policyV2!, issuerChain: o.issuerChain, signer: p.signer, issuerRoot: p.root,
      policySvn: p.policySvn, mrOwner: p.owner.mrowner.toString("hex"), mrOwnerConfig: p.owner.mrownerconfig.toString("hex") };
  }
  return { ...common, policyVersion: 1, policyId: inputs!.policyId, policy: o.policy!, rootCaSubject: inputs!.rootCaSubject, rootCa: o.rootCa ?? "(default: Intel SGX production root)" };
}

// The one summary `make image` and `migtd image` print.
export function summaryLines(s: BuildSummary): string[] {
  const enrolled = s.policyVersion === 2
    ? [
      `policy v2        ${s.policy} (id ${s.policyId}, policySvn ${s.policySvn}, signer '${s.signer}')`,
      `issuer chain     ${s.issuerChain} (root '${s.issuerRoot}')`,
      `MROWNER          ${s.mrOwner}`,
      `MROWNERCONFIG    ${s.mrOwnerConfig}`,
    ]
    : [
      `policy           ${s.policy} (id ${s.policyId})`,
      `root CA          ${s.rootCa}: ${s.rootCaSubject}`,
    ];
  return [
    `image            ${s.image}`,
    ...enrolled,
    `MRTD             ${s.mrtd}`,
    ...(s.policyVersion === 2 ? [`RTMR1            ${s.rtmr1}`] : []),
    `RTMR2            ${s.rtmr2}`,
    `SERVTD_HASH_INFO ${s.servtdHashInfo}`,
    `written          ${[s.image, ...s.servtdInfoHashFiles].join(", ")}`,
  ];
}

export function parseBuildArgs(args: string[]): BuildOptions {
  const o: Partial<BuildOptions> = {};
  const keys: Record<string, keyof BuildOptions> = {
    "--reset-vector": "resetVector", "--shim": "shim", "--payload": "payload", "--policy": "policy",
    "--root-ca": "rootCa", "--policy-v2": "policyV2", "--issuer-chain": "issuerChain",
    "--servtd-info": "manifest", "-o": "out", "--out": "out",
  };
  for (let i = 0; i < args.length; i++) {
    const k = keys[args[i]];
    if (!k || i + 1 >= args.length) throw new UsageError(`unknown or incomplete option ${args[i]}`);
    o[k] = args[++i];
  }
  for (const k of ["resetVector", "shim", "payload", "out"] as const) {
    if (!o[k]) throw new UsageError(`missing --${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
  }
  return o as BuildOptions;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    console.log(summaryLines(buildImageFiles(parseBuildArgs(process.argv.slice(2)))).join("\n"));
  } catch (e) {
    if (!(e instanceof InputError || e instanceof UsageError)) throw e;
    console.error(`make image: ${e.message}`);
    process.exitCode = 2;
  }
}
