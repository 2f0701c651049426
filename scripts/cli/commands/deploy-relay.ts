// `migtd deploy relay`: the socat relay between the local MigTD and the peer host, restarted after
// every session (scripts/deploy/relay.ts).
import { ok, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { relayArgs, RelaySupervisor, type RelayOptions } from "../../deploy/relay.ts";
import { DEFAULTS, paths } from "../../deploy/layout.ts";
import { shellLine } from "../../deploy/shell.ts";
import { COMMON_FLAGS, COMMON_HELP, COMMON_VALUES, intOpt, role } from "./deploy-common.ts";

const usage = `usage: migtd deploy relay --role src|dst [--transport vsock|serial] [--vsock-port N]
                          [--listen ADDR] [--peer HOST] [--tcp-port N] [--run-dir D] [--dry-run]

Relays the local MigTD's stream to the peer host over TCP with socat. The MigTD side waits for the
guest: VSOCK-LISTEN on the vsock port the pre-migration names (default 1234 src, 1235 dst), or
with --transport serial, connects (retrying) to the MigTD's virtio-serial socket
<run-dir>/migtd-<role>.serial. On the TCP side the source listens (--listen, default 127.0.0.1;
0.0.0.0 or an address for two hosts) and the destination connects to --peer (default 127.0.0.1),
retrying, so either relay, and either MigTD, may start first. socat carries one session; this
command runs it again after each one until interrupted (--dry-run prints the socat line).

  --tcp-port N   TCP port between the hosts (default ${DEFAULTS.relayTcpPort})
${COMMON_HELP}

exit: 0 stopped by a signal, 2 usage or input error`;

export function relayOptions(args: string[]): { opts: RelayOptions; dryRun: boolean } {
  const p = parseArgs(args, [...COMMON_VALUES, "--transport", "--vsock-port", "--listen", "--peer", "--tcp-port", "--socat"], [...COMMON_FLAGS, "--verbose"]);
  if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
  const r = role(p.values.get("--role"));
  const transport = p.values.get("--transport") ?? "vsock";
  if (transport !== "vsock" && transport !== "serial") throw new UsageError("--transport is vsock or serial");
  if (transport === "serial" && p.values.has("--vsock-port")) throw new UsageError("--vsock-port is for the vsock transport");
  if (r === "src" && p.values.has("--peer")) throw new UsageError("the source listens (--listen); --peer is for the destination");
  if (r === "dst" && p.values.has("--listen")) throw new UsageError("the destination connects (--peer); --listen is for the source");
  const port = intOpt(p.values.get("--tcp-port"), "--tcp-port", DEFAULTS.relayTcpPort, 1, 65535);
  const opts: RelayOptions = {
    guest: transport === "vsock"
      ? { vsockPort: intOpt(p.values.get("--vsock-port"), "--vsock-port", DEFAULTS.vsockPort[r], 1) }
      : { unixSocket: paths(p.values.get("--run-dir") ?? DEFAULTS.runDir, "migtd", r).serial },
    tcp: r === "src" ? { listen: p.values.get("--listen") ?? "127.0.0.1", port } : { connect: p.values.get("--peer") ?? "127.0.0.1", port },
    socat: p.values.get("--socat"), verbose: p.flags.has("--verbose"),
  };
  return { opts, dryRun: p.flags.has("--dry-run") };
}

export const command: Command = {
  name: "deploy relay",
  usage,
  async run(args, io) {
    const { opts, dryRun } = relayOptions(args);
    const argv = relayArgs(opts);
    if (dryRun) {
      io.out(shellLine(argv));
      return ok({ argv, shell: shellLine(argv) });
    }
    const log = (l: string) => process.stderr.write(`${new Date().toISOString()} ${l}\n`);
    log(`relay: + ${shellLine(argv)}`);
    const sup = new RelaySupervisor(argv, log);
    sup.start();
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await sup.stop();
    log(`relay: stopped after ${sup.sessions} session(s)`);
    return ok({ argv, shell: shellLine(argv), sessions: sup.sessions });
  },
};
