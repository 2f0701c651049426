// Runs the core as a native Linux process (migtd-linux of either engine: scripts/host/artefacts.ts;
// its first log line names the engine) linked to an
// in-process simulator over a Unix socket (docs/sim-protocol.md).
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Simulator } from "../sim/simulator.ts";
import { LinkConnection, listenLink } from "../sim/link.ts";
import { MigtdHost } from "./host.ts";

export interface NativeHostOptions {
  binary: string;
  sim: Simulator;
  echo?: boolean;
  connectTimeoutMs?: number;
  vsockDir?: string; // where vsock (cid, port) connects: <dir>/<cid>-<port>.sock
  config?: { policy?: Uint8Array; rootCa?: Uint8Array; eventLog?: Uint8Array }; // enrolled items
}

export class NativeHost implements MigtdHost {
  readonly name = "native";
  readonly logs: string[] = [];
  traps = 0;
  stopCode: number | undefined;
  private dir = mkdtempSync(join(tmpdir(), "migtd-native-"));
  private server?: Server;
  private proc?: ChildProcess;
  private link?: LinkConnection;
  private exited: Promise<void> = Promise.resolve();

  constructor(private opts: NativeHostOptions) {}

  async start(): Promise<void> {
    const path = join(this.dir, "sim.sock");
    let connected!: () => void;
    const hello = new Promise<void>((r) => (connected = r));
    this.server = await listenLink(path, this.opts.sim, (c) => {
      this.link = c;
      c.onHello = connected;
    });
    const args = ["--sim", path, "--log-level", "4"];
    if (this.opts.vsockDir) args.push("--vsock-dir", this.opts.vsockDir);
    // The enrolled items reach the runtime as files (--policy, --root-ca, --event-log).
    const c = this.opts.config ?? {};
    for (const [flag, bytes, name] of [["--policy", c.policy, "policy.json"], ["--root-ca", c.rootCa, "root.der"], ["--event-log", c.eventLog, "ccel.bin"]] as const) {
      if (!bytes) continue;
      const file = join(this.dir, name);
      writeFileSync(file, bytes);
      args.push(flag, file);
    }
    this.proc = spawn(this.opts.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let partial = "";
    const onData = (d: Buffer) => {
      partial += d.toString("utf8");
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const l of lines) {
        this.logs.push(l);
        if (/runtime: core trapped/.test(l)) this.traps++;
        if (this.opts.echo) console.log(l);
      }
    };
    this.proc.stdout!.on("data", onData);
    this.proc.stderr!.on("data", onData);
    this.exited = new Promise((r) => this.proc!.on("exit", (code) => { this.stopCode = code ?? 0xff; r(); }));
    // The timer is cleared once the race is decided: left armed it would keep the process (make
    // demo) alive for its whole length after the work is done.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, rej) => (timer = setTimeout(() => rej(new Error("native runtime did not connect")), this.opts.connectTimeoutMs ?? 10_000)));
    try {
      await Promise.race([hello, timeout, this.exited.then(() => { throw new Error(`native runtime exited early: ${this.logs.slice(-5).join(" | ")}`); })]);
    } finally {
      clearTimeout(timer);
    }
    this.bootCpuMs = this.processCpuMs();
  }

  async armTrap(): Promise<void> {
    this.link?.sendDebug(1);
    // The command is served when the runtime next reads the link; give it a moment.
    await new Promise((r) => setTimeout(r, 20));
  }

  async armIntakeTrap(): Promise<void> {
    this.link?.sendDebug(2);
    await new Promise((r) => setTimeout(r, 20));
  }

  // CPU time (user + system, ms) the runtime process has used, read from /proc before it ends.
  cpuMs: number | undefined;
  // CPU time used up to the end of start() (boot, config, Query): cpuMs - bootCpuMs is the work.
  bootCpuMs: number | undefined;

  // schedstat's first field is the time on CPU in nanoseconds (the runtime is single-threaded);
  // /proc/<pid>/stat counts only in clock ticks (10 ms), too coarse for one pre-migration.
  private processCpuMs(): number | undefined {
    try {
      const ns = Number(readFileSync(`/proc/${this.proc!.pid}/schedstat`, "utf8").split(" ")[0]);
      if (Number.isFinite(ns) && ns > 0) return ns / 1e6;
    } catch {
      // fall through to the tick count
    }
    try {
      const stat = readFileSync(`/proc/${this.proc!.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
    } catch {
      return undefined;
    }
  }

  private readCpu(): void {
    this.cpuMs = this.processCpuMs();
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.readCpu();
      this.proc.kill("SIGTERM");
    }
    await this.exited;
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
