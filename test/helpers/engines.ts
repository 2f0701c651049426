// The engines a library test module runs on: Node (V8) always, and natively (wasm2c, or wasm3 with
// MIGTD_ENGINE=wasm3 and WASM3_SRC: native-engine.ts) when test/helpers/native-engine.ts is
// present. With MIGTD_ENGINE=wasm3 and no WASM3_SRC the native runs are left out, saying so.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { nodeEngine, type Engine } from "./engine";

const HERE = resolve(import.meta.dirname);
let said = false;

export interface EngineFactory {
  name: string;
  make(): Promise<Engine>;
}

// `wasm` is asked for on each make(), so a module can be built lazily.
export function engineFactories(wasm: () => string): EngineFactory[] {
  const list: EngineFactory[] = [{ name: "node", make: () => nodeEngine(wasm()) }];
  const native = join(HERE, "native-engine.ts");
  const engine = process.env.MIGTD_ENGINE?.trim() || "wasm2c";
  if (existsSync(native) && engine === "wasm3" && !process.env.WASM3_SRC) {
    if (!said) process.stderr.write("MIGTD_ENGINE=wasm3 without WASM3_SRC: native (wasm3) runs of the library test modules skipped\n");
    said = true;
  } else if (existsSync(native)) {
    list.push({
      name: engine === "wasm2c" ? "native" : `native (${engine})`,
      make: async () => {
        // native-engine.ts resolves paths from __dirname, which plain ESM (tsx, the bench runner)
        // lacks; vitest defines it. Provide the module's directory when it is missing.
        const g = globalThis as { __dirname?: string };
        if (g.__dirname === undefined) g.__dirname = HERE;
        const mod = await import(native);
        return mod.nativeEngine(wasm()) as Promise<Engine>;
      },
    });
  }
  return list;
}
