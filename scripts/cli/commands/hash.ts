// `migtd hash`: MRTD, RTMRs and SERVTD_HASH_INFO of a migtd.bin, offline (scripts/image/hash.ts).
import { writeFileSync } from "node:fs";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { imageHashes, type ImageHashes } from "../../image/hash.ts";
import { loadManifest } from "../../image/inputs.ts";
import { imageInterface } from "../../image/interface.ts";
import { loadPolicyV2, verifyPolicyV2, type OwnerFields } from "../../image/policy-v2-input.ts";

const usage = `usage: migtd hash --image <migtd.bin> [--servtd-info <json>] [-o <file>] [--verbose] [--json]
                 [--policy-v2 <signed policy> --issuer-chain <pem>]

Computes the image's MRTD from its TDX metadata as the TDX module does (TDH.MEM.PAGE.ADD and
TDH.MR.EXTEND per section, migtd.md 4), the RTMRs its boot produces from what its config volume
enrolls (V1: RTMR0/1 td-shim's separators, RTMR2 the policy and root CA; V2: RTMR1 also the
policy issuer chain, RTMR2 the signed policy; RTMR3: zero), and SERVTD_HASH_INFO =
SHA-384(TDINFO_STRUCT) with attributes, xfam, mrconfigid, mrowner and mrownerconfig from the
manifest (default config/servtd_info.json).

A V2 MigTD must be created with the MROWNER and MROWNERCONFIG its policy requires (spec §3.5:
SHA-384 of the policy signer's key; policySvn as u32 LE + 44 zero bytes): for an image built
with a signed policy v2 (make image POLICY_V2=...) they come from the enrolled policy, verified
against the enrolled issuer chain, replacing the manifest's. --policy-v2 with --issuer-chain does
the same for any image (a V2 image must enroll that very policy and chain).

Prints SERVTD_HASH_INFO as hex; with -o writes its 48 bytes to <file> instead. --verbose also
prints MRTD, RTMR0..3 and the host interface the image's core speaks (vmcall-service or
vmcall-raw, docs/host-interfaces.md).

exit: 0 ok, 2 usage or input error (e.g. not a MigTD image)`;

// `owner`: MROWNER / MROWNERCONFIG replacing the manifest's (a v2 MigTD's, from its policy).
// A V2 image's own owner fields (from its enrolled policy) win unless `owner` is given; a given
// policy must then be the enrolled one.
export function hashImage(image: string, manifest: string, owner?: OwnerFields & { policy?: Buffer; issuerChain?: Buffer }) {
  const bytes = readInput(image, "image");
  const m = loadManifest(manifest);
  let h: ImageHashes;
  try {
    h = imageHashes(bytes, m);
  } catch (e) {
    throw new InputError(`image '${image}': ${(e as Error).message}`, image);
  }
  const e = h.enrollment;
  let fields = owner;
  if (e.version === 2) {
    if (owner?.policy && (!owner.policy.equals(e.policy) || !owner.issuerChain!.equals(e.issuerChain))) {
      throw new InputError(`image '${image}' enrolls a different signed policy or issuer chain than --policy-v2 / --issuer-chain`, image);
    }
    fields ??= verifyPolicyV2(e.policy, e.issuerChain, `${image}: enrolled policy`, `${image}: enrolled issuer chain`).owner;
  }
  if (fields) {
    m.mrowner = fields.mrowner;
    m.mrownerconfig = fields.mrownerconfig;
    h = imageHashes(bytes, m);
  }
  return { ...h, owner: fields, hostInterface: imageInterface(bytes) };
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
    const given = policyV2 !== undefined ? loadPolicyV2(policyV2, chain!) : undefined;
    const h = hashImage(image, p.values.get("--servtd-info") ?? DEFAULT_MANIFEST, given && { ...given.owner, policy: given.policy, issuerChain: given.issuerChain });
    const owner = h.owner;
    const verbose = p.flags.has("--verbose") || p.flags.has("-v");
    if (verbose && owner) io.out(`MROWNER ${owner.mrowner.toString("hex")}`, `MROWNERCONFIG ${owner.mrownerconfig.toString("hex")}`);
    if (verbose) io.out(`policy v${h.enrollment.version}`, `host interface ${h.hostInterface}`, `MRTD  ${h.mrtd.toString("hex")}`, ...h.rtmr.map((r, i) => `RTMR${i} ${r.toString("hex")}`));
    if (out) writeFileSync(out, h.servtdHashInfo);
    else io.out(verbose ? `SERVTD_HASH_INFO ${h.servtdHashInfo.toString("hex")}` : h.servtdHashInfo.toString("hex"));
    return ok({ image, policyVersion: h.enrollment.version, hostInterface: h.hostInterface, mrtd: h.mrtd.toString("hex"), rtmr: h.rtmr.map((r) => r.toString("hex")), servtdHashInfo: h.servtdHashInfo.toString("hex"), written: out ?? null,
      ...(owner ? { mrowner: owner.mrowner.toString("hex"), mrownerconfig: owner.mrownerconfig.toString("hex") } : {}) });
  },
};
