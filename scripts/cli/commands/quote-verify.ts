// `migtd quote verify`: a thin CLI over the core's api_quote_verify (assembly/attest/verify.ts).
import { inputError, ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { intelProductionRoot, malformedFile, MALFORMED, parseInstant } from "./attest-common.ts";

const usage = `usage: migtd quote verify <quote> [--root-ca <der>] [--collateral <json>] [--at <ISO-8601>] [--json]

Verifies a TDX quote (v4/v5): attestation-key signature, QE report signature and binding, PCK
chain to the root CA (matched by public key). With --collateral (MigTD bundle or PCS-style JSON,
see 'migtd collateral bundle'), also checks TCB info, QE identity and CRLs and reports the TCB
status.

  --root-ca <der>      trusted root (default: Intel SGX production root from @phala/dcap-qvl)
  --collateral <json>  collateral bundle
  --at <ISO-8601>      verification time (default: now)
  --json               print the envelope with the full result

exit: 0 verified, 1 rejected, 2 usage or input error (including a truncated or malformed quote,
root CA or collateral)`;

export const command: Command = {
  name: "quote verify",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--root-ca", "--collateral", "--at"], []);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one quote file");
    const files = { quote: p.positional[0], root: p.values.get("--root-ca"), collateral: p.values.get("--collateral") };
    const quote = readInput(files.quote, "quote");
    const root = files.root !== undefined ? readInput(files.root, "root CA") : intelProductionRoot();
    const coll = files.collateral !== undefined ? readInput(files.collateral, "collateral") : new Uint8Array(0);
    const atOpt = p.values.get("--at");
    const now = atOpt !== undefined ? parseInstant(atOpt) : BigInt(Math.floor(Date.now() / 1000));
    const r = sharedCore().callJson("api_quote_verify", quote, root, coll, now);
    if (r.verified) {
      io.out(`verified: TDX quote v${r.version} (${r.bodyType}), FMSPC ${r.fmspc}, TCB status ${r.tcbStatus ?? "not evaluated (no collateral)"}`,
        `  MRTD ${r.body.mrtd}`, ...r.body.rtmr.map((x: string, i: number) => `  RTMR${i} ${x}`), `  REPORTDATA ${r.body.reportData}`);
      return ok(r);
    }
    if (MALFORMED.has(r.errorCode)) {
      const file = malformedFile(r.errorCode, files) ?? files.quote;
      return inputError(r, r.errorCode, `${file}: ${r.error} (${r.errorCode})`, file);
    }
    io.out(`rejected: ${r.error} (${r.errorCode}, MigTD result ${r.resultCode})`);
    return rejected(r, r.errorCode, r.error);
  },
};
