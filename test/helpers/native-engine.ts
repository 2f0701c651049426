// The native engine for tests: a Wasm module on the C runtime (runtime-c/), wasm2c by default or
// wasm3 with MIGTD_ENGINE=wasm3 and WASM3_SRC, driven through its harness executable over
// stdin/stdout (protocol in runtime-c/platform/linux/harness_main.c). `make` builds the harness
// when it is missing or stale: build/test/<name>.wasm -> build/test/<name>.native (wasm3:
// build/wasm3/test/<name>.native), build/runtime-test/<name>.wasm -> build/runtime-test/<name>.native.
import { spawn, spawnSync } from "node:child_process";
import { resolve, relative } from "node:path";
import { createInterface } from "node:readline";
import type { Engine, Num } from "./engine";

const ROOT = resolve(import.meta.dirname, "..", "..");

// A trap reported by the harness (the module, or an import on a bad pointer, trapped). The
// instance stays usable afterwards, as after a RuntimeError in V8.
export class NativeTrap extends Error {
  constructor(readonly trap: string) {
    super(`wasm trap: ${trap}`);
    this.name = "NativeTrap";
  }
}

export interface NativeEngine extends Engine {
  // Log lines the module and the runtime wrote (stderr of the harness).
  readonly logs: string[];
  // A fresh instance of the module (the runtime's persist area survives, like trap recovery).
  reset(): Promise<void>;
}

// Builds (if needed) the executable `target` (path relative to the repository) with make. Runs
// under flock so parallel test files do not build the same objects at once; each target is
// checked once per test process.
const built = new Set<string>();
export function buildNative(target: string, vars: string[] = []): void {
  if (built.has(target)) return;
  const make = ["make", "-s", "--no-print-directory", target, ...vars];
  const hasFlock = spawnSync("sh", ["-c", "command -v flock"], { encoding: "utf8" }).status === 0;
  const cmd = hasFlock ? ["flock", resolve(ROOT, "build", ".native-make.lock"), ...make] : make;
  spawnSync("mkdir", ["-p", resolve(ROOT, "build")]);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`make ${target} failed:\n${r.stdout}${r.stderr}`);
  built.add(target);
}

// Which engine the library test modules' native harnesses use: MIGTD_ENGINE (default wasm2c);
// wasm3 needs WASM3_SRC for make. `skipped` says why there is no native engine this run.
export function nativeTestEngine(env: NodeJS.ProcessEnv = process.env): { engine: string; vars: string[]; skipped?: string } {
  const engine = env.MIGTD_ENGINE?.trim() || "wasm2c";
  if (engine === "wasm2c") return { engine, vars: [] };
  if (engine !== "wasm3") throw new Error(`MIGTD_ENGINE must be wasm2c or wasm3, not "${engine}"`);
  if (!env.WASM3_SRC) return { engine, vars: [], skipped: "MIGTD_ENGINE=wasm3 without WASM3_SRC: the native (wasm3) runs of the library test modules are skipped" };
  return { engine, vars: ["ENGINE=wasm3", `WASM3_SRC=${env.WASM3_SRC}`] };
}

function formatArg(a: Num): string {
  if (typeof a === "bigint") return a.toString();
  if (Number.isInteger(a)) return a.toFixed(0);
  return a.toPrecision(17);
}

function parseValue(type: string, text: string): Num {
  if (type === "i64") return BigInt(text);
  return Number(text);
}

// `target` names another harness executable for the module (a make target, e.g. the offset-memory
// build); `sim` is the Unix socket of a simulator link (scripts/sim/link.ts) the harness forwards
// TDCALL/VMCALL to (MIGTD_SIM).
export interface NativeOptions {
  target?: string;
  sim?: string;
}

export async function nativeEngine(wasmPath: string, opts: NativeOptions = {}): Promise<NativeEngine> {
  const wasm = resolve(ROOT, wasmPath);
  if (!wasm.endsWith(".wasm")) throw new Error(`not a .wasm path: ${wasmPath}`);
  const engine = nativeTestEngine();
  const own = relative(ROOT, wasm).replace(/\.wasm$/, ".native");
  const target = opts.target ?? (engine.engine === "wasm2c" ? own : own.replace(/^build\//, `build/${engine.engine}/`));
  buildNative(target, opts.target ? [] : engine.vars);

  const env = opts.sim ? { ...process.env, MIGTD_SIM: opts.sim } : process.env;
  const child = spawn(resolve(ROOT, target), [], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => logs.push(l));
  const lines = createInterface({ input: child.stdout! });
  const waiting: { resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  lines.on("line", (l) => waiting.shift()?.resolve(l));
  child.on("exit", (code, signal) => {
    exited = new Error(`native harness exited (${signal ?? code}); log:\n${logs.slice(-20).join("\n")}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });

  const next = () =>
    new Promise<string>((res, rej) => (exited ? rej(exited) : waiting.push({ resolve: res, reject: rej })));
  const ready = await next();
  if (!ready.startsWith("ready ")) throw new Error(`native harness did not start: ${ready}\n${logs.join("\n")}`);

  // Commands are answered in order, so one request may be in flight per line sent.
  async function command(line: string): Promise<string> {
    const answer = next();
    child.stdin!.write(line + "\n");
    const a = await answer;
    if (a.startsWith("trap ")) throw new NativeTrap(a.slice(5));
    if (!a.startsWith("ok")) throw new Error(`native harness: ${a} (for: ${line.slice(0, 80)})`);
    return a;
  }

  return {
    name: `native (${ready.slice(6)})`,
    logs,
    async call(fn, ...args) {
      const a = await command(["call", fn, ...args.map(formatArg)].join(" "));
      const [, type, value] = a.split(" ");
      return type === "void" ? (undefined as unknown as Num) : parseValue(type, value);
    },
    async write(ptr, bytes) {
      await command(`write ${ptr} ${Buffer.from(bytes).toString("hex")}`);
    },
    async read(ptr, len) {
      const a = await command(`read ${ptr} ${len}`);
      return new Uint8Array(Buffer.from(a.slice(3), "hex"));
    },
    async reset() {
      await command("reset");
    },
    async close() {
      if (exited) return;
      const done = new Promise<void>((res) => child.on("exit", () => res()));
      child.stdin!.end("quit\n");
      await done;
    },
  };
}
