// The MigTD-to-MigTD relay: one socat per host pairing the local MigTD's transport with a TCP
// connection between the hosts (tdx-tools utils/td-migration/connect.sh pairs TCP with VSOCK the
// same way). Either side may start first, in any order with the MigTDs:
//   - the MigTD side waits for the guest: VSOCK-LISTEN (the MigTD connects out over vsock), or
//     UNIX-CONNECT with retries to QEMU's virtio-serial chardev (QEMU listens, server=on);
//   - on the TCP side one host listens (the source, by convention) and the other connects with
//     retries, so a destination relay started first simply keeps trying.
// socat carries one session and exits when either end closes; `migtd deploy relay` restarts it,
// so the next pre-migration finds the relay ready again.
import { spawn, type ChildProcess } from "node:child_process";
import type { Argv } from "./shell.ts";

export interface RelayOptions {
  guest: { vsockPort: number } | { unixSocket: string };
  tcp: { listen: string; port: number } | { connect: string; port: number };
  socat?: string;
  verbose?: boolean;
}

const RETRY = "forever,interval=0.5";

export function relayArgs(o: RelayOptions): Argv {
  const guest = "vsockPort" in o.guest ? `VSOCK-LISTEN:${o.guest.vsockPort},reuseaddr` : `UNIX-CONNECT:${o.guest.unixSocket},${RETRY}`;
  const tcp = "listen" in o.tcp ? `TCP4-LISTEN:${o.tcp.port},bind=${o.tcp.listen},reuseaddr` : `TCP4:${o.tcp.connect}:${o.tcp.port},${RETRY}`;
  return [o.socat ?? "socat", ...(o.verbose ? ["-d", "-d"] : ["-d"]), guest, tcp];
}

// Runs socat again after every session (or failure) until stop() is called.
export class RelaySupervisor {
  private child: ChildProcess | undefined;
  private stopped = false;
  sessions = 0;

  constructor(private readonly argv: Argv, private readonly log: (line: string) => void, private readonly pauseMs = 300) {}

  start(): void {
    if (this.stopped) return;
    const [cmd, ...args] = this.argv;
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    this.child = child;
    child.stderr!.on("data", (d: Buffer) => { for (const l of d.toString().split("\n")) if (l.trim()) this.log(`socat: ${l.trim()}`); });
    child.on("error", (e) => this.log(`relay: cannot start ${cmd}: ${e.message}`));
    child.on("exit", (code, signal) => {
      this.child = undefined;
      if (this.stopped) return;
      this.sessions++;
      this.log(`relay: socat ended (${signal ?? `exit ${code}`}); restarting`);
      setTimeout(() => this.start(), this.pauseMs);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const c = this.child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  }
}
