// `migtd eventlog`: parses and replays a CCEL event log (assembly/eventlog/), optionally against a
// quote's RTMRs.
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, type Command } from "../command.ts";
import { parseArgs, readInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";

const usage = `usage: migtd eventlog <ccel> [--quote <quote>] [--json]

Parses a CCEL (TCG crypto-agile, SHA-384) event log, replays it into RTMR0..3 and lists its
events, including MigTD's tagged events (policy = tag 1, SGX root CA = tag 2). With --quote, the
replayed RTMRs are compared with the quote's (the quote is parsed, not verified).

exit: 0 parsed (and all four RTMRs match), 1 an RTMR differs, 2 usage or input error`;

export const command: Command = {
  name: "eventlog",
  summary: "parse and replay a CCEL event log, optionally against a quote",
  usage,
  async run(args) {
    const p = parseArgs(args, ["--quote"], ["--json"]);
    if (p.positional.length !== 1) throw new UsageError("expected exactly one event log file");
    const log = readInput(p.positional[0], "event log");
    let rtmrs = new Uint8Array(0);
    const qOpt = p.values.get("--quote");
    if (typeof qOpt === "string") {
      const q = sharedCore().callJson("api_quote_parse", readInput(qOpt, "quote"));
      if (q.error !== null) {
        console.error(`migtd eventlog: quote: ${q.error}`);
        return EXIT_USAGE;
      }
      rtmrs = Buffer.from(q.body.rtmr.join(""), "hex");
    }
    const r = sharedCore().callJson("api_eventlog", log, rtmrs);
    if (p.flags.has("--json")) {
      console.log(JSON.stringify(r, null, 2));
    } else if (r.events) {
      for (const e of r.events) {
        const tag = e.tag !== null ? ` tag ${e.tag}` : "";
        console.log(`MR${e.mrIndex} type 0x${e.eventType.toString(16).padStart(8, "0")} size ${String(e.dataSize).padStart(6)}${tag} ${e.digest}`);
      }
      r.rtmr.forEach((x: string, i: number) => console.log(`RTMR${i} ${x}`));
      if (r.rtmrMatchMask !== undefined) console.log(r.rtmrMatchMask === 15 ? "all four RTMRs match the quote" : `RTMR mismatch: ${r.error}`);
    } else {
      console.log(`error: ${r.error}`);
    }
    if (r.errorCode === "EventLogMalformed") return EXIT_USAGE;
    return r.error === null ? EXIT_OK : EXIT_REJECTED;
  },
};
