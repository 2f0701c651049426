// `migtd deploy migtd`: launch a MigTD TD with QEMU on a TDX host (scripts/deploy/qemu-td.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ok, rejected, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { migtdTdArgs } from "../../deploy/qemu-td.ts";
import { DEFAULTS, paths } from "../../deploy/layout.ts";
import { runArgv } from "../../deploy/run.ts";
import { shellLine } from "../../deploy/shell.ts";
import { packageRoot } from "../version.ts";
import { COMMON_FLAGS, COMMON_HELP, COMMON_VALUES, ensureRunDir, intOpt, role } from "./deploy-common.ts";

const usage = `usage: migtd deploy migtd --role src|dst [--image migtd.bin] [--transport vsock|serial] [--cid N]
                          [--qgs vsock:<cid>:<port>] [--foreground] [--qemu PATH] [--run-dir D] [--dry-run]

Launches a MigTD as a TD: 1 vCPU, 32 MiB of private memory (memory-backend-memfd-private),
tdx-guest with quote-generation-service, kernel_irqchip=split, -bios <image>, and its transport:
vhost-vsock-pci with guest-cid (default 18 for src, 36 for dst) or virtio-serial port 1 on
<run-dir>/migtd-<role>.serial. QMP on <run-dir>/migtd-<role>.qmp, pid in migtd-<role>.pid; the
MigTD's log (its serial console) goes to migtd-<role>.log and QEMU runs in the background,
unless --foreground (console on this terminal).

  --image F      firmware (default build/migtd.bin)
  --qgs A        quote-generation-service address (default ${DEFAULTS.quoteService})
${COMMON_HELP}

exit: 0 launched, 1 QEMU failed, 2 usage or input error`;

export const command: Command = {
  name: "deploy migtd",
  usage,
  async run(args, io) {
    const p = parseArgs(args, [...COMMON_VALUES, "--image", "--transport", "--cid", "--qgs", "--qemu"], [...COMMON_FLAGS, "--foreground"]);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const transport = p.values.get("--transport") ?? "vsock";
    if (transport !== "vsock" && transport !== "serial") throw new UsageError("--transport is vsock or serial");
    if (transport === "serial" && p.values.has("--cid")) throw new UsageError("--cid is for the vsock transport");
    const r = role(p.values.get("--role"));
    const runDir = p.values.get("--run-dir") ?? DEFAULTS.runDir;
    const argv = migtdTdArgs({
      role: r, runDir, transport,
      image: p.values.get("--image") ?? join(packageRoot, "build", "migtd.bin"),
      cid: p.values.has("--cid") ? intOpt(p.values.get("--cid"), "--cid", 0, 3) : undefined,
      quoteService: p.values.get("--qgs"), foreground: p.flags.has("--foreground"), qemu: p.values.get("--qemu"),
    });
    const files = paths(runDir, "migtd", r);
    const result = { argv, shell: shellLine(argv), qmp: files.qmp, pidFile: files.pid, log: files.log };
    if (p.flags.has("--dry-run")) {
      io.out(result.shell);
      return ok(result);
    }
    ensureRunDir(runDir);
    const code = await runArgv(argv, (l) => process.stderr.write(l + "\n"));
    if (code !== 0) return rejected(result, "QemuFailed", `QEMU exited with ${code}`);
    const pid = existsSync(files.pid) ? Number(readFileSync(files.pid, "utf8").trim()) : null;
    io.out(`MigTD ${r} running${pid ? ` (pid ${pid})` : ""}: log ${files.log}, QMP ${files.qmp}`);
    return ok({ ...result, pid });
  },
};
