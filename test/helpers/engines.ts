// The engines a library test module runs on: Node (V8) always, and wasm2c natively when
// test/helpers/native-engine.ts is present.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { nodeEngine, type Engine } from "./engine";

const HERE = resolve(import.meta.dirname);

export interface EngineFactory {
  name: string;
  make(): Promise<Engine>;
}

// `wasm` is asked for on each make(), so a module can be built lazily.
export function engineFactories(wasm: () => string): EngineFactory[] {
  const list: EngineFactory[] = [{ name: "node", make: () => nodeEngine(wasm()) }];
  const native = join(HERE, "native-engine.ts");
  if (existsSync(native)) {
    list.push({
      name: "native",
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
