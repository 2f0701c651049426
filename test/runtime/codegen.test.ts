// The import list is checked at build time: scripts/native/gen.ts refuses a module whose imports
// are not in MIGTD_ABI_IMPORTS (runtime-c/include/migtd_abi.h) with the same signature, so a
// module can never link against a missing or mismatched import.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ABI_H = join(ROOT, "runtime-c/include/migtd_abi.h");
const dir = mkdtempSync(join(tmpdir(), "migtd-gen-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gen(...args: string[]) {
  return spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "scripts/native/gen.ts"), ...args], {
    encoding: "utf8",
  });
}

// wat -> wasm -> wasm2c header, then the module glue generator on it.
function glueFor(wat: string) {
  const name = wat.replace(/\.wat$/, "");
  execFileSync("wat2wasm", [join(ROOT, "test/runtime/fixtures/rejected", wat), "-o", join(dir, `${name}.wasm`)]);
  execFileSync("wasm2c", [join(dir, `${name}.wasm`), "-n", "mod", "-o", join(dir, `${name}.c`)]);
  return gen("module", join(dir, `${name}.h`), ABI_H, join(dir, `${name}-glue.c`));
}

describe("import list checks", () => {
  it("refuses an import that is not in MIGTD_ABI_IMPORTS", () => {
    const r = glueFor("unknown_import.wat");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("migtd.format_disk, which is not in MIGTD_ABI_IMPORTS");
  });

  it("refuses an import whose signature differs from the ABI", () => {
    const r = glueFor("wrong_signature.wat");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("migtd.log is (u32,u32,u32,u32) in the module, (void,u32,u32,u32) in the ABI");
  });

  it("refuses imports from any module but migtd", () => {
    const r = glueFor("other_module.wat");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("imports 'env'.'abort'");
  });

  it("generates one implementation prototype and one wasm2c import per ABI entry", () => {
    expect(gen("abi", ABI_H, join(dir, "abi")).status).toBe(0);
    const names = [...readFileSync(ABI_H, "utf8").matchAll(/^\s*X\((\w+),/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(15);
    const impl = readFileSync(join(dir, "abi/abi_impl.h"), "utf8");
    const w2c = readFileSync(join(dir, "abi/abi_w2c.c"), "utf8");
    const m3 = readFileSync(join(dir, "abi/abi_m3.c"), "utf8");
    for (const n of names) {
      expect(impl).toMatch(new RegExp(`\\babi_${n}\\(const struct abi_mem \\*m`));
      expect(w2c).toContain(` Z_migtdZ_${n}(struct Z_migtd_instance_t *env`);
      expect(m3).toContain(`"migtd", "${n}"`);
    }
  });

  it("the wasm3 glue includes m3_api_defs.h only where it exists (wasm3 removed it in late 2021)", () => {
    expect(gen("abi", ABI_H, join(dir, "abi")).status).toBe(0);
    const m3 = readFileSync(join(dir, "abi/abi_m3.c"), "utf8");
    const lines = m3.split("\n");
    const k = lines.indexOf('#include "m3_api_defs.h"');
    expect(k).toBeGreaterThan(0);
    expect(lines[k - 1]).toBe('#if __has_include("m3_api_defs.h")');
    expect(lines[k + 1]).toBe("#endif");
  });
});
