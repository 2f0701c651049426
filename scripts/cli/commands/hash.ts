// `migtd hash`: MRTD, RTMRs and SERVTD_HASH_INFO of a migtd.bin, offline (scripts/image/hash.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { EXIT_OK, UsageError, type Command } from "../command.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { imageHashes } from "../../image/hash.ts";
import { parseManifest } from "../../image/servtd.ts";
import { imageInterface } from "../../image/interface.ts";

const usage = `usage: migtd hash --image <migtd.bin> [--servtd-info <json>] [-o <file>] [--verbose]

Computes the image's MRTD from its TDX metadata as the TDX module does (TDH.MEM.PAGE.ADD and
TDH.MR.EXTEND per section, migtd.md 4), the RTMRs its boot produces (RTMR0/1: td-shim's
separators; RTMR2: the policy and root CA enrolled in its config volume; RTMR3: zero), and
SERVTD_HASH_INFO = SHA-384(TDINFO_STRUCT) with attributes, xfam, mrconfigid, mrowner and
mrownerconfig from the manifest (default config/servtd_info.json).

Prints SERVTD_HASH_INFO as hex; with -o writes its 48 bytes to <file> instead. --verbose also
prints MRTD, RTMR0..3 and the host interface the image's core speaks (vmcall-service or
vmcall-raw, docs/host-interfaces.md).

exit: 0 ok, 2 usage or input error`;

export const command: Command = {
  name: "hash",
  summary: "MRTD and SERVTD_HASH_INFO of a firmware image, offline",
  usage,
  async run(args) {
    let image: string | undefined, manifest = DEFAULT_MANIFEST, out: string | undefined, verbose = false;
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
      else throw new UsageError(`unknown option ${a}`);
    }
    if (!image) throw new UsageError("--image is required");
    const bytes = readFileSync(image);
    const h = imageHashes(bytes, parseManifest(readFileSync(manifest, "utf8")));
    if (verbose) {
      console.log(`host interface ${imageInterface(bytes)}`);
      console.log(`MRTD  ${h.mrtd.toString("hex")}`);
      h.rtmr.forEach((r, i) => console.log(`RTMR${i} ${r.toString("hex")}`));
    }
    if (out) writeFileSync(out, h.servtdHashInfo);
    else console.log(verbose ? `SERVTD_HASH_INFO ${h.servtdHashInfo.toString("hex")}` : h.servtdHashInfo.toString("hex"));
    return EXIT_OK;
  },
};
