// The MigTD core in the browser, loaded exactly as the CLI loads it (scripts/host/library.ts): the
// same import list read from the module itself; log, random and now_ms are real (Web Crypto and
// performance.now), every other import (TDCALL, VMCALL, channels, ...) answers -1
// (ABI_ERR_UNAVAILABLE, docs/abi.md), so nothing here can reach a TDX module or a network.
// Inputs are copied in with api_alloc; results come back as [u32 length][JSON] blocks.
import { Arg, callBytes, libraryImports } from "../../host/library-calls.ts";

export class BrowserCore {
  readonly logs: string[] = [];
  private constructor(private readonly exports: Record<string, unknown>, private readonly memory: WebAssembly.Memory) {}

  static async load(bytes: Uint8Array): Promise<BrowserCore> {
    const module = await WebAssembly.compile(bytes as BufferSource);
    let core: BrowserCore | undefined;
    const pending: string[] = [];
    const mem = () => core!.memory;
    const real: Record<string, unknown> = {
      log: (_level: number, ptr: number, len: number) => {
        const text = new TextDecoder().decode(new Uint8Array(mem().buffer, ptr, len));
        (core ? core.logs : pending).push(text);
      },
      random: (ptr: number, len: number) => {
        // getRandomValues fills at most 65536 bytes per call.
        for (let off = 0; off < len; off += 65536) {
          crypto.getRandomValues(new Uint8Array(mem().buffer, ptr + off, Math.min(65536, len - off)));
        }
        return 0;
      },
      now_ms: () => BigInt(Math.floor(performance.now())),
    };
    const instance = await WebAssembly.instantiate(module, libraryImports(module, real));
    core = new BrowserCore(instance.exports as Record<string, unknown>, instance.exports.memory as WebAssembly.Memory);
    core.logs.push(...pending);
    return core;
  }

  callBytes(name: string, ...args: Arg[]): Uint8Array {
    return callBytes(this.exports, this.memory, name, args);
  }

  callJson<T = any>(name: string, ...args: Arg[]): T {
    return JSON.parse(new TextDecoder().decode(this.callBytes(name, ...args))) as T;
  }

  callString(name: string, ...args: Arg[]): string {
    return new TextDecoder().decode(this.callBytes(name, ...args));
  }
}
