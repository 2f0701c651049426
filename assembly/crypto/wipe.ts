// Zeroing of secrets (keys, key schedules, intermediate hash states) once they are no longer needed.
//
// Why the zeroing survives optimisation: linear memory is exported, so every store into it is
// observable by the host after the call returns and Binaryen cannot treat it as dead, even when the
// buffer is never read again by the core. Keeping the fill in a @noinline function makes that
// reasoning local: no caller can inline it next to a free() and let a future pass pair them up.

// Zero a whole byte array.
export function wipe(buf: Uint8Array): void {
  wipeRaw(buf.dataStart, <usize>buf.byteLength);
}

// Zero `len` bytes of linear memory at `ptr`.
// @ts-ignore: decorator
@noinline
export function wipeRaw(ptr: usize, len: usize): void {
  if (len == 0) return;
  memory.fill(ptr, 0, len);
}
