// One interface over "a Wasm module instantiated by some engine", so the same test drives the
// module in Node (V8) and natively (wasm2c, see test/helpers/native-engine.ts).
import { readFileSync } from "node:fs";

export type Num = number | bigint;

export interface Engine {
  readonly name: string;
  call(fn: string, ...args: Num[]): Promise<Num>;
  write(ptr: number, bytes: Uint8Array): Promise<void>;
  read(ptr: number, len: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

// Imports for library test modules: only log is meaningful; the rest fail loudly if used.
function libraryImports(getMemory: () => WebAssembly.Memory, logs: string[]): WebAssembly.Imports {
  const unavailable = () => -1;
  return {
    migtd: new Proxy(
      {
        log: (_level: number, ptr: number, len: number) => {
          logs.push(Buffer.from(getMemory().buffer, ptr, len).toString("utf8"));
        },
        now_ms: () => BigInt(Math.floor(performance.now())),
        random: (ptr: number, len: number) => {
          crypto.getRandomValues(new Uint8Array(getMemory().buffer, ptr, len));
          return 0;
        },
      } as Record<string, unknown>,
      { get: (t, k: string) => (k in t ? t[k] : unavailable) },
    ),
  };
}

export async function nodeEngine(wasmPath: string): Promise<Engine> {
  let memory: WebAssembly.Memory | undefined;
  const logs: string[] = [];
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, libraryImports(() => memory!, logs));
  memory = instance.exports.memory as WebAssembly.Memory;
  const exports = instance.exports as Record<string, (...a: Num[]) => Num>;
  return {
    name: "node",
    async call(fn, ...args) {
      const f = exports[fn];
      if (typeof f !== "function") throw new Error(`no export ${fn}`);
      return f(...args);
    },
    async write(ptr, bytes) {
      new Uint8Array(memory!.buffer, ptr, bytes.length).set(bytes);
    },
    async read(ptr, len) {
      return new Uint8Array(memory!.buffer, ptr, len).slice();
    },
    async close() {},
  };
}
