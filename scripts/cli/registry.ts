// Every `migtd` sub-command: its name, one-line summary and a lazy loader, so `--help` and
// `--version` load no command module (start-up stays in the tens of milliseconds).
import type { Command } from "./command.ts";

export interface Entry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const c = (name: string, summary: string, load: () => Promise<{ command: Command }>): Entry =>
  ({ name, summary, load: async () => (await load()).command });

export const COMMANDS: Entry[] = [
  c("quote verify", "verify a TDX quote (signatures, PCK chain, optional collateral / TCB status)", () => import("./commands/quote-verify.ts")),
  c("report", "decode a TDREPORT and check its internal hashes", () => import("./commands/report.ts")),
  c("eventlog", "parse and replay a CCEL event log, optionally against a quote", () => import("./commands/eventlog.ts")),
  c("policy check", "validate a migration policy v1 file and list its rules", () => import("./commands/policy-check.ts")),
  c("policy eval", "evaluate a peer's verified report against a policy, rule by rule", () => import("./commands/policy-eval.ts")),
  c("hash", "MRTD and SERVTD_HASH_INFO of a firmware image, offline", () => import("./commands/hash.ts")),
  c("image", "build migtd.bin (like make image) with a chosen policy and root CA", () => import("./commands/image.ts")),
  c("qemu", "print or run the QEMU command line for a MigTD guest without TDX (simulator)", () => import("./commands/qemu.ts")),
  c("simulate", "run VMM scenarios against the core on the embedded simulator", () => import("./commands/simulate.ts")),
];
