// `migtd collateral bundle` / `migtd collateral fetch`: the collateral JSON `quote verify
// --collateral` (and MigTD) reads, from PCS v4 responses saved as files, or fetched from a PCCS.
import { writeFileSync } from "node:fs";
import { ok, UsageError, type Command, type Io } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { buildBundle, type BundleInputs } from "../collateral/bundle.ts";
import { fetchFromPccs } from "../collateral/pccs.ts";
import { sharedCore } from "../../host/library.ts";
import { inputError } from "../command.ts";
import { intelProductionRoot } from "./attest-common.ts";

// Whatever the source, the result goes through the core's own collateral parser before it is
// written: a bundle MigTD would refuse is an input error here.
function finish(bundle: Record<string, unknown>, out: string | undefined, io: Io) {
  const json = JSON.stringify(bundle, null, 2) + "\n";
  // An empty quote: the core parses the root, then the collateral, and stops at the quote; only
  // the collateral's parse result matters here.
  const check = sharedCore().callJson("api_quote_verify", new Uint8Array(0), intelProductionRoot(), Buffer.from(json), 0n);
  if (check.errorCode === "CollateralMalformed") return inputError(null, "CollateralMalformed", `the bundle does not parse as MigTD collateral: ${check.error}`);
  const platforms = (bundle.platforms as { fmspc: string }[]).map((p) => p.fmspc);
  if (out) writeFileSync(out, json);
  else io.out(json.trimEnd());
  if (out) io.out(`${out}: collateral for FMSPC ${platforms.join(", ")}`);
  return ok({ written: out ?? null, platforms, bundle: out ? undefined : bundle });
}

const bundleUsage = `usage: migtd collateral bundle --tcb-info <json>... --tcb-info-issuer-chain <pem>
                                --qe-identity <json> [--qe-identity-issuer-chain <pem>]
                                --pck-crl <der|pem|hex> --pck-crl-issuer-chain <pem>
                                --root-ca-crl <der|pem|hex> [-o <bundle.json>]

Builds the collateral JSON (MigTD's bundle format) from Intel PCS / PCCS API v4 responses saved
as files: the TCB info body of /tdx/certification/v4/tcb?fmspc=.. (one per platform, repeat
--tcb-info) with its TCB-Info-Issuer-Chain header, the body of /tdx/certification/v4/qe/identity
(with SGX-Enclave-Identity-Issuer-Chain; default: the TCB info chain), the PCK CRL of
/sgx/certification/v4/pckcrl with SGX-PCK-CRL-Issuer-Chain, and /sgx/certification/v4/rootcacrl.
Headers may be saved URL-encoded as PCS sends them or decoded. The bundle is checked with MigTD's
collateral parser before it is written. Use it with 'migtd quote verify --collateral'.

exit: 0 written, 2 usage or input error (naming the file)`;

export const command: Command = {
  name: "collateral bundle",
  usage: bundleUsage,
  async run(args, io) {
    const tcbInfo: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "--tcb-info") {
        if (i + 1 >= args.length) throw new UsageError("--tcb-info needs a value");
        tcbInfo.push(args[++i]);
      } else rest.push(args[i]);
    }
    const p = parseArgs(rest, ["--tcb-info-issuer-chain", "--qe-identity", "--qe-identity-issuer-chain", "--pck-crl", "--pck-crl-issuer-chain", "--root-ca-crl", "-o"], []);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    if (tcbInfo.length === 0) throw new UsageError("--tcb-info is required (once per platform)");
    for (const req of ["--tcb-info-issuer-chain", "--qe-identity", "--pck-crl", "--pck-crl-issuer-chain", "--root-ca-crl"]) if (!p.values.has(req)) throw new UsageError(`${req} is required`);
    const part = (opt: string, what: string) => ({ name: p.values.get(opt)!, bytes: readInput(p.values.get(opt)!, what) });
    const inputs: BundleInputs = {
      tcbInfo: tcbInfo.map((f) => ({ name: f, bytes: readInput(f, "TCB info") })),
      tcbInfoIssuerChain: part("--tcb-info-issuer-chain", "TCB info issuer chain"),
      qeIdentity: part("--qe-identity", "QE identity"),
      qeIdentityIssuerChain: p.values.has("--qe-identity-issuer-chain") ? part("--qe-identity-issuer-chain", "QE identity issuer chain") : undefined,
      pckCrl: part("--pck-crl", "PCK CRL"),
      pckCrlIssuerChain: part("--pck-crl-issuer-chain", "PCK CRL issuer chain"),
      rootCaCrl: part("--root-ca-crl", "root CA CRL"),
    };
    return finish(buildBundle(inputs), p.values.get("-o"), io);
  },
};

const fetchUsage = `usage: migtd collateral fetch --pccs <URL> --fmspc <12 hex>... [--ca platform|processor] [--insecure] [-o <bundle.json>]

Fetches the PCS v4 responses 'migtd collateral bundle' takes from a PCCS (or Intel's PCS) at
<URL> (e.g. https://pccs.example:8081/): TCB info for each --fmspc, the TD QE identity, the PCK CRL
(--ca, default platform) and the root CA CRL, with their issuer-chain headers, and writes the
bundle. --insecure accepts a PCCS's self-signed TLS certificate.

exit: 0 written, 2 usage or input error (including an unreachable PCCS or an HTTP error)`;

export const fetchCommand: Command = {
  name: "collateral fetch",
  usage: fetchUsage,
  async run(args, io) {
    const fmspcs: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "--fmspc") {
        if (i + 1 >= args.length) throw new UsageError("--fmspc needs a value");
        const f = args[++i];
        if (!/^[0-9a-fA-F]{12}$/.test(f)) throw new UsageError(`--fmspc expects 12 hex digits, got '${f}'`);
        fmspcs.push(f.toLowerCase());
      } else rest.push(args[i]);
    }
    const p = parseArgs(rest, ["--pccs", "--ca", "-o"], ["--insecure"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    if (!p.values.has("--pccs")) throw new UsageError("--pccs URL is required");
    if (fmspcs.length === 0) throw new UsageError("--fmspc is required (the FMSPC of each platform, from 'migtd quote verify')");
    const ca = p.values.get("--ca") ?? "platform";
    if (ca !== "platform" && ca !== "processor") throw new UsageError("--ca is platform or processor");
    const inputs = await fetchFromPccs(p.values.get("--pccs")!, fmspcs, { insecure: p.flags.has("--insecure"), ca });
    return finish(buildBundle(inputs), p.values.get("-o"), io);
  },
};
