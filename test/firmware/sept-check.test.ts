// Audit fixes in the TD platform: the boot check that the TD runs with ATTRIBUTES.SEPT_VE_DISABLE
// (runtime-c/platform/td/sept-check.c, called first thing by entry.c in a TD), compiled for the
// host with a fake TDG.VP.INFO; and the fatal-exception report (traps.c), whose release object
// must not print general registers to the host-visible console.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OUT, REPO } from "./fixture.ts";

const bin = join(OUT, "sept_check");
const td = join(REPO, "runtime-c", "platform", "td");

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  execFileSync("clang", ["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined", `-I${td}`, `-I${join(REPO, "firmware", "common")}`,
    join(td, "sept-check.c"), join(REPO, "test", "firmware", "native", "sept_check_main.c"), "-o", bin]);
}, 120_000);

const run = (status: bigint, rdx: bigint) => execFileSync(bin, [status.toString(16), rdx.toString(16)], { encoding: "utf8" }).trim();

describe("SEPT_VE_DISABLE boot check", () => {
  it("asks TDG.VP.INFO (leaf 1) and accepts ATTRIBUTES with bit 28 set", () => {
    expect(run(0n, 1n << 28n)).toBe("1 ok");
    expect(run(0n, (1n << 28n) | (1n << 29n) | 1n)).toBe("1 ok");
  });

  it("refuses ATTRIBUTES without bit 28, and a failed TDG.VP.INFO", () => {
    expect(run(0n, 0n)).toBe("1 the TD runs without ATTRIBUTES.SEPT_VE_DISABLE");
    expect(run(0n, (1n << 29n) | (1n << 27n))).toBe("1 the TD runs without ATTRIBUTES.SEPT_VE_DISABLE");
    expect(run(0xc000_0100_0000_0000n, 1n << 28n)).toBe("1 TDG.VP.INFO failed: cannot read the TD ATTRIBUTES");
  });

  it("the payload entry runs it in a TD before anything else touches memory the host could unmap", () => {
    const entry = readFileSync(join(td, "entry.c"), "utf8");
    const check = entry.indexOf("sept_ve_check(");
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(entry.indexOf("paging_init()"));
    expect(entry.slice(check, check + 400)).toMatch(/cpu_idle_forever\(\)/);
  });
});

describe("fatal exception report", () => {
  it("the release object prints no general registers; only a -DMIGTD_FATAL_GPRS build does", () => {
    execFileSync("make", ["-s", "MIGTD_SKIP_DEPS=1", "build/fw/td/traps.o"], { cwd: REPO, stdio: "inherit" });
    const release = readFileSync(join(REPO, "build", "fw", "td", "traps.o")).toString("latin1");
    expect(release.includes("fatal exception")).toBe(true);
    for (const reg of [" rax ", " rbx ", " rcx ", " rdx ", " rsi ", " rdi ", " rbp "]) expect(release.includes(reg), `label '${reg}' in traps.o`).toBe(false);
    // The knob works (so the test above is not vacuous).
    const dbg = join(OUT, "traps-gprs.o");
    // V=1: the compiler command itself, not the short progress line.
    const flags = execFileSync("make", ["-s", "-n", "-B", "V=1", "MIGTD_SKIP_DEPS=1", "build/fw/td/traps.o"], { cwd: REPO, encoding: "utf8" })
      .split("\n").find((l) => l.includes("traps.c") && / -c /.test(l))!;
    execFileSync("sh", ["-c", flags.replace(/-o \S+traps\.o/, `-DMIGTD_FATAL_GPRS -o ${dbg}`)], { cwd: REPO });
    expect(readFileSync(dbg).toString("latin1").includes(" rax ")).toBe(true);
  });
});
