// Guest-memory access for simulator handlers. A handler is a generator that yields memory
// operations; a driver answers them — synchronously against a Wasm memory in Node, or
// asynchronously over the simulator link (docs/sim-protocol.md) for native and QEMU runtimes. So
// one implementation of the TDX module and VMM serves every host.

export type MemOp =
  | { kind: "read"; gpa: bigint; len: number }
  | { kind: "write"; gpa: bigint; data: Uint8Array };

// A read answers Uint8Array (or null: bad address); a write answers true/false.
export type MemAnswer = Uint8Array | boolean | null;
export type GuestTask<T> = Generator<MemOp, T, MemAnswer>;

export function* readGuest(gpa: bigint, len: number): GuestTask<Uint8Array | null> {
  const r = yield { kind: "read", gpa, len };
  return r instanceof Uint8Array && r.length === len ? r : null;
}

export function* writeGuest(gpa: bigint, data: Uint8Array): GuestTask<boolean> {
  const r = yield { kind: "write", gpa, data };
  return r === true;
}

export interface SyncMemory {
  read(gpa: bigint, len: number): Uint8Array | null;
  write(gpa: bigint, data: Uint8Array): boolean;
}

export interface AsyncMemory {
  read(gpa: bigint, len: number): Promise<Uint8Array | null>;
  write(gpa: bigint, data: Uint8Array): Promise<boolean>;
}

export function runSync<T>(task: GuestTask<T>, mem: SyncMemory): T {
  let step = task.next();
  while (!step.done) {
    const op = step.value;
    step = task.next(op.kind === "read" ? mem.read(op.gpa, op.len) : mem.write(op.gpa, op.data));
  }
  return step.value;
}

export async function runAsync<T>(task: GuestTask<T>, mem: AsyncMemory): Promise<T> {
  let step = task.next();
  while (!step.done) {
    const op = step.value;
    step = task.next(op.kind === "read" ? await mem.read(op.gpa, op.len) : await mem.write(op.gpa, op.data));
  }
  return step.value;
}

// The 16-register block (docs/abi.md): GPR encoding order, as enum abi_reg in migtd_abi.h.
export { REG } from "../host/gen/abi.ts";
export type Regs = BigUint64Array;
