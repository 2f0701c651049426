// The core's folders form layers: a file may import from its own folder or from a lower one, never
// from a higher one (an upward arrow would make a low layer depend on session semantics). The
// order below is the architecture; a new folder must be placed in it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = join(import.meta.dirname, "..", "..", "assembly");

// Lowest first. abi.ts is the import ABI (imports nothing); result/ holds result codes and every
// layer's error codes; index.ts and debug.ts are the module roots.
const LAYERS = [
  "abi", "result", "util", "crypto", "der", "json", "tdx", "x509", "eventlog", "policy", "attest",
  "policy_v2", "tls", "ratls", "vmm", "rebind", "session", "service", "api", "index", "debug",
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith(".ts") ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(CORE, file).split("/");
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, "");
}

describe("assembly/ layering", () => {
  const all = files(CORE);

  it("places every folder in the layer order", () => {
    const unknown = [...new Set(all.map(layerOf))].filter((l) => !LAYERS.includes(l));
    expect(unknown).toEqual([]);
  });

  it("has no import from a lower layer to a higher one", () => {
    const upward: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      for (const m of readFileSync(f, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)) {
        const to = layerOf(normalize(join(dirname(f), m[1])) + ".ts");
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${relative(CORE, f)} -> ${m[1]}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
