// The library-call protocol of the core (assembly/api/memory.ts), shared by the Node loader
// (library.ts: CLI, tests) and the browser page (scripts/inspect/page/core.ts), so both call the
// core exactly alike. Nothing here needs Node or a DOM.
export type Arg = number | bigint | Uint8Array;
export type CoreFn = (...a: (number | bigint)[]) => number;

// Imports for a library instance: the module's own import list, with `real` where given and every
// other import (TDCALL, VMCALL, channels, ...) answering -1 (ABI_ERR_UNAVAILABLE, docs/abi.md).
export function libraryImports(module: WebAssembly.Module, real: Record<string, unknown>): WebAssembly.Imports {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") continue;
    (imports[imp.module] ??= {})[imp.name] = real[imp.name] ?? (() => -1);
  }
  return imports as WebAssembly.Imports;
}

export function coreFn(exports: Record<string, unknown>, name: string): CoreFn {
  const f = exports[name];
  if (typeof f !== "function") throw new Error(`the core has no export ${name}`);
  return f as CoreFn;
}

// Calls `name` with each Uint8Array copied in with api_alloc and passed as (ptr, len), other values
// as they are; returns the bytes of the [u32 length][bytes] block the call returns, freeing it.
export function callBytes(exports: Record<string, unknown>, memory: WebAssembly.Memory, name: string, args: Arg[]): Uint8Array {
  const alloc = coreFn(exports, "api_alloc");
  const free = coreFn(exports, "api_free");
  const flat: (number | bigint)[] = [];
  const owned: number[] = [];
  try {
    for (const a of args) {
      if (a instanceof Uint8Array) {
        const p = alloc(a.length) >>> 0;
        owned.push(p);
        new Uint8Array(memory.buffer, p, a.length).set(a);
        flat.push(p, a.length);
      } else {
        flat.push(a);
      }
    }
    const out = coreFn(exports, name)(...flat) >>> 0;
    const len = new DataView(memory.buffer).getUint32(out, true);
    const bytes = new Uint8Array(memory.buffer, out + 4, len).slice();
    free(out);
    return bytes;
  } finally {
    for (const p of owned) free(p);
  }
}
