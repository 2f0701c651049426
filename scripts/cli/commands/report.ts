// `migtd report`: decodes a 1024-byte TDREPORT and checks its internal hashes
// (assembly/attest/tdreport.ts).
import { inputError, ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { MALFORMED } from "./attest-common.ts";

const usage = `usage: migtd report <tdreport> [--json]

Decodes a TDREPORT_STRUCT (1024 bytes, TDX 1.0 or 1.5) and checks TEE_TCB_INFO_HASH and
TEE_INFO_HASH (the MAC can only be checked on the platform that made the report).

exit: 0 consistent, 1 a hash does not match, 2 usage or input error (not a TDREPORT)`;

export const command: Command = {
  name: "report",
  usage,
  async run(args, io) {
    const p = parseArgs(args, [], []);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one TDREPORT file");
    const file = p.positional[0];
    const r = sharedCore().callJson("api_tdreport", readInput(file, "TDREPORT"));
    if (MALFORMED.has(r.errorCode)) return inputError(r, r.errorCode, `${file}: ${r.error} (${r.errorCode})`, file);
    const t = r.tdInfo;
    io.out(
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
    );
    return r.error === null ? ok(r) : rejected(r, r.errorCode, r.error);
  },
};
