// `migtd image`: the CLI twin of `make image` (scripts/image/build.ts): same validation, same
// summary.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { REPO, buildImageFiles, summaryLines } from "../../image/build.ts";
import { loadInputs } from "../../image/inputs.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";

const usage = `usage: migtd image [--policy <json>] [--root-ca <der>] [--servtd-info <json>] [--interface service|raw] [-o <file>] [--json]

Validates the inputs (the policy with MigTD's own parser and config/policy.schema.json, the root CA
as exactly one DER X.509 CA certificate, the SERVTD manifest), builds the firmware parts with make
(reset vector, shim, payload) and assembles a 16 MiB migtd.bin with Intel MigTD's address map,
enrolling the policy (default config/policy.json) and the SGX root CA (default: Intel's
production root CA shipped by @phala/dcap-qvl) into its config volume. Also writes
<file>.servtd_info_hash and <dir>/migtd.servtd_info_hash (tdx-tools' name), both hex.
Default output build/migtd.bin. Prints policy id, root CA subject, MRTD, RTMR2, SERVTD_HASH_INFO.
--interface raw builds the core for the GHCI 1.5 MigTD leaf (vmcall-raw) instead of the Service
VMCALL (docs/host-interfaces.md); its payload, MRTD and SERVTD_HASH_INFO differ. Default output
then build/migtd-raw.bin.

exit: 0 built, 2 usage or input error (nothing is written)`;

export const command: Command = {
  name: "image",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--policy", "--root-ca", "--servtd-info", "--interface", "-o", "--out"], []);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const iface = p.values.get("--interface") ?? "service";
    if (iface !== "service" && iface !== "raw") throw new UsageError(`--interface must be service or raw, not '${iface}'`);
    const raw = iface === "raw";
    const o = {
      policy: p.values.get("--policy") ?? `${REPO}/config/policy.json`, rootCa: p.values.get("--root-ca"),
      manifest: p.values.get("--servtd-info") ?? DEFAULT_MANIFEST,
      out: p.values.get("-o") ?? p.values.get("--out") ?? `${REPO}/build/${raw ? "migtd-raw.bin" : "migtd.bin"}`,
    };
    loadInputs(o); // fail on a bad input before spending a build on it
    if (!existsSync(`${REPO}/Makefile`)) throw new InputError(`migtd image builds the firmware with make: it needs a source checkout (no Makefile in ${REPO})`);
    execFileSync("make", ["-s", "-C", REPO, "firmware-parts", ...(raw ? ["INTERFACE=raw"] : [])], { stdio: ["ignore", io.json ? "ignore" : "inherit", "inherit"] });
    const fw = `${REPO}/build/fw`;
    const s = buildImageFiles({ resetVector: `${fw}/resetvector.bin`, shim: `${fw}/shim.elf`, payload: `${fw}/${raw ? "payload-raw.elf" : "payload.elf"}`, ...o });
    io.out(...summaryLines(s));
    return ok(s);
  },
};
