// `migtd hash`: MRTD, RTMRs and SERVTD_HASH_INFO of a migtd.bin, offline (scripts/image/hash.ts).
import { writeFileSync } from "node:fs";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { imageHashes } from "../../image/hash.ts";
import { loadManifest } from "../../image/inputs.ts";
import { imageInterface } from "../../image/interface.ts";

const usage = `usage: migtd hash --image <migtd.bin> [--servtd-info <json>] [-o <file>] [--verbose] [--json]

Computes the image's MRTD from its TDX metadata as the TDX module does (TDH.MEM.PAGE.ADD and
TDH.MR.EXTEND per section, migtd.md 4), the RTMRs its boot produces (RTMR0/1: td-shim's
separators; RTMR2: the policy and root CA enrolled in its config volume; RTMR3: zero), and
SERVTD_HASH_INFO = SHA-384(TDINFO_STRUCT) with attributes, xfam, mrconfigid, mrowner and
mrownerconfig from the manifest (default config/servtd_info.json).

Prints SERVTD_HASH_INFO as hex; with -o writes its 48 bytes to <file> instead. --verbose also
prints MRTD, RTMR0..3 and the host interface the image's core speaks (vmcall-service or
vmcall-raw, docs/host-interfaces.md).

exit: 0 ok, 2 usage or input error (e.g. not a MigTD image)`;

export function hashImage(image: string, manifest: string) {
  const bytes = readInput(image, "image");
  const m = loadManifest(manifest);
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
    const p = parseArgs(args, ["--image", "--servtd-info", "-o", "--out"], ["--verbose", "-v"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const image = p.values.get("--image");
    if (!image) throw new UsageError("--image is required");
    const out = p.values.get("-o") ?? p.values.get("--out");
    const h = hashImage(image, p.values.get("--servtd-info") ?? DEFAULT_MANIFEST);
    const verbose = p.flags.has("--verbose") || p.flags.has("-v");
    if (verbose) io.out(`host interface ${h.hostInterface}`, `MRTD  ${h.mrtd.toString("hex")}`, ...h.rtmr.map((r, i) => `RTMR${i} ${r.toString("hex")}`));
    if (out) writeFileSync(out, h.servtdHashInfo);
    else io.out(verbose ? `SERVTD_HASH_INFO ${h.servtdHashInfo.toString("hex")}` : h.servtdHashInfo.toString("hex"));
    return ok({ image, hostInterface: h.hostInterface, mrtd: h.mrtd.toString("hex"), rtmr: h.rtmr.map((r) => r.toString("hex")), servtdHashInfo: h.servtdHashInfo.toString("hex"), written: out ?? null });
  },
};
