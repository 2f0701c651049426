// `migtd deploy user-td`: launch a user TD bound to a MigTD by its QEMU pid, or pre-bound by the
// MigTD's SERVTD_HASH_INFO (scripts/deploy/qemu-td.ts).
import { InputError, ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { bindingProps, userTdArgs, type Binding } from "../../deploy/qemu-td.ts";
import { DEFAULTS, paths } from "../../deploy/layout.ts";
import { runArgv } from "../../deploy/run.ts";
import { shellLine } from "../../deploy/shell.ts";
import { attrOpt, COMMON_FLAGS, COMMON_HELP, COMMON_VALUES, ensureRunDir, intOpt, pidFrom, role, servtdHash } from "./deploy-common.ts";

const usage = `usage: migtd deploy user-td --role src|dst --disk <qcow2> --firmware <OVMF.fd>
                          [--kernel <bzImage> [--append <cmdline>]] [--cpus N] [--memory <n>G]
                          [--migtd-pid N | --migtd-hash <hex>|@<file> [--migtd-attr 0x...]]
                          [--foreground] [--qemu PATH] [--run-dir D] [--dry-run]

Launches a user TD that can be migrated: tdx-guest bound to a MigTD either by the MigTD's QEMU pid
(migtd-pid; default: read from <run-dir>/migtd-<role>.pid) or, pre-bound, by SERVTD_HASH_INFO
(migtd-hash, migtd-attr default ${DEFAULTS.migtdAttr}) so it can start before its MigTD;
'@build/migtd.servtd_info_hash' reads the hash 'make image' wrote. The destination (--role dst)
starts with -incoming defer and waits for 'migtd deploy migrate --role dst'. QMP on
<run-dir>/user-td-<role>.qmp.

${COMMON_HELP}

exit: 0 launched, 1 QEMU failed, 2 usage or input error`;

export const command: Command = {
  name: "deploy user-td",
  usage,
  async run(args, io) {
    const p = parseArgs(args, [...COMMON_VALUES, "--disk", "--firmware", "--kernel", "--append", "--cpus", "--memory", "--migtd-pid", "--migtd-hash", "--migtd-attr", "--qemu"], [...COMMON_FLAGS, "--foreground"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    for (const req of ["--disk", "--firmware"]) if (!p.values.has(req)) throw new UsageError(`${req} is required`);
    if (p.values.has("--migtd-pid") && p.values.has("--migtd-hash")) throw new UsageError("bind by --migtd-pid or pre-bind by --migtd-hash, not both");
    if (p.values.has("--migtd-attr") && !p.values.has("--migtd-hash")) throw new UsageError("--migtd-attr goes with --migtd-hash");
    const r = role(p.values.get("--role"));
    const runDir = p.values.get("--run-dir") ?? DEFAULTS.runDir;
    const memory = p.values.get("--memory") ?? "8G";
    if (!/^\d+[MG]$/.test(memory)) throw new UsageError("--memory expects <n>M or <n>G");
    const binding: Binding = p.values.has("--migtd-hash")
      ? { hash: servtdHash(p.values.get("--migtd-hash")!), attr: attrOpt(p.values.get("--migtd-attr")) }
      : { pid: p.values.has("--migtd-pid") ? intOpt(p.values.get("--migtd-pid"), "--migtd-pid", 0, 1) : pidFrom(paths(runDir, "migtd", r).pid) };
    if (p.values.has("--append") && !p.values.has("--kernel")) throw new InputError("--append needs --kernel");
    const argv = userTdArgs({
      role: r, runDir, firmware: p.values.get("--firmware")!, disk: p.values.get("--disk")!,
      kernel: p.values.get("--kernel"), append: p.values.get("--append"),
      cpus: intOpt(p.values.get("--cpus"), "--cpus", 2, 1, 1024), memory, binding,
      foreground: p.flags.has("--foreground"), qemu: p.values.get("--qemu"),
    });
    const files = paths(runDir, "user-td", r);
    const result = { argv, shell: shellLine(argv), binding: bindingProps(binding), qmp: files.qmp, pidFile: files.pid };
    if (p.flags.has("--dry-run")) {
      io.out(result.shell);
      return ok(result);
    }
    ensureRunDir(runDir);
    const code = await runArgv(argv, (l) => process.stderr.write(l + "\n"));
    if (code !== 0) return rejected(result, "QemuFailed", `QEMU exited with ${code}`);
    io.out(`user TD ${r} running: QMP ${files.qmp}`);
    return ok(result);
  },
};
