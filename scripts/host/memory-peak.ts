// The firmware payload's memory high-water marks (runtime-c/platform/td/memwatch.h): the line it
// prints on COM1 when the host sends the DEBUG_MEMORY_PEAK command (debug.c) and when its core
// stops. They are what shim/memory-map.json sizes Heap and PayloadStack from.
export const DEBUG_MEMORY_PEAK = 0x80000005;
// DEBUG_HEAP_CAP + pages: from now on the core's linear memory may not exceed `pages` 64 KiB
// pages (memory.c), as if the Heap were that small; for out-of-memory tests, sent at boot.
export const DEBUG_HEAP_CAP = 0x80100000;

export interface MemoryPeak {
  heapUsed: number; // bytes from the Heap base to the highest the engine ever claimed (linear memory grown)
  heapSize: number; // the Heap region
  stackUsed: number; // deepest the payload stack has been, bytes below its top
  stackSize: number; // the PayloadStack region
}

const LINE = /runtime: memory peak: heap (\d+) of (\d+), stack (\d+) of (\d+) bytes/;

export function parseMemoryPeak(line: string): MemoryPeak | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [heapUsed, heapSize, stackUsed, stackSize] = m.slice(1).map(Number);
  return { heapUsed, heapSize, stackUsed, stackSize };
}

// The last report among a guest's log lines.
export function lastMemoryPeak(lines: readonly string[]): MemoryPeak | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const p = parseMemoryPeak(lines[i]);
    if (p) return p;
  }
  return undefined;
}
