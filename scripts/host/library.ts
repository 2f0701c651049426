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

import { Arg, callBytes, coreFn, CoreFn, libraryImports } from "./library-calls.ts";

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
    const instance = new WebAssembly.Instance(module, libraryImports(module, real));
    lib = new CoreLibrary(instance.exports as Record<string, unknown>, instance.exports.memory as WebAssembly.Memory);
    (lib.logs as string[]).push(...logs);
    return lib;
  }

  has(fn: string): boolean {
    return typeof this.exports[fn] === "function";
  }

  fn(name: string): CoreFn {
    return coreFn(this.exports, name);
  }

  // Calls `name` with each Uint8Array passed as (ptr, len) and other values as they are; returns
  // the bytes of the result block.
  callBytes(name: string, ...args: Arg[]): Uint8Array {
    return callBytes(this.exports, this.memory, name, args);
  }

  callString(name: string, ...args: Arg[]): string {
    return Buffer.from(this.callBytes(name, ...args)).toString("utf8");
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
