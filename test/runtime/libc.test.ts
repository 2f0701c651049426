// The engine layer's libc (runtime-c/libc: allocator, number conversion, printf family, console
// sink, rint/sqrt, clock) on the host: test/runtime/libc/libc_test.c drives the freestanding
// objects the engine links and compares them with glibc; each of its cases is one test here.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildNative } from "../helpers/native-engine";

const ROOT = resolve(import.meta.dirname, "..", "..");
const CASES = [
  "malloc: 200k random",
  "malloc: limits",
  "strtoul/strtoull/strtol",
  "strtod",
  "vsnprintf: integers",
  "vsnprintf: truncation",
  "vsnprintf: floats",
  "strcpy/strncpy/strnlen/strncmp/strchr/bcmp",
  "rint/rintf/sqrt/sqrtf",
  "console sink",
  "clock",
];

describe("runtime-c libc", () => {
  let out = "";
  let status: number | null = null;
  beforeAll(() => {
    buildNative("build/runtime-test/libc-test");
    const r = spawnSync(resolve(ROOT, "build/runtime-test/libc-test"), [], { encoding: "utf8", timeout: 120_000 });
    out = r.stdout + r.stderr;
    status = r.status;
  });

  for (const name of CASES) {
    it(name, () => {
      const line = out.split("\n").find((l) => l.replace(/^(ok|FAIL) /, "").startsWith(name));
      expect(line, `no result for "${name}" in:\n${out}`).toBeDefined();
      expect(line).toMatch(/^ok /);
    });
  }

  it("runs every case and exits 0", () => {
    expect(out).toMatch(new RegExp(`^${CASES.length} passed, 0 failed$`, "m"));
    expect(status).toBe(0);
  });
});
