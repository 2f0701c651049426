// Where each engine's build leaves the artefacts that embed the core: the one place the
// simulator, the CLI and the tests take the runtime binaries and the firmware parts from.
// mk/runtime.mk and mk/shim.mk write them: ENGINE=wasm2c (the default) under build/,
// ENGINE=wasm3 under build/wasm3/, so both engines' builds coexist. MIGTD_ENGINE picks which
// one a run uses (default wasm2c); engine-independent outputs (build/migtd-core*.wasm, the test
// modules) stay under build/.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const ENGINES = ["wasm2c", "wasm3"] as const;
export type EngineName = (typeof ENGINES)[number];

export const repoRoot = resolve(import.meta.dirname, "..", "..");

export interface EngineArtefacts {
  engine: EngineName;
  dir: string; // the engine's build directory
  linux: string; // the runtime on the Linux platform (make native)
  linuxDebug: string; // the same around the debug core
  fwDir: string; // reset vector, shim and payloads (make firmware-parts / make image)
  image: string; // the firmware image (make image)
  make: string; // the make variables that build this engine's artefacts
}

// MIGTD_ENGINE, checked: an unknown name is an error rather than a silent default.
export function selectedEngine(env: NodeJS.ProcessEnv = process.env): EngineName {
  const e = env.MIGTD_ENGINE?.trim() || "wasm2c";
  if (!(ENGINES as readonly string[]).includes(e)) throw new Error(`MIGTD_ENGINE must be one of ${ENGINES.join(", ")}, not "${e}"`);
  return e as EngineName;
}

export function artefacts(engine: EngineName = selectedEngine(), root = repoRoot): EngineArtefacts {
  const dir = engine === "wasm2c" ? join(root, "build") : join(root, "build", engine);
  return {
    engine,
    dir,
    linux: join(dir, "migtd-linux"),
    linuxDebug: join(dir, "migtd-linux-debug"),
    fwDir: join(dir, "fw"),
    image: join(dir, "migtd.bin"),
    make: engine === "wasm2c" ? "" : `ENGINE=${engine} WASM3_SRC=<wasm3 source/>`,
  };
}

// Why a suite needing `what` of the selected engine cannot run here, or undefined when it can.
// Only a non-default engine is ever reported missing: the default build is what `make test`
// builds, and its suites fail (not skip) when it is absent.
export function missingArtefacts(what: "native" | "firmware", a: EngineArtefacts = artefacts()): string | undefined {
  if (a.engine === "wasm2c") return undefined;
  const need = what === "native" ? [a.linux, a.linuxDebug] : [join(a.fwDir, "payload.elf"), join(a.fwDir, "payload-debug.elf")];
  const absent = need.filter((p) => !existsSync(p));
  if (!absent.length) return undefined;
  const target = what === "native" ? "native" : "firmware-parts image";
  return `MIGTD_ENGINE=${a.engine}: ${absent.join(", ")} missing (make ${target} ${a.make}); skipped`;
}
