// `migtd image`: the CLI twin of `make image` (scripts/image/build.ts): same validation, same
// summary.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { REPO, buildImageFiles, summaryLines } from "../../image/build.ts";
import { loadInputs, loadInputsV2 } from "../../image/inputs.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";

const usage = `usage: migtd image [--policy <json>] [--root-ca <der>] [--servtd-info <json>] [--interface service|raw] [-o <file>] [--json]
       migtd image --policy-v2 <signed policy> --issuer-chain <pem> [--servtd-info <json>] [--interface service|raw] [-o <file>] [--json]

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

--policy-v2 with --issuer-chain builds a V2 MigTD (docs/policy.md "enroll"): the config volume
holds the signed policy v2 and its PEM issuer chain instead of a policy and root CA; the policy
must verify against the chain with MigTD's own verifier (else nothing is built). Its boot
measures the chain into RTMR1 and the policy into RTMR2, and its SERVTD_HASH_INFO carries the
MROWNER / MROWNERCONFIG the policy requires (printed). Default output build/migtd-v2.bin
(build/migtd-raw-v2.bin with --interface raw).

exit: 0 built, 2 usage or input error (nothing is written)`;

export const command: Command = {
  name: "image",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--policy", "--root-ca", "--policy-v2", "--issuer-chain", "--servtd-info", "--interface", "-o", "--out"], []);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const iface = p.values.get("--interface") ?? "service";
    if (iface !== "service" && iface !== "raw") throw new UsageError(`--interface must be service or raw, not '${iface}'`);
    const raw = iface === "raw";
    const policyV2 = p.values.get("--policy-v2");
    const issuerChain = p.values.get("--issuer-chain");
    const v2 = policyV2 !== undefined;
    if (v2 && issuerChain === undefined) throw new UsageError("--policy-v2 needs --issuer-chain <pem> (the chain its signature verifies with)");
    if (!v2 && issuerChain !== undefined) throw new UsageError("--issuer-chain goes with --policy-v2 <signed policy>");
    if (v2 && (p.values.has("--policy") || p.values.has("--root-ca"))) throw new UsageError("--policy-v2 replaces --policy and --root-ca (a V2 image enrolls the policy and its issuer chain)");
    const manifest = p.values.get("--servtd-info") ?? DEFAULT_MANIFEST;
    const name = `${raw ? "migtd-raw" : "migtd"}${v2 ? "-v2" : ""}.bin`;
    const out = p.values.get("-o") ?? p.values.get("--out") ?? `${REPO}/build/${name}`;
    const o = v2
      ? { policyV2, issuerChain, manifest, out }
      : { policy: p.values.get("--policy") ?? `${REPO}/config/policy.json`, rootCa: p.values.get("--root-ca"), manifest, out };
    // Fail on a bad input before spending a build on it.
    if (v2) loadInputsV2({ policyV2: policyV2!, issuerChain: issuerChain!, manifest });
    else loadInputs({ policy: o.policy!, rootCa: o.rootCa, manifest });
    if (!existsSync(`${REPO}/Makefile`)) throw new InputError(`migtd image builds the firmware with make: it needs a source checkout (no Makefile in ${REPO})`);
    execFileSync("make", ["-s", "-C", REPO, "firmware-parts", ...(raw ? ["INTERFACE=raw"] : [])], { stdio: ["ignore", io.json ? "ignore" : "inherit", "inherit"] });
    const fw = `${REPO}/build/fw`;
    const s = buildImageFiles({ resetVector: `${fw}/resetvector.bin`, shim: `${fw}/shim.elf`, payload: `${fw}/${raw ? "payload-raw.elf" : "payload.elf"}`, ...o });
    io.out(...summaryLines(s));
    return ok(s);
  },
};
