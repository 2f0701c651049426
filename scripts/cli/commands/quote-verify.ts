// `migtd quote verify`: a thin CLI over the core's api_quote_verify (assembly/attest/verify.ts).
import { writeFileSync } from "node:fs";
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { intelProductionRoot, parseInstant } from "./attest-common.ts";

const usage = `usage: migtd quote verify <quote> [--root-ca <der>] [--collateral <json>] [--at <ISO-8601>] [--report-out <file>] [--json]

Verifies a TDX quote (v4/v5): attestation-key signature, QE report signature and binding, PCK
chain to the root CA (matched by public key). With --collateral (MigTD bundle or PCS-style JSON),
also checks TCB info, QE identity and CRLs and reports the TCB status.

  --root-ca <der>      trusted root (default: Intel SGX production root from @phala/dcap-qvl)
  --collateral <json>  collateral bundle
  --at <ISO-8601>      verification time (default: now)
  --report-out <file>  write the 822-byte verified report (migtd.md §2.6) the policy engine takes
                       (\`migtd policy eval\`); only when the quote verifies
  --json               print the full result as JSON

exit: 0 verified, 1 rejected, 2 usage or input error`;

export const command: Command = {
  name: "quote verify",
  summary: "verify a TDX quote (signatures, PCK chain, optional collateral / TCB status)",
  usage,
  async run(args) {
    const p = parseArgs(args, ["--root-ca", "--collateral", "--at", "--report-out"], ["--json"]);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one quote file");
    const quote = readInput(p.positional[0], "quote");
    const rootOpt = p.values.get("--root-ca");
    const root = typeof rootOpt === "string" ? readInput(rootOpt, "root CA") : intelProductionRoot();
    const collOpt = p.values.get("--collateral");
    const coll = typeof collOpt === "string" ? readInput(collOpt, "collateral") : new Uint8Array(0);
    // An empty file is not "no collateral": the caller asked for a TCB evaluation.
    if (typeof collOpt === "string" && coll.length === 0) throw new UsageError(`collateral file '${collOpt}' is empty`);
    const atOpt = p.values.get("--at");
    const now = typeof atOpt === "string" ? parseInstant(atOpt) : BigInt(Math.floor(Date.now() / 1000));
    const r = sharedCore().callJson("api_quote_verify", quote, root, coll, now);
    if (p.flags.has("--json")) {
      console.log(JSON.stringify(r, null, 2));
    } else if (r.verified) {
      console.log(`verified: TDX quote v${r.version} (${r.bodyType}), FMSPC ${r.fmspc}, TCB status ${r.tcbStatus ?? "not evaluated (no collateral)"}`);
      console.log(`  MRTD ${r.body.mrtd}`);
      r.body.rtmr.forEach((x: string, i: number) => console.log(`  RTMR${i} ${x}`));
      console.log(`  REPORTDATA ${r.body.reportData}`);
    } else {
      console.log(`rejected: ${r.error} (${r.errorCode}, MigTD result ${r.resultCode})`);
    }
    // Unusable inputs (root or collateral that do not parse) are input errors, not verdicts.
    if (r.errorCode === "RootMalformed" || (r.errorCode === "CollateralMalformed" && r.version === undefined)) return EXIT_USAGE;
    const out = p.values.get("--report-out");
    if (typeof out === "string" && r.verified) {
      writeFileSync(out, Buffer.from(r.report, "hex"));
      if (!p.flags.has("--json")) console.log(`  verified report (822 bytes) written to ${out}`);
    }
    return r.verified ? EXIT_OK : EXIT_REJECTED;
  },
};
