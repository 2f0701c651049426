// The import ABI has one source, runtime-c/include/migtd_abi.h. This checks that everything
// derived from it is derived from the header as it is now: the committed AssemblyScript and
// Node renderings (scripts/gen/abi.ts), the Node host's functions, the document, the native
// test fixture, and the imports of the built cores (names and Wasm signatures).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderAll, ABI_HEADER, SIM_LINK_HEADER } from "../scripts/gen/abi.ts";
import { parseAbiHeader, parseConsts, wasmTypeOf, type AbiImport } from "../scripts/native/abi-header.ts";
import { makeImports, type HostState } from "../scripts/host/imports.ts";
import { root, coreWasm, debugWasm } from "./helpers/scenarios.ts";

const read = (p: string) => readFileSync(join(root, p), "utf8");
const abi = parseAbiHeader(read(ABI_HEADER));
const wasmSig = (i: AbiImport) =>
  `(${i.params.map((p) => p.type).join(" ")})->${wasmTypeOf(i.result) === "void" ? "" : wasmTypeOf(i.result)}`;

// Import names and Wasm signatures of a module, from its type and import sections.
function moduleImports(bytes: Uint8Array): { module: string; name: string; sig: string }[] {
  let p = 8;
  const u = () => { let v = 0, s = 0, b; do { b = bytes[p++]; v |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return v >>> 0; };
  const str = () => { const n = u(); const t = new TextDecoder().decode(bytes.subarray(p, p + n)); p += n; return t; };
  const VT: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };
  const types: string[] = [];
  const out: { module: string; name: string; sig: string }[] = [];
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        p++; // 0x60
        const params = Array.from({ length: u() }, () => VT[bytes[p++]]);
        const results = Array.from({ length: u() }, () => VT[bytes[p++]]);
        types.push(`(${params.join(" ")})->${results.join(" ")}`);
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        const module = str();
        const name = str();
        const kind = bytes[p++];
        if (kind !== 0) throw new Error(`non-function import ${module}.${name}`);
        out.push({ module, name, sig: types[u()] });
      }
    }
    p = end;
  }
  return out;
}

describe("the import ABI comes from migtd_abi.h", () => {
  it("the header parses into 19 imports with typed parameters, constants and 16 registers", () => {
    expect(abi.imports.map((i) => i.name)).toContain("config_read");
    expect(abi.imports.length).toBe(19);
    expect(abi.regs.length).toBe(16);
    expect(abi.consts.find((c) => c.name === "CHAN_SERIAL")?.value).toBe(2);
  });

  for (const { path, text } of renderAll(root)) {
    it(`${path} is the current rendering of the header (run \`tsx scripts/gen/abi.ts\`)`, () => {
      expect(read(path) === text, `${path} is stale`).toBe(true);
    });
  }

  it("the Node host implements exactly the header's imports, each with its arity", () => {
    const host = { memory: () => new WebAssembly.Memory({ initial: 1 }) } as unknown as HostState;
    const fns = makeImports(host).migtd as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(fns).sort()).toEqual(abi.imports.map((i) => i.name).sort());
    for (const i of abi.imports) expect(fns[i.name].length, i.name).toBe(i.params.length);
  });

  it("docs/abi.md documents the header's imports, in order, with the header's signatures", () => {
    const doc = read("docs/abi.md");
    const rows = [...doc.slice(0, doc.indexOf("## Exports")).matchAll(/^\| `(\w+)` \| `(\([^`]*)` \|/gm)];
    expect(rows.map((m) => [m[1], m[2]])).toEqual(abi.imports.map((i) => [i.name, i.signature]));
  });

  it("docs/abi.md's status table has the header's ABI_ERR_* values", () => {
    const rows = [...read("docs/abi.md").matchAll(/^\| (-\d+) \| `(ABI_ERR_\w+)` \|/gm)].map((m) => [m[2], Number(m[1])]);
    expect(rows).toEqual(abi.consts.filter((c) => c.name.startsWith("ABI_ERR_")).map((c) => [c.name, c.value]));
  });

  it("docs/abi.md documents every export of the built cores", () => {
    const doc = read("docs/abi.md");
    const exportsDoc = doc.slice(doc.indexOf("## Exports"));
    for (const path of [coreWasm, debugWasm]) {
      for (const e of WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path)))) {
        expect(exportsDoc.includes("`" + e.name + "`"), `${e.name} undocumented`).toBe(true);
      }
    }
  });

  it("the native import fixture (test/runtime/fixtures/imports.wat) wraps every import with its Wasm signature", () => {
    const wat = read("test/runtime/fixtures/imports.wat");
    const got = [...wat.matchAll(/\(import "migtd" "(\w+)" \(func \$\w+((?: \(param[^)]*\))?)((?: \(result[^)]*\))?)\)\)/g)].map(
      (m) => [m[1], `(${m[2].replace(/\(param|\)/g, "").trim()})->${m[3].replace(/\(result|\)/g, "").trim()}`]);
    expect(got).toEqual(abi.imports.map((i) => [i.name, wasmSig(i)]));
  });

  it("the built cores import only from module 'migtd', only header imports, with the header's signatures", () => {
    const want = new Map(abi.imports.map((i) => [i.name, wasmSig(i)]));
    for (const path of [coreWasm, debugWasm]) {
      const bytes = readFileSync(path);
      for (const imp of moduleImports(bytes)) {
        expect(imp.module).toBe("migtd");
        expect(want.has(imp.name), `undeclared import ${imp.name}`).toBe(true);
        expect(imp.sig, imp.name).toBe(want.get(imp.name));
      }
      const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
      for (const e of ["memory", "migtd_init", "migtd_poll", "migtd_run", "migtd_event_mask", "migtd_stop_code"]) expect(exports).toContain(e);
      expect(exports.includes("debug_arm_trap")).toBe(path === debugWasm);
    }
  });
});

describe("the simulator link's message types come from sim_link.h", () => {
  it("docs/sim-protocol.md lists exactly the header's message types, with their codes", () => {
    const want = parseConsts(read(SIM_LINK_HEADER)).filter((c) => c.name.startsWith("SIM_MSG_"))
      .map((c) => [c.name.slice("SIM_MSG_".length), c.value]).sort();
    const rows = [...read("docs/sim-protocol.md").matchAll(/^\| (0x[0-9a-f]{2}) \| (\w+) \|/gm)].map((m) => [m[2], Number(m[1])]).sort();
    expect(want.length).toBe(10);
    expect(rows).toEqual(want);
  });
});
