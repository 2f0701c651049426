// Loads the core (build/migtd-core.wasm by default) as a library for the CLI and tests: only the
// imports a library call can use are real (log, random via node:crypto, now_ms); every other
// import answers -1 (ABI_ERR_UNAVAILABLE, docs/abi.md). Inputs are copied in with api_alloc, JSON
// results come back through the [u32 length][bytes] blocks of assembly/api/memory.ts.
import { readFileSync, existsSync } from "node:fs";
import { randomFillSync } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
export const defaultCorePath = join(repoRoot, "build", "migtd-core.wasm");

type Arg = number | bigint | Uint8Array;

export class CoreLibrary {
  readonly logs: string[] = [];
  private constructor(
    private readonly exports: Record<string, unknown>,
    private readonly memory: WebAssembly.Memory,
  ) {}

  static load(path: string = defaultCorePath): CoreLibrary {
    if (!existsSync(path)) throw new Error(`${path} not found: build the core first (make core)`);
    const module = new WebAssembly.Module(readFileSync(path));
    let lib: CoreLibrary | undefined;
    const mem = () => lib!.memory;
    const logs: string[] = [];
    const real: Record<string, unknown> = {
      log: (_level: number, ptr: number, len: number) => {
        logs.push(Buffer.from(mem().buffer, ptr, len).toString("utf8"));
      },
      random: (ptr: number, len: number) => {
        randomFillSync(new Uint8Array(mem().buffer, ptr, len));
        return 0;
      },
      now_ms: () => BigInt(Math.floor(performance.now())),
    };
    const imports: Record<string, unknown> = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.kind !== "function") continue;
      imports[imp.name] = real[imp.name] ?? (() => -1);
    }
    const instance = new WebAssembly.Instance(module, { migtd: imports } as WebAssembly.Imports);
    lib = new CoreLibrary(instance.exports as Record<string, unknown>, instance.exports.memory as WebAssembly.Memory);
    (lib.logs as string[]).push(...logs);
    return lib;
  }

  has(fn: string): boolean {
    return typeof this.exports[fn] === "function";
  }

  private fn(name: string): (...a: (number | bigint)[]) => number {
    const f = this.exports[name];
    if (typeof f !== "function") throw new Error(`the core has no export ${name}`);
    return f as (...a: (number | bigint)[]) => number;
  }

  // Calls `name` with each Uint8Array passed as (ptr, len) and other values as they are; returns
  // the bytes of the result block.
  callBytes(name: string, ...args: Arg[]): Uint8Array {
    const alloc = this.fn("api_alloc");
    const free = this.fn("api_free");
    const flat: (number | bigint)[] = [];
    const owned: number[] = [];
    try {
      for (const a of args) {
        if (a instanceof Uint8Array) {
          const p = alloc(a.length) >>> 0;
          owned.push(p);
          new Uint8Array(this.memory.buffer, p, a.length).set(a);
          flat.push(p, a.length);
        } else {
          flat.push(a);
        }
      }
      const out = this.fn(name)(...flat) >>> 0;
      const len = new DataView(this.memory.buffer).getUint32(out, true);
      const bytes = new Uint8Array(this.memory.buffer, out + 4, len).slice();
      free(out);
      return bytes;
    } finally {
      for (const p of owned) free(p);
    }
  }

  callJson<T = any>(name: string, ...args: Arg[]): T {
    return JSON.parse(Buffer.from(this.callBytes(name, ...args)).toString("utf8")) as T;
  }
}

let shared: CoreLibrary | undefined;

// One library instance per process, loaded on first use from $MIGTD_CORE when set (else
// build/migtd-core.wasm).
export function sharedCore(): CoreLibrary {
  shared ??= CoreLibrary.load(process.env.MIGTD_CORE ?? undefined);
  return shared;
}
