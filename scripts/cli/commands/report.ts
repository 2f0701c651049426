// `migtd report`: decodes a 1024-byte TDREPORT and checks its internal hashes
// (assembly/attest/tdreport.ts).
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";

const usage = `usage: migtd report <tdreport> [--json]

Decodes a TDREPORT_STRUCT (1024 bytes, TDX 1.0 or 1.5) and checks TEE_TCB_INFO_HASH and
TEE_INFO_HASH (the MAC can only be checked on the platform that made the report).

exit: 0 consistent, 1 a hash does not match, 2 usage or input error (not a TDREPORT)`;

export const command: Command = {
  name: "report",
  summary: "decode a TDREPORT and check its internal hashes",
  usage,
  async run(args) {
    const p = parseArgs(args, [], ["--json"]);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one TDREPORT file");
    const r = sharedCore().callJson("api_tdreport", readInput(p.positional[0], "TDREPORT"));
    if (p.flags.has("--json")) {
      console.log(JSON.stringify(r, null, 2));
    } else if (r.tdInfo) {
      const t = r.tdInfo;
      const lines = [
        `TEE_TCB_SVN   ${r.teeTcbInfo.teeTcbSvn}`,
        `TEE_TCB_SVN2  ${r.teeTcbInfo.teeTcbSvn2}`,
        `MRSEAM        ${r.teeTcbInfo.mrSeam}`,
        `ATTRIBUTES    ${t.attributes}`,
        `XFAM          ${t.xfam}`,
        `MRTD          ${t.mrtd}`,
        `MRCONFIGID    ${t.mrConfigId}`,
        `MROWNER       ${t.mrOwner}`,
        `MROWNERCONFIG ${t.mrOwnerConfig}`,
        ...t.rtmr.map((x: string, i: number) => `RTMR${i}         ${x}`),
        `SERVTD_HASH   ${t.servtdHash}`,
        `REPORTDATA    ${r.reportData}`,
        `hashes        TEE_TCB_INFO_HASH ${r.teeTcbInfoHashOk ? "ok" : "MISMATCH"}, TEE_INFO_HASH ${r.teeInfoHashOk ? "ok" : "MISMATCH"}`,
      ];
      console.log(lines.join("\n"));
    } else {
      console.log(`error: ${r.error}`);
    }
    if (r.errorCode === "ReportMalformed") return EXIT_USAGE;
    return r.error === null ? EXIT_OK : EXIT_REJECTED;
  },
};
