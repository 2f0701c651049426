// `migtd deploy migrate` / `deploy status` / `deploy cancel`: the live-migration flow over QMP
// (scripts/deploy/flows.ts): pre-copy, post-copy or multifd, its status, cancelling it.
import { ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { incomingPlan, outgoingPlan, stepShell, STATUS, type MigrationMode, type QmpStep } from "../../deploy/flows.ts";
import { QmpError } from "../../deploy/qmp.ts";
import { cancelStep, runSteps, waitMigration } from "../../deploy/run.ts";
import { DEFAULTS, paths } from "../../deploy/layout.ts";
import { COMMON_FLAGS, COMMON_HELP, intOpt, role } from "./deploy-common.ts";

const usage = `usage: migtd deploy migrate --role dst [--listen ADDR:PORT] [--mode precopy|postcopy|multifd] [--channels N]
       migtd deploy migrate --role src --to HOST:PORT [--mode ...] [--channels N] [--max-bandwidth BYTES/s]
                                       [--no-wait] [--timeout SECONDS]
       (both: [--qmp SOCKET] [--run-dir D] [--dry-run])

Runs the live migration of a user TD after a successful pre-migration. On the destination (started
with -incoming defer) it sets the same capabilities and accepts the stream (migrate-incoming,
default tcp:0.0.0.0:${DEFAULTS.incomingPort}); run it first. On the source it sets capabilities and
parameters and starts 'migrate', then follows query-migrate until completed, failed or cancelled,
printing each status (post-copy: switches with migrate-start-postcopy once active). Modes: precopy
(default), postcopy (postcopy-ram), multifd (multifd, --channels, default 4).
'migtd deploy status' prints query-migrate; 'migtd deploy cancel' cancels (the TD keeps running
on the source; run the flow again after a new pre-migration).

${COMMON_HELP}

exit: 0 migration completed (source) or incoming set up (destination), 1 failed or cancelled or
QEMU refused a command, 2 usage or input error`;

function mode(v: string | undefined): MigrationMode {
  const m = v ?? "precopy";
  if (m !== "precopy" && m !== "postcopy" && m !== "multifd") throw new UsageError("--mode is precopy, postcopy or multifd");
  return m;
}

function hostPort(v: string, name: string): string {
  if (!/^[^\s:]+:\d{1,5}$/.test(v) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(v)) throw new UsageError(`${name} expects HOST:PORT, got '${v}'`);
  return v;
}

export const command: Command = {
  name: "deploy migrate",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--run-dir", "--role", "--qmp", "--listen", "--to", "--mode", "--channels", "--max-bandwidth", "--timeout"], [...COMMON_FLAGS, "--no-wait"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const r = role(p.values.get("--role"));
    const m = mode(p.values.get("--mode"));
    if (p.values.has("--channels") && m !== "multifd") throw new UsageError("--channels is for --mode multifd");
    const channels = intOpt(p.values.get("--channels"), "--channels", 4, 1, 255);
    const socket = p.values.get("--qmp") ?? paths(p.values.get("--run-dir") ?? DEFAULTS.runDir, "user-td", r).qmp;
    let step: QmpStep;
    if (r === "dst") {
      for (const o of ["--to", "--max-bandwidth", "--timeout"]) if (p.values.has(o)) throw new UsageError(`${o} is for --role src`);
      step = incomingPlan({ socket, mode: m, channels, listen: hostPort(p.values.get("--listen") ?? `0.0.0.0:${DEFAULTS.incomingPort}`, "--listen") });
    } else {
      if (p.values.has("--listen")) throw new UsageError("--listen is for --role dst");
      if (!p.values.has("--to")) throw new UsageError("--to HOST:PORT is required on the source");
      step = outgoingPlan({
        socket, mode: m, channels, to: hostPort(p.values.get("--to")!, "--to"),
        maxBandwidth: p.values.has("--max-bandwidth") ? intOpt(p.values.get("--max-bandwidth"), "--max-bandwidth", 0, 1, Number.MAX_SAFE_INTEGER) : undefined,
      });
    }
    if (p.flags.has("--dry-run")) {
      io.out(`# ${step.label}`, stepShell(step));
      if (r === "src" && !p.flags.has("--no-wait")) io.out("# then, until completed, failed or cancelled:", stepShell({ socket, label: "status", messages: [STATUS] }));
      return ok({ steps: [step] });
    }
    try {
      await runSteps([step], (l) => io.out(l));
      if (r === "dst" || p.flags.has("--no-wait")) return ok({ steps: [step] });
      const timeoutMs = intOpt(p.values.get("--timeout"), "--timeout", 3600, 1) * 1000;
      const s = await waitMigration(socket, { postcopy: m === "postcopy", timeoutMs }, (l) => io.out(l));
      const result = { steps: [step], status: s };
      return s.status === "completed" ? ok(result) : rejected(result, "MigrationNotCompleted", `migration ${s.status}${s["error-desc"] ? `: ${s["error-desc"]}` : ""}`);
    } catch (e) {
      if (e instanceof QmpError) { io.out(`QEMU refused ${e.message}`); return rejected({ steps: [step] }, "QmpError", e.message); }
      throw e;
    }
  },
};

const qmpOnly = (name: string, summary: string, stepOf: (socket: string) => QmpStep): Command => ({
  name,
  usage: `usage: migtd ${name} [--role src|dst] [--qmp SOCKET] [--run-dir D] [--dry-run]

${summary} (QMP ${stepOf("").messages.map((m) => m.execute).join(", ")} on the user TD, default
the source's, <run-dir>/user-td-<role>.qmp).

${COMMON_HELP}

exit: 0 done${name.endsWith("status") ? " (the status is in the output)" : ""}, 1 QEMU refused, 2 usage or input error`,
  async run(args, io) {
    const p = parseArgs(args, ["--run-dir", "--role", "--qmp"], COMMON_FLAGS);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const socket = p.values.get("--qmp") ?? paths(p.values.get("--run-dir") ?? DEFAULTS.runDir, "user-td", role(p.values.get("--role"), "src")).qmp;
    const step = stepOf(socket);
    if (p.flags.has("--dry-run")) {
      io.out(stepShell(step));
      return ok({ steps: [step] });
    }
    try {
      const [res] = await runSteps([step], () => {});
      io.out(JSON.stringify(res ?? {}, null, 2));
      return ok(res ?? {});
    } catch (e) {
      if (e instanceof QmpError) { io.out(`QEMU refused ${e.message}`); return rejected(null, "QmpError", e.message); }
      throw e;
    }
  },
});

export const statusCommand = qmpOnly("deploy status", "Prints the migration status", (socket) => ({ socket, label: "status", messages: [STATUS] }));
export const cancelCommand = qmpOnly("deploy cancel", "Cancels a running migration", cancelStep);
