// `migtd image`: the CLI twin of `make image` (scripts/image/build.ts).
import { execFileSync } from "node:child_process";
import { EXIT_OK, UsageError, type Command } from "../command.ts";
import { REPO, buildImageFiles } from "../../image/build.ts";

const usage = `usage: migtd image [--policy <json>] [--root-ca <der>] [--servtd-info <json>] [--interface service|raw] [-o <file>]

Builds the firmware parts with make (reset vector, shim, payload) and assembles a 16 MiB
migtd.bin with Intel MigTD's address map, enrolling the policy (default config/policy.json) and
the SGX root CA (default: Intel's production root CA shipped by @phala/dcap-qvl) into its config
volume. Also writes <file>.servtd_info_hash (hex). Default output build/migtd.bin.
--interface raw builds the core for the GHCI 1.5 MigTD leaf (vmcall-raw) instead of the Service
VMCALL (docs/host-interfaces.md); its payload, MRTD and SERVTD_HASH_INFO differ. Default output
then build/migtd-raw.bin.

exit: 0 built, 2 usage or input error`;

export const command: Command = {
  name: "image",
  summary: "build migtd.bin (like make image) with a chosen policy and root CA",
  usage,
  async run(args) {
    const o = { policy: `${REPO}/config/policy.json`, rootCa: undefined as string | undefined, manifest: undefined as string | undefined, out: "", iface: "service" };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      const v = args[++i];
      if (a === "--policy") o.policy = v;
      else if (a === "--root-ca") o.rootCa = v;
      else if (a === "--servtd-info") o.manifest = v;
      else if (a === "-o" || a === "--out") o.out = v;
      else if (a === "--interface") o.iface = v;
      else throw new UsageError(`unknown option ${a}`);
    }
    if (o.iface !== "service" && o.iface !== "raw") throw new UsageError(`--interface must be service or raw, not '${o.iface}'`);
    const raw = o.iface === "raw";
    o.out ||= `${REPO}/build/${raw ? "migtd-raw.bin" : "migtd.bin"}`;
    execFileSync("make", ["-s", "-C", REPO, "firmware-parts", ...(raw ? ["INTERFACE=raw"] : [])], { stdio: "inherit" });
    const fw = `${REPO}/build/fw`;
    const r = buildImageFiles({
      resetVector: `${fw}/resetvector.bin`, shim: `${fw}/shim.elf`, payload: `${fw}/${raw ? "payload-raw.elf" : "payload.elf"}`,
      policy: o.policy, rootCa: o.rootCa, manifest: o.manifest, out: o.out,
    });
    console.log(`${o.out}: SERVTD_HASH_INFO ${r.servtdHashInfo.toString("hex")}`);
    return EXIT_OK;
  },
};
