// Zeroing of secrets (keys, key schedules, intermediate hash states) once they are no longer needed.
//
// Why the zeroing survives optimisation: linear memory is exported (and shared with the runtime),
// so every store into it is observable after the core returns, and Binaryen only drops a store
// that a later store in the same function overwrites before anything can observe it. It knows
// nothing of the allocator, so "the block is freed next" does not make a store dead. Under wasm2c
// the memory is a heap object that escapes every function (imports can read it), so the C
// compiler cannot drop the fill either. A plain memory.fill therefore suffices; keeping it behind
// this one function gives a single place to audit.

// Zero a whole byte array.
export function wipe(buf: Uint8Array): void {
  wipeRaw(buf.dataStart, <usize>buf.byteLength);
}

// Zero `len` bytes of linear memory at `ptr`.
export function wipeRaw(ptr: usize, len: usize): void {
  if (len == 0) return;
  memory.fill(ptr, 0, len);
}
