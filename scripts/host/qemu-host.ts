// Runs the firmware (migtd.bin) as a plain QEMU guest without TDX (docs/firmware.md): COM1 is the
// MigTD log (lines into `logs`), COM2 the simulator link (docs/sim-protocol.md, served by
// scripts/sim/link.ts), and a virtio-serial port 1 whose chardev is a Unix socket: the
// MigTD-to-MigTD stream (migtd.md §2.2). QEMU runs under TCG unless `accel` says otherwise.
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Simulator } from "../sim/simulator.ts";
import { LinkConnection, listenLink } from "../sim/link.ts";
import type { Relay, Side } from "../sim/relay.ts";
import { buildImage } from "../image/image.ts";
import { MigtdHost } from "./host.ts";
import { artefacts } from "./artefacts.ts";
import { defaultEnrollment } from "../sim/enrollment.ts";
import { isPemAnchor } from "../sim/firmware-boot.ts";
import { DEBUG_MEMORY_PEAK, parseMemoryPeak, type MemoryPeak } from "./memory-peak.ts";

export interface QemuHostOptions {
  image: string;
  sim: Simulator;
  // The virtio-serial chardev: a Unix socket QEMU connects to (server: false, the default; it
  // must be listening before start) or listens on (server: true).
  serial?: { path: string; server?: boolean };
  accel?: "tcg" | "kvm";
  memMiB?: number;
  echo?: boolean;
  // Until the core prints `Loop to wait for request` (TCG boots take seconds).
  bootTimeoutMs?: number;
  // DEBUG commands sent as soon as the firmware says HELLO on the link, so they are served
  // before the core is instantiated (e.g. DEBUG_HEAP_CAP, memory-peak.ts).
  bootDebug?: number[];
}

const READY = /Loop to wait for request/;
const STOPPED = /runtime: core stopped with (\d+)/;

// The QEMU arguments for one MigTD guest; exported so the CLI and docs show the same command.
export function qemuArgs(o: { image: string; simSocket: string; serial?: QemuHostOptions["serial"]; accel?: string; memMiB?: number }): string[] {
  const args = [
    "-machine", "q35", "-accel", o.accel ?? "tcg", "-cpu", "max", "-m", `${o.memMiB ?? 32}M`, "-bios", o.image,
    "-nodefaults", "-display", "none", "-no-reboot", "-monitor", "none",
    "-serial", "stdio",
    "-chardev", `socket,id=sim,path=${o.simSocket}`, "-serial", "chardev:sim",
  ];
  if (o.serial) {
    const server = o.serial.server ? ",server=on,wait=off" : "";
    args.push(
      "-chardev", `socket,id=migtd-stream,path=${o.serial.path}${server}`,
      // Modern-only virtio-pci (1AF4:1043), what the firmware's driver expects.
      "-device", "virtio-serial-pci,id=vser0,disable-legacy=on",
      "-device", "virtserialport,bus=vser0.0,nr=1,chardev=migtd-stream",
    );
  }
  return args;
}

export class QemuHost implements MigtdHost {
  readonly name = "qemu";
  readonly logs: string[] = [];
  traps = 0;
  stopCode: number | undefined;
  // Milliseconds from spawning QEMU to the core's request loop.
  bootMs: number | undefined;
  private dir = mkdtempSync(join(tmpdir(), "migtd-qemu-"));
  private server?: Server;
  private proc?: ChildProcess;
  private link?: LinkConnection;
  private exited: Promise<void> = Promise.resolve();
  private stderr = "";

  constructor(private opts: QemuHostOptions) {}

  // The virtio-serial chardev's socket, when the guest has one.
  get serialPath(): string | undefined { return this.opts.serial?.path; }

  // Every QEMU this process started and has not yet seen exit: killed when the process exits, so a
  // test that times out (its finally never runs) cannot leave a guest spinning.
  private static live = new Set<ChildProcess>();
  static {
    const killAll = () => { for (const p of QemuHost.live) p.kill("SIGKILL"); };
    process.on("exit", killAll);
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      process.once(sig, () => { killAll(); process.exit(128 + (sig === "SIGTERM" ? 15 : 2)); });
    }
  }

  async start(): Promise<void> {
    const simSocket = join(this.dir, "sim.sock");
    this.server = await listenLink(simSocket, this.opts.sim, (c) => {
      this.link = c;
      if (this.opts.bootDebug) c.onHello = () => this.opts.bootDebug!.forEach((d) => c.sendDebug(d));
    });
    const args = qemuArgs({ image: this.opts.image, simSocket, serial: this.opts.serial, accel: this.opts.accel, memMiB: this.opts.memMiB });
    const t0 = performance.now();
    let ready!: () => void;
    const booted = new Promise<void>((r) => (ready = r));
    this.proc = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "pipe", "pipe"] });
    const proc = this.proc;
    QemuHost.live.add(proc);
    proc.on("exit", () => QemuHost.live.delete(proc));
    let partial = "";
    this.proc.stdout!.on("data", (d: Buffer) => {
      partial += d.toString("latin1");
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const raw of lines) {
        const l = raw.replace(/\r$/, "");
        this.logs.push(l);
        if (this.opts.echo) console.log(l);
        if (/runtime: core trapped/.test(l)) this.traps++;
        const stop = STOPPED.exec(l);
        if (stop) {
          this.stopCode = Number(stop[1]);
          ready(); // a core that stopped at boot (e.g. Query unsupported) is done booting too
        }
        if (READY.test(l) && this.bootMs === undefined) {
          this.bootMs = performance.now() - t0;
          ready();
        }
      }
    });
    this.proc.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.exited = new Promise((r) => this.proc!.on("exit", () => r()));
    const limit = this.opts.bootTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, rej) => (timer = setTimeout(() => rej(new Error(`QEMU MigTD not serving after ${limit} ms: ${this.tail()}`)), limit)));
    const early = this.exited.then(() => { throw new Error(`QEMU exited early: ${this.tail()}`); });
    try {
      await Promise.race([booted, timeout, early]);
    } finally {
      clearTimeout(timer);
    }
  }

  private tail(): string {
    return `log=${JSON.stringify(this.logs.slice(-8))} stderr=${JSON.stringify(this.stderr.slice(-500))}`;
  }

  // A DEBUG command over the link (docs/sim-protocol.md), served at the firmware's next TDCALL,
  // VMCALL or wait.
  debug(command: number): void {
    this.link?.sendDebug(command);
  }

  async armTrap(): Promise<void> {
    this.link?.sendDebug(1);
    // Served when the firmware next reads COM2.
    await new Promise((r) => setTimeout(r, 50));
  }

  async armIntakeTrap(): Promise<void> {
    this.link?.sendDebug(2);
    await new Promise((r) => setTimeout(r, 50));
  }

  // Asks the payload for its memory high-water marks (memory-peak.ts) and waits for the line; the
  // firmware serves the command at its next TDCALL/VMCALL or wait.
  async memoryPeak(timeoutMs = 30_000): Promise<MemoryPeak> {
    const from = this.logs.length;
    this.debug(DEBUG_MEMORY_PEAK);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = from; i < this.logs.length; i++) {
        const p = parseMemoryPeak(this.logs[i]);
        if (p) return p;
      }
      if (Date.now() > deadline) throw new Error(`no memory peak report within ${timeoutMs} ms: ${this.tail()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
    await this.exited;
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// The parts `make image` / `make firmware-parts` leave in the selected engine's fw directory
// (build/fw for wasm2c, build/wasm3/fw for wasm3: scripts/host/artefacts.ts, mk/shim.mk); `raw`:
// the payload built for the RAW host interface (mk/raw-image.mk).
export function firmwareParts(fwDir = artefacts().fwDir, raw = false) {
  const part = (f: string) => {
    const p = join(fwDir, f);
    if (!existsSync(p)) throw new Error(`${p} is missing: run make image first`);
    return readFileSync(p);
  };
  return { resetVector: part("resetvector.bin"), shimElf: part("shim.elf"), payloadElf: part(raw ? "payload-raw.elf" : "payload.elf") };
}

export interface QemuPairSideOptions {
  side: Side;
  sim: Simulator;
  policy: Uint8Array;
  rootCa: Uint8Array; // or, for a V2 MigTD, the policy issuer chain (PEM), as scripts/sim/pair.ts passes it
  relay: Relay;
  dir: string; // scratch directory of the pair run
  cid: bigint;
  port: number;
  sessions: number;
  echo?: boolean;
  fwDir?: string; // whose firmware parts (default: the selected engine's)
  // "raw": the RAW image; the stream travels in the MigTD leaf's Send/Receive (the simulator's
  // RawRelay), so there is no virtio-serial device and no session limit.
  iface?: "service" | "raw";
  bootDebug?: number[]; // QemuHostOptions.bootDebug
}

// One side of scripts/sim/pair.ts under QEMU: an image enrolling this side's policy and root CA
// (V1) or signed policy and issuer chain (V2, in the CFV file Intel's V2 MigTD reads),
// and a virtio-serial chardev listening for the relay (Relay.connectUnix) on (cid, port). The
// core's CHAN_VSOCK open for that (cid, port) is served by virtio-serial port 1 (docs/firmware.md),
// so the relay pairs the two QEMUs' connections exactly as it pairs two native runtimes' vsock
// connections, one connection per migration.
export async function qemuPairSide(o: QemuPairSideOptions): Promise<QemuHost> {
  const raw = o.iface === "raw";
  if (o.sessions !== 1 && !raw) throw new Error("qemu host: one session per pair run (virtio-serial port 1 is a single stream)");
  const image = join(o.dir, `${o.side}.bin`);
  const anchor = Buffer.from(o.rootCa);
  writeFileSync(image, buildImage({ ...firmwareParts(o.fwDir, raw), policy: Buffer.from(o.policy), ...(isPemAnchor(anchor) ? { issuerChain: anchor } : { rootCa: anchor }) }).image);
  // The firmware measures its own config volume and its payload replays that event log into the
  // simulated RTMRs (runtime-c/platform/td/replay.c): the simulated boot's values must go.
  for (const r of o.sim.tdx.rtmr) r.fill(0);
  if (raw) return new QemuHost({ image, sim: o.sim, echo: o.echo, bootDebug: o.bootDebug });
  const sideDir = join(o.dir, o.side);
  mkdirSync(sideDir, { recursive: true });
  // The guest's chardev listens; the relay connects to it for each migration and closes the
  // connection once both MigTDs reported it (scripts/sim/pair.ts), as socat does in deployment:
  // the port carries one stream per migration, whose end the guest sees (PORT_OPEN 0).
  const path = join(sideDir, `${o.cid}-${o.port}.sock`);
  return new QemuHost({ image, sim: o.sim, serial: { path, server: true }, echo: o.echo, bootDebug: o.bootDebug });
}

// A MigTD under QEMU for the single-MigTD VMM scenarios: an image enrolling the simulated world's
// default policy and test root CA (scripts/sim/enrollment.ts), no transport device, and
// optionally the debug core (for the trap-recovery scenario). The image goes into `dir`.
export function qemuScenarioHost(sim: Simulator, dir: string, debugCore = false, raw = false): QemuHost {
  const parts = firmwareParts(undefined, raw);
  if (debugCore) parts.payloadElf = firmwarePart("payload-debug.elf");
  const e = defaultEnrollment();
  const image = join(dir, `scenario${raw ? "-raw" : ""}${debugCore ? "-debug" : ""}.bin`);
  if (!existsSync(image)) writeFileSync(image, buildImage({ ...parts, policy: Buffer.from(e.policy), rootCa: Buffer.from(e.rootCa) }).image);
  for (const r of sim.tdx.rtmr) r.fill(0); // the firmware measures and replays its own log
  return new QemuHost({ image, sim });
}

function firmwarePart(name: string): Buffer {
  const p = join(artefacts().fwDir, name);
  if (!existsSync(p)) throw new Error(`${p} is missing: run make firmware-parts first`);
  return readFileSync(p);
}
