// The Node implementation of the import ABI (docs/abi.md), wired to an in-process simulator.
// Like the native runtime, every import range-checks guest pointers and traps (throws a
// WebAssembly.RuntimeError) on a bad range; expected failures are ABI_ERR_* values.
import { randomFillSync } from "node:crypto";
import { Simulator } from "../sim/simulator.ts";
import { REG, runSync, SyncMemory } from "../sim/guest.ts";
import { PRIVATE_BASE } from "./gpa.ts";
import { SharedPool } from "./shared-pool.ts";
import { channelsOf } from "./channels.ts";
import { ABI, ABI_REGS_BYTES, EV, PERSIST_MAX, type ImportName } from "./gen/abi.ts";

// The constants come from the ABI's one source, runtime-c/include/migtd_abi.h (rendered into
// ./gen/abi.ts by scripts/gen/abi.ts).
export { ABI, CHAN, CONFIG, EV, IMPORTS, PERSIST_MAX } from "./gen/abi.ts";

export function vectorEvent(vector: number): number {
  return vector === 0x50 ? EV.SERVICE : vector === 0x51 ? EV.QUOTE : vector === 0x52 ? EV.CHANNEL : 0;
}

export interface HostState {
  memory(): WebAssembly.Memory;
  readonly sim: Simulator;
  readonly pool: SharedPool;
  persist: Uint8Array;
  // Enrolled configuration served by config_read (kind -> bytes).
  config: Map<number, Uint8Array>;
  pending: number; // latched events
  // Added to the monotonic clock the core sees: a test can start the core "long after boot" (a
  // TD's clock is far from 0 when requests arrive) without waiting.
  clockOffsetMs?: number;
  log(level: number, text: string): void;
}

function trap(what: string): never {
  throw new WebAssembly.RuntimeError(`import trap: ${what}`);
}

// Range check of [ptr, ptr+len) against linear memory; traps when outside.
function view(h: HostState, ptr: number, len: number): Uint8Array {
  const buf = h.memory().buffer;
  if (ptr < 0 || len < 0 || ptr + len > buf.byteLength) trap(`range ${ptr}+${len} outside linear memory`);
  return new Uint8Array(buf, ptr, len);
}

export function guestMemory(h: HostState): SyncMemory {
  const locate = (gpa: bigint, len: number): Uint8Array | null => {
    const shared = h.pool.resolve(gpa, len);
    if (shared !== undefined) return h.pool.bytes.subarray(shared, shared + len);
    const off = gpa - PRIVATE_BASE;
    const size = BigInt(h.memory().buffer.byteLength);
    if (off < 0n || off + BigInt(len) > size) return null;
    return new Uint8Array(h.memory().buffer, Number(off), len);
  };
  return {
    read: (gpa, len) => { const v = locate(gpa, len); return v ? v.slice() : null; },
    write: (gpa, data) => { const v = locate(gpa, data.length); if (!v) return false; v.set(data); return true; },
  };
}

function regsCall(h: HostState, ptr: number, vmcall: boolean): number {
  if (ptr % 8 !== 0) trap("register block not 8-byte aligned");
  const raw = view(h, ptr, ABI_REGS_BYTES);
  const regs = new BigUint64Array(raw.slice().buffer);
  if (vmcall) {
    const expose = regs[REG.RCX];
    if (expose & 0b11_0011n) return ABI.ERR_UNSUPPORTED; // RAX, RCX, RSP, RBP never exposed
    regs[REG.RAX] = 0n;
  } else if (regs[REG.RAX] === 0n) {
    return ABI.ERR_UNSUPPORTED;
  }
  const rsp = regs[REG.RSP];
  const rbp = regs[REG.RBP];
  runSync(vmcall ? h.sim.vmcall(regs) : h.sim.tdcall(regs), guestMemory(h));
  regs[REG.RSP] = rsp;
  regs[REG.RBP] = rbp;
  view(h, ptr, ABI_REGS_BYTES).set(new Uint8Array(regs.buffer));
  return ABI.OK;
}

// One function per import of the header's list (test/abi.test.ts checks names and arities).
export type ImportFunctions = Record<ImportName, (...args: never[]) => number | bigint | void>;

export function makeImports(h: HostState): { migtd: ImportFunctions } {
  const migtd: ImportFunctions = {
    tdcall: (regs: number) => regsCall(h, regs, false),
    vmcall: (regs: number) => regsCall(h, regs, true),
    gpa_of: (ptr: number, len: number, align: number): bigint => {
      view(h, ptr, len);
      if (align === 0 || (align & (align - 1)) !== 0) return BigInt(ABI.ERR_ALIGN);
      const gpa = PRIVATE_BASE + BigInt(ptr);
      return gpa % BigInt(align) === 0n ? gpa : BigInt(ABI.ERR_ALIGN);
    },
    shared_alloc: (pages: number) => h.pool.alloc(pages),
    shared_gpa: (handle: number): bigint => h.pool.gpa(handle) ?? BigInt(ABI.ERR_BAD_HANDLE),
    shared_write: (handle: number, off: number, src: number, len: number) => {
      const data = view(h, src, len);
      const r = h.pool.region(handle);
      if (!r) return ABI.ERR_BAD_HANDLE;
      if (off + len > r.size) return ABI.ERR_RANGE;
      h.pool.bytes.set(data, r.offset + off);
      return ABI.OK;
    },
    shared_read: (handle: number, off: number, dst: number, len: number) => {
      const out = view(h, dst, len);
      const r = h.pool.region(handle);
      if (!r) return ABI.ERR_BAD_HANDLE;
      if (off + len > r.size) return ABI.ERR_RANGE;
      out.set(h.pool.bytes.subarray(r.offset + off, r.offset + off + len));
      return ABI.OK;
    },
    shared_free: (handle: number) => h.pool.free(handle),
    // The Node host drives the core with migtd_poll and sleeps itself; a wait here only collects
    // what is already pending (it cannot block the event loop).
    wait_event: (mask: number, _timeout: number) => {
      const got = h.pending & mask;
      h.pending &= ~mask;
      return got;
    },
    now_ms: () => BigInt(Math.floor(performance.now() + (h.clockOffsetMs ?? 0))),
    random: (dst: number, len: number) => { randomFillSync(view(h, dst, len)); return ABI.OK; },
    log: (level: number, ptr: number, len: number) => h.log(level, Buffer.from(view(h, ptr, len)).toString("utf8")),
    chan_open: (kind: number, addr: number, len: number) => channelsOf(h).openChannel(kind, view(h, addr, len).slice()),
    chan_send: (ch: number, src: number, len: number) => channelsOf(h).send(ch, view(h, src, len)),
    chan_recv: (ch: number, dst: number, cap: number) => channelsOf(h).recv(ch, view(h, dst, cap)),
    chan_close: (ch: number) => channelsOf(h).close(ch),
    persist_write: (src: number, len: number) => {
      const data = view(h, src, len);
      if (len > PERSIST_MAX) return ABI.ERR_RANGE;
      h.persist = data.slice();
      return ABI.OK;
    },
    config_read: (kind: number, dst: number, cap: number) => {
      const out = view(h, dst, cap);
      const item = h.config.get(kind);
      if (!item) return ABI.ERR_UNAVAILABLE;
      out.set(item.subarray(0, Math.min(cap, item.length)));
      return item.length;
    },
    persist_read: (dst: number, cap: number) => {
      const out = view(h, dst, cap);
      const n = Math.min(cap, h.persist.length);
      out.set(h.persist.subarray(0, n));
      return h.persist.length;
    },
  };
  return { migtd };
}
