// Moving bytes across the export boundary for the library API (CLI, tests, benchmarks).
// Inputs: the host calls api_alloc, writes bytes, passes (ptr, len), and frees with api_free.
// Outputs: an export returns a pointer to [u32 length][bytes] made by returnBytes; the host reads
// it and releases it with api_free. These are unmanaged heap blocks, outside the GC's view.

export function api_alloc(len: u32): usize {
  return heap.alloc(<usize>max<u32>(len, 1));
}

export function api_free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

// A copy of host-provided input as a managed array (the host frees its block itself).
export function bytesIn(ptr: usize, len: u32): Uint8Array {
  const out = new Uint8Array(<i32>len);
  memory.copy(out.dataStart, ptr, len);
  return out;
}

export function returnBytes(data: Uint8Array): usize {
  const len = <u32>data.length;
  const ptr = heap.alloc(4 + <usize>len);
  store<u32>(ptr, len);
  memory.copy(ptr + 4, data.dataStart, len);
  return ptr;
}

export function returnString(s: string): usize {
  return returnBytes(Uint8Array.wrap(String.UTF8.encode(s)));
}
