// `make help` is the list of entry points: every .PHONY target of the Makefile and mk/*.mk
// must appear in it.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../helpers/scenarios.ts";

describe("make help", () => {
  it("lists every phony target", () => {
    const files = ["Makefile", ...readdirSync(join(root, "mk")).filter((f) => f.endsWith(".mk")).map((f) => `mk/${f}`)];
    const phony = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(join(root, f), "utf8").matchAll(/^\.PHONY:\s*(.*)$/gm)) {
        for (const t of m[1].trim().split(/\s+/)) phony.add(t);
      }
    }
    expect(phony.has("image") && phony.has("clean")).toBe(true);
    const help = execFileSync("make", ["--no-print-directory", "-s", "help"], { cwd: root, encoding: "utf8", env: { ...process.env, MIGTD_SKIP_DEPS: "1" } });
    const listed = new Set([...help.matchAll(/^make (\S+)/gm)].map((m) => m[1]));
    const missing = [...phony].filter((t) => t !== "help" && !listed.has(t));
    expect(missing).toEqual([]);
  });
});
