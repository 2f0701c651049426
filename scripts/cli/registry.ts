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
  c("policy check", "validate a migration policy (v1, or signed v2 with its issuer chain) and list its rules", () => import("./commands/policy-check.ts")),
  c("policy eval", "evaluate a peer's verified report against a policy (v1 or v2), rule by rule", () => import("./commands/policy-eval.ts")),
  c("policy sign", "sign a migration policy v2 (P-384 key or the TEST policy PKI) and verify what was written", () => import("./commands/policy-sign.ts")),
  c("policy gen", "write a v1 policy accepting an image's measurements (fleets mixing MigTD builds)", () => import("./commands/policy-gen.ts")),
  c("collateral bundle", "collateral JSON from Intel PCS/PCCS v4 responses saved as files", () => import("./commands/collateral.ts")),
  c("collateral fetch", "fetch the PCS v4 responses from a PCCS and write the collateral JSON", async () => ({ command: (await import("./commands/collateral.ts")).fetchCommand })),
  c("hash", "MRTD and SERVTD_HASH_INFO of a firmware image, offline", () => import("./commands/hash.ts")),
  c("image", "build migtd.bin (like make image) with a chosen policy and root CA", () => import("./commands/image.ts")),
  c("qemu", "print or run the QEMU command line for a MigTD guest without TDX (simulator)", () => import("./commands/qemu.ts")),
  c("deploy migtd", "launch a MigTD TD with QEMU on a TDX host (--dry-run prints the command)", () => import("./commands/deploy-migtd.ts")),
  c("deploy user-td", "launch a user TD bound to a MigTD by pid or pre-bound by SERVTD_HASH_INFO", () => import("./commands/deploy-user-td.ts")),
  c("deploy relay", "socat relay between the local MigTD and the peer host, restarted after each session", () => import("./commands/deploy-relay.ts")),
  c("deploy pre-mig", "start the pre-migration over QMP (user TD vsockport)", () => import("./commands/deploy-pre-mig.ts")),
  c("deploy migrate", "live-migrate a user TD over QMP (pre-copy, post-copy, multifd) and follow its status", () => import("./commands/deploy-migrate.ts")),
  c("deploy status", "print the migration status (QMP query-migrate)", async () => ({ command: (await import("./commands/deploy-migrate.ts")).statusCommand })),
  c("deploy cancel", "cancel a running migration (QMP migrate_cancel)", async () => ({ command: (await import("./commands/deploy-migrate.ts")).cancelCommand })),
  c("deploy libvirt", "libvirt domain XML for a MigTD or a user TD pre-bound to it", () => import("./commands/deploy-libvirt.ts")),
  c("inspect", "local web page that verifies and explains quotes, event logs and policies", () => import("./commands/inspect.ts")),
  c("simulate", "run VMM scenarios against the core on the embedded simulator", () => import("./commands/simulate.ts")),
];
