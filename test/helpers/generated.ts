// Freshness of generated sources: a generator (scripts/gen/*.mjs, run as `node GEN OUTDIR`) is
// run into a scratch directory and every file it emits must equal the committed one, so a stale
// file fails and the check covers exactly what the generator writes, whichever files those are.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "./scenarios.ts";

export function describeGenerated(title: string, generator: string, committedDir = "assembly/crypto/ec"): void {
  const out = mkdtempSync(join(tmpdir(), `${basename(generator, ".mjs")}-`));
  execFileSync(process.execPath, [join(root, generator), out], { stdio: "pipe" });
  const emitted = readdirSync(out).sort();
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  describe(title, () => {
    it("the generator emits files", () => {
      expect(emitted.length).toBeGreaterThan(0);
    });

    for (const name of emitted) {
      it(`${committedDir}/${name} is what ${generator} emits (run it to refresh)`, () => {
        const want = readFileSync(join(out, name), "utf8");
        const committed = readFileSync(join(root, committedDir, name), "utf8");
        expect(committed.includes("do not edit")).toBe(true);
        expect(committed === want, `${committedDir}/${name} is stale`).toBe(true);
      });
    }
  });
}
