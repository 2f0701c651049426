// `migtd hash`: MRTD, RTMRs and SERVTD_HASH_INFO of a migtd.bin, offline (scripts/image/hash.ts).
import { writeFileSync } from "node:fs";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { imageHashes } from "../../image/hash.ts";
import { loadManifest } from "../../image/inputs.ts";
import { imageInterface } from "../../image/interface.ts";
import { sharedCore } from "../../host/library.ts";

export interface OwnerFields { mrowner: Buffer; mrownerconfig: Buffer }

// The owner fields a v2 policy requires (the core computes them while verifying the policy
// against its issuer chain). A policy that does not verify cannot give them: an input error.
function v2Owner(policyFile: string, chainFile: string): OwnerFields {
  const policy = readInput(policyFile, "policy v2");
  const chain = readInput(chainFile, "issuer chain");
  const r = sharedCore().callJson<{ valid: boolean; error?: string; path?: string; message?: string; policy?: { mrOwner?: string; mrOwnerConfig: string } }>(
    "policy_v2_check", policy, chain);
  if (!r.valid) throw new InputError(`policy v2 '${policyFile}' does not verify against '${chainFile}': ${r.error}: ${r.path ? r.path + ": " : ""}${r.message}`, policyFile, r.path || undefined);
  if (!r.policy!.mrOwner) throw new InputError(`policy v2 '${policyFile}': no signer key to derive MROWNER from`, policyFile);
  return { mrowner: Buffer.from(r.policy!.mrOwner, "hex"), mrownerconfig: Buffer.from(r.policy!.mrOwnerConfig, "hex") };
}

const usage = `usage: migtd hash --image <migtd.bin> [--servtd-info <json>] [-o <file>] [--verbose] [--json]
                 [--policy-v2 <signed policy> --issuer-chain <pem>]

Computes the image's MRTD from its TDX metadata as the TDX module does (TDH.MEM.PAGE.ADD and
TDH.MR.EXTEND per section, migtd.md 4), the RTMRs its boot produces (RTMR0/1: td-shim's
separators; RTMR2: the policy and root CA enrolled in its config volume; RTMR3: zero), and
SERVTD_HASH_INFO = SHA-384(TDINFO_STRUCT) with attributes, xfam, mrconfigid, mrowner and
mrownerconfig from the manifest (default config/servtd_info.json).

With --policy-v2, MROWNER and MROWNERCONFIG are those a v2 MigTD must be created with (spec
§3.5: SHA-384 of the policy signer's key; policySvn as u32 LE + 44 zero bytes), replacing the
manifest's; the policy must verify against --issuer-chain.

Prints SERVTD_HASH_INFO as hex; with -o writes its 48 bytes to <file> instead. --verbose also
prints MRTD, RTMR0..3 and the host interface the image's core speaks (vmcall-service or
vmcall-raw, docs/host-interfaces.md).

exit: 0 ok, 2 usage or input error (e.g. not a MigTD image)`;

// `owner`: MROWNER / MROWNERCONFIG replacing the manifest's (a v2 MigTD's, from its policy).
export function hashImage(image: string, manifest: string, owner?: OwnerFields) {
  const bytes = readInput(image, "image");
  const m = loadManifest(manifest);
  if (owner) { m.mrowner = owner.mrowner; m.mrownerconfig = owner.mrownerconfig; }
  try {
    return { ...imageHashes(bytes, m), hostInterface: imageInterface(bytes) };
  } catch (e) {
    throw new InputError(`image '${image}': ${(e as Error).message}`, image);
  }
}

export const command: Command = {
  name: "hash",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--image", "--servtd-info", "-o", "--out", "--policy-v2", "--issuer-chain"], ["--verbose", "-v"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const image = p.values.get("--image");
    if (!image) throw new UsageError("--image is required");
    const out = p.values.get("-o") ?? p.values.get("--out");
    const policyV2 = p.values.get("--policy-v2");
    const chain = p.values.get("--issuer-chain");
    if (policyV2 === undefined && chain !== undefined) throw new UsageError("--issuer-chain goes with --policy-v2");
    if (policyV2 !== undefined && chain === undefined) throw new UsageError("--policy-v2 needs --issuer-chain");
    const owner = policyV2 !== undefined ? v2Owner(policyV2, chain!) : undefined;
    const h = hashImage(image, p.values.get("--servtd-info") ?? DEFAULT_MANIFEST, owner);
    const verbose = p.flags.has("--verbose") || p.flags.has("-v");
    if (verbose && owner) io.out(`MROWNER ${owner.mrowner.toString("hex")}`, `MROWNERCONFIG ${owner.mrownerconfig.toString("hex")}`);
    if (verbose) io.out(`host interface ${h.hostInterface}`, `MRTD  ${h.mrtd.toString("hex")}`, ...h.rtmr.map((r, i) => `RTMR${i} ${r.toString("hex")}`));
    if (out) writeFileSync(out, h.servtdHashInfo);
    else io.out(verbose ? `SERVTD_HASH_INFO ${h.servtdHashInfo.toString("hex")}` : h.servtdHashInfo.toString("hex"));
    return ok({ image, hostInterface: h.hostInterface, mrtd: h.mrtd.toString("hex"), rtmr: h.rtmr.map((r) => r.toString("hex")), servtdHashInfo: h.servtdHashInfo.toString("hex"), written: out ?? null,
      ...(owner ? { mrowner: owner.mrowner.toString("hex"), mrownerconfig: owner.mrownerconfig.toString("hex") } : {}) });
  },
};
