// `migtd hash`: MRTD, RTMRs and SERVTD_HASH_INFO of a migtd.bin, offline (scripts/image/hash.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { EXIT_OK, UsageError, type Command } from "../command.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { imageHashes } from "../../image/hash.ts";
import { parseManifest } from "../../image/servtd.ts";
import { sharedCore } from "../../host/library.ts";

// The owner fields a v2 policy requires (the core computes them while verifying the policy).
function v2Owner(policy: Uint8Array, chain: Uint8Array): { mrowner: Buffer; mrownerconfig: Buffer } {
  const r = sharedCore().callJson<{ valid: boolean; message?: string; policy?: { mrOwner: string; mrOwnerConfig: string } }>("policy_v2_check", policy, chain);
  if (!r.valid) throw new UsageError(`--policy-v2 does not verify: ${r.message}`);
  return { mrowner: Buffer.from(r.policy!.mrOwner, "hex"), mrownerconfig: Buffer.from(r.policy!.mrOwnerConfig, "hex") };
}

const usage = `usage: migtd hash --image <migtd.bin> [--servtd-info <json>] [-o <file>] [--verbose]
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
prints MRTD and RTMR0..3.

exit: 0 ok, 2 usage or input error`;

export const command: Command = {
  name: "hash",
  summary: "MRTD and SERVTD_HASH_INFO of a firmware image, offline",
  usage,
  async run(args) {
    let image: string | undefined, manifest = DEFAULT_MANIFEST, out: string | undefined, verbose = false;
    let policyV2: string | undefined, issuerChain: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value = () => {
        if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
        return args[++i];
      };
      if (a === "--image") image = value();
      else if (a === "--servtd-info") manifest = value();
      else if (a === "-o" || a === "--out") out = value();
      else if (a === "--verbose" || a === "-v") verbose = true;
      else if (a === "--policy-v2") policyV2 = value();
      else if (a === "--issuer-chain") issuerChain = value();
      else throw new UsageError(`unknown option ${a}`);
    }
    if (!image) throw new UsageError("--image is required");
    const m = parseManifest(readFileSync(manifest, "utf8"));
    if (policyV2 !== undefined) {
      if (issuerChain === undefined) throw new UsageError("--policy-v2 needs --issuer-chain");
      const owner = v2Owner(readFileSync(policyV2), readFileSync(issuerChain));
      m.mrowner = owner.mrowner;
      m.mrownerconfig = owner.mrownerconfig;
      if (verbose) console.log(`MROWNER ${m.mrowner.toString("hex")}\nMROWNERCONFIG ${m.mrownerconfig.toString("hex")}`);
    }
    const h = imageHashes(readFileSync(image), m);
    if (verbose) {
      console.log(`MRTD  ${h.mrtd.toString("hex")}`);
      h.rtmr.forEach((r, i) => console.log(`RTMR${i} ${r.toString("hex")}`));
    }
    if (out) writeFileSync(out, h.servtdHashInfo);
    else console.log(verbose ? `SERVTD_HASH_INFO ${h.servtdHashInfo.toString("hex")}` : h.servtdHashInfo.toString("hex"));
    return EXIT_OK;
  },
};
