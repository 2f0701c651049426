// `make image` / `migtd image`: validates every input (scripts/image/inputs.ts), builds migtd.bin
// in memory from the prebuilt parts, then writes it with its SERVTD_HASH_INFO beside it, as
// <out>.servtd_info_hash and, tdx-tools' name, <dir>/<base>.servtd_info_hash (migtd.bin ->
// migtd.servtd_info_hash), both hex. Nothing is written unless every input is good.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { buildImage } from "./image.ts";
import { imageHashes } from "./hash.ts";
import { loadInputs } from "./inputs.ts";
import { InputError, UsageError } from "../cli/command.ts";
import { readInput } from "../cli/args.ts";

export const REPO = join(import.meta.dirname, "..", "..");
export const DEFAULT_MANIFEST = join(REPO, "config", "servtd_info.json");

export interface BuildOptions {
  resetVector: string; shim: string; payload: string; policy: string;
  rootCa?: string; // default: Intel's production root CA from @phala/dcap-qvl
  manifest?: string; out: string;
}

export interface BuildSummary {
  image: string; servtdInfoHashFiles: string[];
  policyId: string; policy: string; rootCaSubject: string; rootCa: string;
  mrtd: string; rtmr2: string; servtdHashInfo: string;
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
  const inputs = loadInputs({ policy: o.policy, rootCa: o.rootCa, manifest: o.manifest ?? DEFAULT_MANIFEST });
  const built = buildImage({
    resetVector: readInput(o.resetVector, "reset vector"),
    shimElf: readInput(o.shim, "shim"),
    payloadElf: readInput(o.payload, "payload"),
    policy: inputs.policy,
    rootCa: inputs.rootCa,
  });
  const h = imageHashes(built.image, inputs.manifest);
  const hex = h.servtdHashInfo.toString("hex") + "\n";
  const hashFiles = [...new Set([`${o.out}.servtd_info_hash`, tdxToolsHashPath(o.out)])];
  writeAtomic(o.out, built.image);
  for (const f of hashFiles) writeAtomic(f, hex);
  return {
    image: o.out, servtdInfoHashFiles: hashFiles,
    policyId: inputs.policyId, policy: o.policy, rootCaSubject: inputs.rootCaSubject, rootCa: o.rootCa ?? "(default: Intel SGX production root)",
    mrtd: h.mrtd.toString("hex"), rtmr2: h.rtmr[2].toString("hex"), servtdHashInfo: h.servtdHashInfo.toString("hex"),
    payloadFileSize: built.payloadFileSize, shimSize: built.shimSize,
  };
}

// The one summary `make image` and `migtd image` print.
export function summaryLines(s: BuildSummary): string[] {
  return [
    `image            ${s.image}`,
    `policy           ${s.policy} (id ${s.policyId})`,
    `root CA          ${s.rootCa}: ${s.rootCaSubject}`,
    `MRTD             ${s.mrtd}`,
    `RTMR2            ${s.rtmr2}`,
    `SERVTD_HASH_INFO ${s.servtdHashInfo}`,
    `written          ${[s.image, ...s.servtdInfoHashFiles].join(", ")}`,
  ];
}

export function parseBuildArgs(args: string[]): BuildOptions {
  const o: Partial<BuildOptions> = {};
  const keys: Record<string, keyof BuildOptions> = {
    "--reset-vector": "resetVector", "--shim": "shim", "--payload": "payload", "--policy": "policy",
    "--root-ca": "rootCa", "--servtd-info": "manifest", "-o": "out", "--out": "out",
  };
  for (let i = 0; i < args.length; i++) {
    const k = keys[args[i]];
    if (!k || i + 1 >= args.length) throw new UsageError(`unknown or incomplete option ${args[i]}`);
    o[k] = args[++i];
  }
  for (const k of ["resetVector", "shim", "payload", "policy", "out"] as const) {
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
