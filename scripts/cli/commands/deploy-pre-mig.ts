// `migtd deploy pre-mig`: start the pre-migration over QMP (scripts/deploy/flows.ts).
import { ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { preMigPlan, stepShell, type PreMigSide } from "../../deploy/flows.ts";
import { QmpError } from "../../deploy/qmp.ts";
import { runSteps } from "../../deploy/run.ts";
import { DEFAULTS, paths, type Role } from "../../deploy/layout.ts";
import { COMMON_FLAGS, COMMON_HELP, intOpt, pidFrom } from "./deploy-common.ts";

const usage = `usage: migtd deploy pre-mig [--role src|dst|both] [--vsock-port N] [--bind] [--bind-pid N]
                          [--qmp SOCKET | --virsh DOMAIN] [--object ID] [--run-dir D] [--dry-run]

Starts the pre-migration: sets the user TD's tdx-guest 'vsockport' over QMP to the port its relay
listens on (default 1234 src, 1235 dst); the MigTD bound to that user TD then connects through the
relay, attests its peer and exchanges the migration key. With --role both (the default, one host)
the destination is triggered first, then the source; on two hosts run --role dst on the
destination and --role src on the source. --bind first binds a user TD pre-bound by
SERVTD_HASH_INFO to its running MigTD (qom-set migtd-pid, pid from <run-dir>/migtd-<role>.pid),
--bind-pid names the pid. The outcome is in the MigTDs' logs (docs/deploy.md: result codes).

  --qmp S        the user TD's QMP socket (default <run-dir>/user-td-<role>.qmp; one role only)
  --virsh D      print 'virsh qemu-monitor-command D' lines instead (libvirt; with --dry-run)
  --object ID    the tdx-guest object id (default tdx0)
${COMMON_HELP}

exit: 0 triggered, 1 QEMU refused a command, 2 usage or input error (e.g. no QMP socket)`;

export const command: Command = {
  name: "deploy pre-mig",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--run-dir", "--role", "--vsock-port", "--bind-pid", "--qmp", "--virsh", "--object"], [...COMMON_FLAGS, "--bind"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const which = p.values.get("--role") ?? "both";
    if (which !== "src" && which !== "dst" && which !== "both") throw new UsageError("--role is src, dst or both");
    const roles: Role[] = which === "both" ? ["dst", "src"] : [which];
    for (const single of ["--vsock-port", "--bind-pid", "--qmp", "--virsh"]) {
      if (p.values.has(single) && roles.length > 1) throw new UsageError(`${single} names one user TD: use it with --role src or --role dst`);
    }
    if (p.values.has("--virsh") && !p.flags.has("--dry-run")) throw new UsageError("--virsh prints commands for libvirt: use it with --dry-run");
    const runDir = p.values.get("--run-dir") ?? DEFAULTS.runDir;
    const side = (r: Role): PreMigSide => ({
      socket: p.values.get("--qmp") ?? paths(runDir, "user-td", r).qmp,
      vsockPort: intOpt(p.values.get("--vsock-port"), "--vsock-port", DEFAULTS.vsockPort[r], 1),
      bindPid: p.values.has("--bind-pid") ? intOpt(p.values.get("--bind-pid"), "--bind-pid", 0, 1) : p.flags.has("--bind") ? pidFrom(paths(runDir, "migtd", r).pid) : undefined,
    });
    const plan = preMigPlan({ objectId: p.values.get("--object") ?? "tdx0", ...(roles.includes("src") ? { src: side("src") } : {}), ...(roles.includes("dst") ? { dst: side("dst") } : {}) });
    if (p.flags.has("--dry-run")) {
      for (const s of plan) io.out(`# ${s.label}`, stepShell(s, p.values.get("--virsh")));
      return ok({ steps: plan });
    }
    try {
      await runSteps(plan, (l) => io.out(l));
    } catch (e) {
      if (e instanceof QmpError) { io.out(`QEMU refused ${e.message}`); return rejected({ steps: plan }, "QmpError", e.message); }
      throw e;
    }
    io.out("pre-migration started: follow the MigTD logs for the result");
    return ok({ steps: plan });
  },
};
