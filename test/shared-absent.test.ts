// A fresh clone has no ../shared: every suite that reads the real-hardware data must then be
// collected without touching it (no read at collection time) and reported as skipped. This runs
// vitest's collection over exactly the files that use the shared-data helper, with MIGTD_SHARED
// pointing at an empty directory, as `make test` on a fresh clone would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..");

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const usesShared = testFiles(join(repo, "test"))
  .filter((f) => /helpers\/shared(\.ts)?["']/.test(readFileSync(f, "utf8")) && !f.endsWith("shared-absent.test.ts"))
  .map((f) => relative(repo, f));

interface Report {
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
}

describe("without the shared test data", () => {
  it("finds the suites that use it", () => {
    expect(usesShared.length).toBeGreaterThan(5);
  });

  it("collects every such suite without reading it, each reporting its skip", () => {
    const empty = mkdtempSync(join(tmpdir(), "migtd-noshared-"));
    const out = join(empty, "report.json");
    try {
      const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", MIGTD_SHARED: empty };
      // -t selects only the placeholder tests: every file is still collected (a read of the data
      // at collection time fails it), and nothing else runs.
      const r = spawnSync(join(repo, "node_modules", ".bin", "vitest"),
        ["run", "--reporter=json", `--outputFile=${out}`, "-t", "needs the shared test data", ...usesShared], {
          cwd: repo, env, encoding: "utf8", timeout: 240_000,
        });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(`${r.stdout}${r.stderr}`.match(/\[skip\] suites that need the real-hardware test data/g)?.length).toBe(1);
      const report = JSON.parse(readFileSync(out, "utf8")) as Report;
      expect(report.numFailedTests + report.numFailedTestSuites).toBe(0);
      for (const f of usesShared) {
        const file = report.testResults.find((t) => relative(repo, t.name) === f);
        expect(file, f).toBeDefined();
        const placeholders = file!.assertionResults.filter((a) => a.title.startsWith("needs the shared test data"));
        // Uses of describeShared besides its import: each stands for one skipped suite.
        const uses = readFileSync(join(repo, f), "utf8").split("\n").filter((l) => !/^import /.test(l) && /\bdescribeShared\b/.test(l)).length;
        if (uses > 0) expect(placeholders.length, f).toBeGreaterThan(0);
        expect(placeholders.length, f).toBeLessThanOrEqual(uses);
        for (const p of placeholders) expect(p.status, f).toBe("skipped");
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 300_000);
});
