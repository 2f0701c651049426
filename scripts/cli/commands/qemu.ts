// `migtd qemu`: the QEMU command line for one MigTD guest of this firmware, printed (default) or
// run. Without TDX the guest's TDCALL/VMCALLs go to a simulator on COM2 (docs/sim-protocol.md);
// the MigTD-to-MigTD stream is virtio-serial port 1 on a Unix socket the host relays (socat in a
// deployment, scripts/sim/relay.ts here).
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { ok, rejected, UsageError, type Command } from "../command.ts";
import { qemuArgs } from "../../host/qemu-host.ts";

const usage = `usage: migtd qemu [--image build/migtd.bin] --sim <socket> [--serial <socket> [--server]]
                 [--accel tcg|kvm] [--mem MiB] [--run]

Prints the qemu-system-x86_64 command for one MigTD guest (non-TD: the firmware finds no TDX and
forwards TDCALL/VMCALLs to the simulator listening on --sim over COM2), or runs it with --run
(COM1, the MigTD log, on stdout). Something must serve --sim: 'migtd simulate --host qemu' starts
the simulator, the relay and two such guests itself; this command shows what it runs.

  --image F      firmware image (default build/migtd.bin, from 'make image')
  --sim S        Unix socket of the simulator link (required)
  --serial S     Unix socket for virtio-serial port 1 (the stream to the peer MigTD)
  --server       QEMU listens on --serial instead of connecting to it
  --accel A      tcg (default) or kvm
  --mem N        guest memory in MiB (default 32, as Intel's MigTD)
  --run          start QEMU instead of printing the command

Two such guests are paired by one relay per side, which either may start first:
  migtd deploy relay --role src --transport serial ...   (run with --server: QEMU listens)
(migtd deploy relay --help; on a TDX host 'migtd deploy migtd' launches the MigTD as a TD).`;

export const command: Command = {
  name: "qemu",
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        image: { type: "string", default: "build/migtd.bin" },
        sim: { type: "string" },
        serial: { type: "string" },
        server: { type: "boolean", default: false },
        accel: { type: "string", default: "tcg" },
        mem: { type: "string", default: "32" },
        run: { type: "boolean", default: false },
      },
      strict: true,
    });
    if (!values.sim) throw new UsageError("--sim <socket> is required");
    if (values.accel !== "tcg" && values.accel !== "kvm") throw new UsageError(`unknown accelerator '${values.accel}'`);
    const mem = Number(values.mem);
    if (!Number.isInteger(mem) || mem < 16) throw new UsageError("--mem must be a whole number of MiB, at least 16");
    const argv = qemuArgs({
      image: values.image!, simSocket: values.sim, accel: values.accel, memMiB: mem,
      serial: values.serial ? { path: values.serial, server: values.server } : undefined,
    });
    if (!values.run) {
      const line = ["qemu-system-x86_64", ...argv].map((a) => (/[\s,]/.test(a) ? `'${a}'` : a)).join(" ");
      io.out(line);
      return ok({ argv: ["qemu-system-x86_64", ...argv] });
    }
    const child = spawn("qemu-system-x86_64", argv, { stdio: "inherit" });
    const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
    return code === 0 ? ok({ exitCode: code }) : rejected({ exitCode: code }, "QemuFailed", `qemu-system-x86_64 exited with ${code}`);
  },
};
