// docs/deploy.md shows only commands the toolkit produces: every "$ migtd ..." console block is run
// and its output must be exactly what the page shows; every line of a sh block is a migtd command
// that the toolkit accepts (run with --dry-run, or writing its -o file to a temporary directory).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, migtd, REPO } from "../cli/run.ts";

const doc = readFileSync(join(REPO, "docs", "deploy.md"), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "migtd-doc-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => buildCli());

const consoleBlocks = [...doc.matchAll(/```console\n\$ migtd ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ args: m[1].split(" "), out: m[2] }));
const shLines = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n").filter((l) => l.trim()));

describe("docs/deploy.md", () => {
  it("has the command blocks of one host, two hosts and libvirt", () => {
    expect(consoleBlocks.length).toBeGreaterThanOrEqual(15);
    for (const sub of ["migtd", "user-td", "relay", "pre-mig", "migrate"]) expect(consoleBlocks.some((b) => b.args[1] === sub)).toBe(true);
    expect(doc).toMatch(/## 2\. One host/);
    expect(doc).toMatch(/## 3\. Two hosts/);
  });

  it("every console block's output is exactly what the toolkit prints", () => {
    for (const b of consoleBlocks) {
      const r = migtd(b.args, { cwd: REPO });
      expect(r.code, `migtd ${b.args.join(" ")}\n${r.err}`).toBe(0);
      expect(r.out, `migtd ${b.args.join(" ")}`).toBe(b.out);
    }
  });

  it("every sh line is a migtd command the toolkit accepts", () => {
    expect(shLines.length).toBeGreaterThan(0);
    for (const line of shLines) {
      expect(line.startsWith("migtd "), line).toBe(true);
      if (line.includes("@build/migtd.servtd_info_hash") && !existsSync(join(REPO, "build", "migtd.servtd_info_hash"))) continue;
      const words = line.split(" ").slice(1);
      const o = words.indexOf("-o");
      if (o >= 0) words[o + 1] = join(tmp, words[o + 1]);
      else words.push("--dry-run");
      const r = migtd(words, { cwd: REPO });
      expect(r.code, `${line}\n${r.err}`).toBe(0);
      if (o >= 0) expect(existsSync(words[o + 1])).toBe(true);
    }
  });
});
