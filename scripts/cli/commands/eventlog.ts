// `migtd eventlog`: parses and replays a CCEL event log (assembly/eventlog/), optionally against a
// quote's RTMRs.
import { inputError, ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { MALFORMED } from "./attest-common.ts";

const usage = `usage: migtd eventlog <ccel> [--quote <quote>] [--json]

Parses a CCEL (TCG crypto-agile, SHA-384) event log, replays it into RTMR0..3 and lists its
events, including MigTD's tagged events (policy = tag 1, SGX root CA = tag 2, V2 policy issuer
chain = tag 3). With --quote, the replayed RTMRs are compared with the quote's (the quote is
parsed, not verified).

A log file is the records followed, at most, by the fill of its area (all 0x00 or all 0xFF):
a record cut short or any other trailing bytes make the file malformed (exit 2).

exit: 0 parsed (and all four RTMRs match), 1 an RTMR differs, 2 usage or input error`;

// Where the bytes after the last record stop being area fill, or -1 when they are all fill.
// (In a TD the log area is fixed-size and the core stops at the first record that does not fit; a
// file handed to this tool has no such excuse.)
export function trailingGarbage(log: Uint8Array, end: number): number {
  if (end >= log.length) return -1;
  const fill = log[end];
  if (fill !== 0x00 && fill !== 0xff) return end;
  for (let i = end; i < log.length; i++) if (log[i] !== fill) return i;
  return -1;
}

export const command: Command = {
  name: "eventlog",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--quote"], []);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one event log file");
    const file = p.positional[0];
    const log = readInput(file, "event log");
    let rtmrs = new Uint8Array(0);
    const qFile = p.values.get("--quote");
    if (qFile !== undefined) {
      const q = sharedCore().callJson("api_quote_parse", readInput(qFile, "quote"));
      if (q.error !== null) return inputError(null, q.errorCode, `quote '${qFile}': ${q.error} (${q.errorCode})`, qFile);
      rtmrs = Buffer.from(q.body.rtmr.join(""), "hex");
    }
    const r = sharedCore().callJson("api_eventlog", log, rtmrs);
    if (MALFORMED.has(r.errorCode)) return inputError(r, r.errorCode, `event log '${file}': ${r.error}`, file);
    const bad = trailingGarbage(log, r.endOffset);
    if (bad >= 0) {
      return inputError(r, "EventLogMalformed",
        `event log '${file}': truncated or trailing bytes at offset ${bad} (the last complete record ends at ${r.endOffset}, the file has ${log.length} bytes)`, file);
    }
    for (const e of r.events) {
      const tag = e.tag !== null ? ` tag ${e.tag}` : "";
      io.out(`MR${e.mrIndex} type 0x${e.eventType.toString(16).padStart(8, "0")} size ${String(e.dataSize).padStart(6)}${tag} ${e.digest}`);
    }
    r.rtmr.forEach((x: string, i: number) => io.out(`RTMR${i} ${x}`));
    if (r.rtmrMatchMask !== undefined) io.out(r.rtmrMatchMask === 15 ? "all four RTMRs match the quote" : `RTMR mismatch: ${r.error}`);
    return r.error === null ? ok(r) : rejected(r, r.errorCode, r.error);
  },
};
