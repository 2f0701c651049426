// Engine selection (mk/runtime.mk, mk/shim.mk, scripts/host/artefacts.ts): ENGINE=wasm3 reaches
// every artefact that embeds the core, under build/wasm3/, or make stops; MIGTD_ENGINE picks
// whose artefacts the tools and tests use. Planned with `make -n`, so no wasm3 source is needed:
// an empty wasm3.h in a scratch directory satisfies make's own check and nothing is compiled.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { artefacts, missingArtefacts, repoRoot, selectedEngine } from "../../scripts/host/artefacts.ts";

const src = mkdtempSync(join(tmpdir(), "migtd-w3-plan-"));
writeFileSync(join(src, "wasm3.h"), "");
afterAll(() => rmSync(src, { recursive: true, force: true }));

function plan(...args: string[]) {
  const env = { ...process.env, MIGTD_SKIP_DEPS: "1" };
  delete env.MIGTD_ENGINE;
  delete env.WASM3_SRC;
  const r = spawnSync("make", ["-n", "V=1", "--no-print-directory", ...args], { cwd: repoRoot, encoding: "utf8", env, maxBuffer: 64 << 20 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe("ENGINE=wasm3 in make", () => {
  it("refuses to build without WASM3_SRC, naming what it needs", () => {
    for (const target of ["native", "image", "firmware-parts"]) {
      const r = plan(target, "ENGINE=wasm3");
      expect(r.status, target).not.toBe(0);
      expect(r.err).toContain("ENGINE=wasm3 needs WASM3_SRC");
    }
  });

  it("builds the Linux runtimes, both payloads and the image from the wasm3 engine object, under build/wasm3", () => {
    const r = plan("native", "firmware-parts", "image", "ENGINE=wasm3", `WASM3_SRC=${src}`);
    expect(r.status, r.err).toBe(0);
    for (const [out, engine] of [
      ["build/wasm3/migtd-linux", "build/native/m3/core/engine.o"],
      ["build/wasm3/migtd-linux-debug", "build/native/m3/core-debug/engine.o"],
      ["build/wasm3/fw/payload.elf", "build/native/m3/core/engine.o"],
      ["build/wasm3/fw/payload-debug.elf", "build/native/m3/core-debug/engine.o"],
    ]) {
      const link = r.out.split("\n").find((l) => l.includes(`-o ${out}`));
      expect(link, `no link of ${out}`).toBeDefined();
      expect(link).toContain(engine);
      expect(link).not.toMatch(/native\/m\/core/);
    }
    expect(r.out).toMatch(/scripts\/image\/build\.ts .*--payload build\/wasm3\/fw\/payload\.elf/s);
    expect(r.out).toContain("-o build/wasm3/migtd.bin");
    // the wasm3 engine object passes the same self-containment check as wasm2c's
    expect(r.out).toMatch(/ld\.lld -r -o build\/native\/m3\/core\/engine\.o[^\n]*\n[^\n]*nm -u build\/native\/m3\/core\/engine\.o/);
  });

  it("leaves the default (wasm2c) artefacts where they were", () => {
    const r = plan("-B", "build/fw/payload.elf", "build/migtd-linux");
    expect(r.status, r.err).toBe(0);
    expect(r.out.split("\n").find((l) => l.includes("-o build/fw/payload.elf"))).toContain("build/native/m/core/engine.o");
  });

  it("stops on wasm2c-only targets rather than build wasm2c quietly", () => {
    for (const target of ["native-skew", "fuzz-smoke", "test"]) {
      const r = plan(target, "ENGINE=wasm3", `WASM3_SRC=${src}`);
      expect(r.status, target).not.toBe(0);
      expect(r.err).toContain(`ENGINE=wasm3 cannot build '${target}'`);
    }
  });

  it("MIGTD_ENGINE=wasm3 make test without WASM3_SRC says the native and QEMU suites are skipped", () => {
    const r = plan("engine-under-test", "MIGTD_ENGINE=wasm3");
    expect(r.status).toBe(0);
    expect(r.out).toContain("native and QEMU suites will be SKIPPED");
    const w = plan("engine-under-test", "MIGTD_ENGINE=wasm3", `WASM3_SRC=${src}`);
    expect(w.out).toMatch(/ENGINE=wasm3 WASM3_SRC=\S+ native firmware-parts image/);
  });
});

describe("artefact paths (scripts/host/artefacts.ts)", () => {
  it("puts each engine's runtime and firmware in its own directory", () => {
    const a = artefacts("wasm2c");
    const b = artefacts("wasm3");
    const rel = (p: string) => relative(repoRoot, p);
    expect([a.linux, a.linuxDebug, a.fwDir, a.image].map(rel)).toEqual(["build/migtd-linux", "build/migtd-linux-debug", "build/fw", "build/migtd.bin"]);
    expect([b.linux, b.linuxDebug, b.fwDir, b.image].map(rel)).toEqual(["build/wasm3/migtd-linux", "build/wasm3/migtd-linux-debug", "build/wasm3/fw", "build/wasm3/migtd.bin"]);
  });

  it("MIGTD_ENGINE selects, defaults to wasm2c and rejects anything else", () => {
    expect(selectedEngine({})).toBe("wasm2c");
    expect(selectedEngine({ MIGTD_ENGINE: "wasm3" })).toBe("wasm3");
    expect(() => selectedEngine({ MIGTD_ENGINE: "wamr" })).toThrow(/MIGTD_ENGINE must be one of wasm2c, wasm3/);
  });

  it("reports a missing wasm3 build as a skip reason, never the default build", () => {
    const root = mkdtempSync(join(tmpdir(), "migtd-art-"));
    try {
      expect(missingArtefacts("native", artefacts("wasm2c", root))).toBeUndefined();
      expect(missingArtefacts("native", artefacts("wasm3", root))).toMatch(/MIGTD_ENGINE=wasm3: .*migtd-linux.* missing \(make native ENGINE=wasm3/);
      expect(missingArtefacts("firmware", artefacts("wasm3", root))).toMatch(/payload\.elf.* missing/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
