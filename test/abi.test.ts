// The import ABI is declared once per language; this checks the declarations agree with each
// other and with the document (docs/abi.md), and that the core imports nothing else.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_NAMES } from "../scripts/host/imports.ts";
import { root, coreWasm, debugWasm } from "./helpers/scenarios.ts";

const read = (p: string) => readFileSync(join(root, p), "utf8");

function asImports(): string[] {
  return [...read("assembly/abi.ts").matchAll(/@external\("migtd", "(\w+)"\)/g)].map((m) => m[1]);
}
function cImports(): string[] {
  const h = read("runtime-c/include/migtd_abi.h");
  const block = h.slice(h.indexOf("#define MIGTD_ABI_IMPORTS"));
  return [...block.matchAll(/X\((\w+),/g)].map((m) => m[1]);
}
function docImports(): string[] {
  const doc = read("docs/abi.md");
  const imports = doc.slice(0, doc.indexOf("## Exports"));
  return [...imports.matchAll(/^\| `(\w+)` \| `\(/gm)].map((m) => m[1]);
}

describe("import ABI declarations", () => {
  it("AssemblyScript, C, Node and the document list the same imports", () => {
    const as = asImports().sort();
    expect(as.length).toBe(19);
    expect(cImports().sort()).toEqual(as);
    expect([...IMPORT_NAMES].sort()).toEqual(as);
    expect(docImports().sort()).toEqual(as);
  });

  it("the C header and abi.ts agree on status values and event bits", () => {
    const h = read("runtime-c/include/migtd_abi.h");
    const a = read("assembly/abi.ts");
    for (const [name, value] of [...h.matchAll(/#define (ABI_\w+)\s+\((-?\d+)\)/g)].map((m) => [m[1], m[2]])) {
      expect(a).toMatch(new RegExp(`export const ${name}: i32 = ${value};`));
    }
    for (const ev of ["EV_SERVICE", "EV_QUOTE", "EV_CHANNEL"]) {
      const bit = h.match(new RegExp(`#define ${ev}\\s+\\(1u << (\\d)\\)`))![1];
      expect(a).toMatch(new RegExp(`export const ${ev}: u32 = 1 << ${bit};`));
    }
  });

  it("the built cores import only from module 'migtd', and only declared functions", () => {
    const declared = new Set(asImports());
    for (const path of [coreWasm, debugWasm]) {
      const mod = new WebAssembly.Module(readFileSync(path));
      for (const imp of WebAssembly.Module.imports(mod)) {
        expect(imp.module).toBe("migtd");
        expect(declared.has(imp.name), `undeclared import ${imp.name}`).toBe(true);
      }
      const exports = WebAssembly.Module.exports(mod).map((e) => e.name);
      for (const e of ["memory", "migtd_init", "migtd_poll", "migtd_run", "migtd_event_mask", "migtd_stop_code"]) expect(exports).toContain(e);
      expect(exports.includes("debug_arm_trap")).toBe(path === debugWasm);
    }
  });
});
