// Runs the core in this Node process (V8) against an in-process simulator: the poll-driven
// driver (docs/abi.md Exports) with trap recovery, like the native runtime's.
import { readFileSync } from "node:fs";
import { Simulator } from "../sim/simulator.ts";
import { runSync } from "../sim/guest.ts";
import { HostState, guestMemory, makeImports, vectorEvent } from "./imports.ts";
import { SharedPool } from "./shared-pool.ts";
import { LEVEL_NAMES, MigtdHost } from "./host.ts";
import { Channels, attachChannels } from "./channels.ts";
import type { VsockConnector } from "../sim/relay.ts";

type CoreExports = {
  memory: WebAssembly.Memory;
  migtd_init(): number;
  migtd_poll(events: number): number;
  migtd_event_mask(): number;
  migtd_stop_code(): number;
  debug_arm_trap?: () => void;
  debug_arm_intake_trap?: () => void;
};

// More traps than this within TRAP_WINDOW_MS means the core cannot recover: stop.
const MAX_TRAPS = 5;
const TRAP_WINDOW_MS = 10_000;

export interface NodeHostOptions {
  wasmPath: string;
  sim: Simulator;
  echo?: boolean; // also print log lines
  // Enrolled configuration (config_read): policy file, root CA DER, CCEL event log.
  config?: { policy?: Uint8Array; rootCa?: Uint8Array; eventLog?: Uint8Array };
  // The host side of CHAN_VSOCK: a relay endpoint (Relay.endpoint("a")) or unixVsock(dir).
  vsock?: VsockConnector;
  clockOffsetMs?: number; // see HostState.clockOffsetMs
}

export class NodeHost implements MigtdHost, HostState {
  readonly name = "node";
  readonly logs: string[] = [];
  traps = 0;
  stopCode: number | undefined;
  readonly sim: Simulator;
  readonly pool = new SharedPool();
  readonly channels: Channels;
  persist = new Uint8Array(0);
  readonly config = new Map<number, Uint8Array>();
  pending = 0;
  clockOffsetMs: number | undefined;
  private module: WebAssembly.Module;
  private core!: CoreExports;
  get exports(): Record<string, unknown> { return this.core as unknown as Record<string, unknown>; }
  private stopped = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private trapTimes: number[] = [];

  constructor(private opts: NodeHostOptions) {
    this.sim = opts.sim;
    this.clockOffsetMs = opts.clockOffsetMs;
    const c = opts.config ?? {};
    if (c.policy) this.config.set(1, c.policy);
    if (c.rootCa) this.config.set(2, c.rootCa);
    if (c.eventLog) this.config.set(3, c.eventLog);
    this.module = new WebAssembly.Module(readFileSync(opts.wasmPath));
    this.channels = attachChannels(this, new Channels({ vsock: opts.vsock, raise: (ev) => this.raise(ev) }));
    this.sim.connect({
      notify: (vector) => this.raise(vectorEvent(vector)),
      runDetached: (task) => { runSync(task, guestMemory(this)); },
    });
  }

  memory(): WebAssembly.Memory {
    return this.core.memory;
  }

  log(level: number, text: string): void {
    const line = `[${LEVEL_NAMES[level] ?? level}] ${text}`;
    this.logs.push(line);
    if (this.opts.echo) console.log(line);
  }

  private raise(ev: number): void {
    this.pending |= ev;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  // Creates a fresh instance without running it (tests drive exports directly).
  instantiate(): void {
    const instance = new WebAssembly.Instance(this.module, makeImports(this));
    this.core = instance.exports as unknown as CoreExports;
  }

  // Returns false when too many traps happened to go on.
  private recover(e: unknown): boolean {
    this.traps++;
    const now = Date.now();
    this.trapTimes = this.trapTimes.filter((t) => now - t < TRAP_WINDOW_MS).concat(now);
    this.log(1, `runtime: core trapped (${(e as Error).message}); re-instantiating`);
    // Shared buffers and channels belonged to the dead instance.
    this.channels.closeAll();
    for (let h = 0; h < 1 << 16; h++) if (this.pool.region(h)) this.pool.free(h);
    if (this.trapTimes.length > MAX_TRAPS) {
      this.log(1, `runtime: ${this.trapTimes.length} traps within ${TRAP_WINDOW_MS} ms; giving up`);
      this.stopCode = 0xff;
      return false;
    }
    return true;
  }

  private boot(): boolean {
    for (;;) {
      try {
        this.instantiate();
        const r = this.core.migtd_init();
        if (r !== 0) { this.stopCode = r; return false; }
        return true;
      } catch (e) {
        if (!this.recover(e)) return false;
      }
    }
  }

  async start(): Promise<void> {
    if (!this.boot()) return;
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    let events = 0;
    while (!this.stopped) {
      let sleep: number;
      try {
        sleep = this.core.migtd_poll(events);
      } catch (e) {
        if (!this.recover(e) || !this.boot()) return;
        events = 0;
        continue;
      }
      if (sleep < 0) {
        this.stopCode = this.core.migtd_stop_code();
        return;
      }
      events = await this.waitEvent(this.core.migtd_event_mask(), sleep);
    }
  }

  private waitEvent(mask: number, timeoutMs: number): Promise<number> {
    const take = () => { const got = this.pending & mask; this.pending &= ~mask; return got; };
    if ((this.pending & mask) !== 0 || timeoutMs === 0) return Promise.resolve(take());
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = null; resolve(take()); }, timeoutMs);
      this.wake = () => { clearTimeout(timer); resolve(take()); };
    });
  }

  async armTrap(): Promise<void> {
    if (!this.core.debug_arm_trap) throw new Error("this core has no debug_arm_trap export (use the debug build)");
    this.core.debug_arm_trap();
  }

  async armIntakeTrap(): Promise<void> {
    if (!this.core.debug_arm_intake_trap) throw new Error("this core has no debug_arm_intake_trap export (use the debug build)");
    this.core.debug_arm_intake_trap();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.raise(0);
    await this.loopDone;
  }
}
