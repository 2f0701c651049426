// The TD platform's pure C modules compiled for the host (ASan/UBSan) and driven through
// test/firmware/native/td_units.c with a fake VMM behind the TDCALL: #VE decoding and
// emulation (runtime-c/platform/td/ve.c), MapGPA with RETRY (mapgpa.c), the payload page tables
// and their shared-bit edits (paging.c). These paths only run inside a TD, so this is where they
// are exercised without TDX hardware.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OUT, REPO } from "./fixture.ts";

const bin = join(OUT, "td_units");
const run = (...args: (string | number | bigint)[]) =>
  execFileSync(bin, args.map(String), { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } }).trim().split("\n");
const h = (n: number | bigint) => `0x${n.toString(16)}`;

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  const td = join(REPO, "runtime-c", "platform", "td");
  execFileSync("clang", ["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined", `-I${td}`, `-I${join(REPO, "firmware", "common")}`,
    ...["ve", "mapgpa", "paging"].map((f) => join(td, `${f}.c`)), join(REPO, "test", "firmware", "native", "td_units.c"), "-o", bin]);
}, 120_000);

// ve <reason> <qual> <len> <rflags> <rax> <rcx> <rdx> <script>
const IF = 0x202, NO_IF = 0x2;
const ve = (reason: number, qual: number, len: number, rflags: number, rax: bigint, rcx: bigint, rdx: bigint, script = "ok") =>
  run("ve", reason, h(qual), len, h(rflags), h(rax), h(rcx), h(rdx), script);
const ioQual = (port: number, size: 1 | 2 | 4, dirIn: boolean, extra = 0) => (port << 16) | (size - 1) | (dirIn ? 8 : 0) | extra;

describe("#VE info and emulation", () => {
  it("decodes TDG.VP.VEINFO.GET: exit reason from ECX, instruction length and info from the halves of R10", () => {
    expect(run("veinfo", "0xffffffff0000001e", "0x3f80008", "0x1234", "0x5678", "0x0000abcd00000002")).toEqual(
      ["reason 1e qual 3f80008 gla 1234 gpa 5678 len 2 info abcd"]);
  });

  it("emulates CPUID with EAX/ECX as leaf/subleaf and zero-extends the VMM's 32-bit answers", () => {
    expect(ve(10, 0, 2, IF, 0xffffffff00000007n, 0xffffffff00000001n, 0x55n)).toEqual([
      "vmcall a 7 1 0 0",
      "done rax a0000007 rbx b0000000 rcx c0000000 rdx d0000000",
    ]);
  });

  it("emulates a 1-byte IN from DX into AL, keeping the rest of RAX", () => {
    expect(ve(30, ioQual(0x3f8, 1, true), 1, IF, 0x1122334455667788n, 0n, 0x3f8n)).toEqual([
      "vmcall 1e 1 0 3f8 0",
      "done rax 1122334455667721 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 3f8",
    ]);
  });

  it("emulates 2- and 4-byte IN (imm8 form too): AX merged, EAX zero-extended into RAX", () => {
    expect(ve(30, ioQual(0x70, 2, true, 0x40), 2, IF, 0x1122334455667788n, 0n, 0n).at(-1)).toBe("done rax 1122334455664321 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0");
    expect(ve(30, ioQual(0xcfc, 4, true), 1, IF, 0x1122334455667788n, 0n, 0n)).toEqual([
      "vmcall 1e 4 0 cfc 0",
      "done rax 87654321 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0",
    ]);
  });

  it("emulates OUT with only the operand's bytes of RAX and leaves the registers alone", () => {
    expect(ve(30, ioQual(0xcf8, 4, false), 1, IF, 0xaaaaaaaa80000010n, 0n, 0xcf8n)).toEqual([
      "vmcall 1e 4 1 cf8 80000010",
      "done rax aaaaaaaa80000010 rbx bbbbbbbbbbbbbbbb rcx 0 rdx cf8",
    ]);
    expect(ve(30, ioQual(0x80, 1, false, 0x40), 2, IF, 0x1234n, 0n, 0n)[0]).toBe("vmcall 1e 1 1 80 34");
  });

  it("refuses string and REP I/O and an I/O size of 3 without calling the VMM", () => {
    expect(ve(30, ioQual(0x3f8, 1, false, 0x10), 1, IF, 0n, 0n, 0n)).toEqual(["not emulated rax 0 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0"]);
    expect(ve(30, ioQual(0x3f8, 1, true, 0x30), 2, IF, 0n, 0n, 0n)).toEqual(["not emulated rax 0 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0"]);
    expect(ve(30, (0x3f8 << 16) | 2, 1, IF, 0n, 0n, 0n)).toEqual(["implausible #VE info rax 0 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0"]);
  });

  it("emulates RDMSR into EDX:EAX and WRMSR from EDX:EAX, ignoring the upper halves", () => {
    expect(ve(31, 0, 2, NO_IF, 0xffn, 0xffffffff0000001bn, 0xffn)).toEqual([
      "vmcall 1f 1b 0 0 0",
      "done rax 55667788 rbx bbbbbbbbbbbbbbbb rcx ffffffff0000001b rdx 11223344",
    ]);
    expect(ve(32, 0, 2, NO_IF, 0xaaaaaaaa11111111n, 0x80fn, 0xbbbbbbbb22222222n)[0]).toBe("vmcall 20 80f 2222222211111111 0 0");
  });

  it("emulates HLT, telling the VMM whether interrupts were blocked", () => {
    expect(ve(12, 0, 1, IF, 0n, 0n, 0n)[0]).toBe("vmcall c 0 0 0 0");
    expect(ve(12, 0, 1, NO_IF, 0n, 0n, 0n)[0]).toBe("vmcall c 1 0 0 0");
  });

  it("does not emulate MMIO (EPT violation) or unknown exits, and rejects impossible instruction lengths", () => {
    expect(ve(48, 0x181, 3, IF, 0n, 0n, 0n)).toEqual(["not emulated rax 0 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0"]);
    expect(ve(54, 0, 2, IF, 0n, 0n, 0n)[0]).toMatch(/^not emulated/);
    for (const len of [0, 16]) expect(ve(10, 0, len, IF, 1n, 0n, 0n)).toEqual(["implausible #VE info rax 1 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0"]);
  });

  it("reports a failed VMCALL for CPUID/MSRs with registers untouched, and reads all ones from a failed IN", () => {
    for (const script of ["ghci-fail", "tdcall-fail"]) {
      expect(ve(10, 0, 2, IF, 7n, 0n, 0n, script).at(-1)).toBe("TDG.VP.VMCALL failed rax 7 rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0");
      expect(ve(31, 0, 2, IF, 7n, 0x10n, 0n, script).at(-1)).toBe("TDG.VP.VMCALL failed rax 7 rbx bbbbbbbbbbbbbbbb rcx 10 rdx 0");
    }
    expect(ve(30, ioQual(0x60, 2, true), 1, IF, 0x1111111111110000n, 0n, 0n, "ghci-fail").at(-1)).toBe("done rax 111111111111ffff rbx bbbbbbbbbbbbbbbb rcx 0 rdx 0");
  });
});

describe("MapGPA with RETRY", () => {
  const BIT = 1n << 47n, POOL = 0xb00000n, LEN = 0x1c0000n;
  const map = (gpa: bigint, len: bigint, toShared: boolean, answers: string) => run("mapgpa", h(gpa), h(len), h(BIT), toShared ? 1 : 0, answers);

  it("converts the range in one call, with the shared bit on the GPA", () => {
    expect(map(POOL, LEN, true, "ok")).toEqual([`call ${(POOL | BIT).toString(16)} 1c0000`, "status 0 done 1c0000"]);
  });

  it("resumes from the GPA the VMM returns with RETRY, asking only for what is left", () => {
    expect(map(POOL, LEN, true, `retry:${h(0xc00000n | BIT)},retry:${h(0xc80000n | BIT)},ok`)).toEqual([
      "call 800000b00000 1c0000", "call 800000c00000 c0000", "call 800000c80000 40000", "status 0 done 1c0000",
    ]);
  });

  it("converts back to private with the shared bit clear on the GPA and on the resume address", () => {
    expect(map(POOL, LEN, false, "retry:0xc00000,ok")).toEqual(["call b00000 1c0000", "call c00000 c0000", "status 0 done 1c0000"]);
  });

  it("gives up after 3 retries at the same GPA, keeping the progress made before", () => {
    const out = map(POOL, LEN, true, `retry:${h(0xc00000n | BIT)}`);
    expect(out.length).toBe(6); // the first call moves to 0xc00000, then 1 + 3 retries there
    expect(out.at(-1)).toBe("status -5 done 100000");
  });

  it("rejects a resume GPA outside the remaining range, unaligned, or with the wrong shared-bit sense", () => {
    expect(map(POOL, LEN, true, `retry:${h(0xa00000n | BIT)}`).at(-1)).toBe("status -4 done 0");
    expect(map(POOL, LEN, true, `retry:${h(POOL + LEN | BIT)}`).at(-1)).toBe("status -4 done 0");
    expect(map(POOL, LEN, true, `retry:${h(0xc00800n | BIT)}`).at(-1)).toBe("status -4 done 0");
    expect(map(POOL, LEN, true, "retry:0xc00000").at(-1)).toBe("status -4 done 0");
  });

  it("stops on a VMM refusal or a failed TDCALL, and checks its arguments before calling", () => {
    expect(map(POOL, LEN, true, "refuse")).toEqual(["call 800000b00000 1c0000", "status -3 done 0"]);
    expect(map(POOL, LEN, true, "tdcall").at(-1)).toBe("status -2 done 0");
    expect(map(POOL + 0x10n, LEN, true, "ok")).toEqual(["status -1 done 0"]);
    expect(map(POOL | BIT, LEN, true, "ok")).toEqual(["status -1 done 0"]);
    expect(map(POOL, 0n, true, "ok")).toEqual(["status -1 done 0"]);
  });
});

describe("payload page tables and the shared bit", () => {
  const BIT = "0x800000000000";
  it("marks exactly the SharedPool shared, splitting the two 2 MiB pages it covers in part, and clears it again", () => {
    const out = run("paging", BIT, "0xb00000", "0x1c0000", 16, "0xaff000", "0xb00000", "0xcbf000", "0xcc0000", "0xe00000");
    expect(out).toEqual([
      "cr3 140000", "set 448",
      "aff000 1000 0", "b00000 1000 1", "cbf000 1000 1", "cc0000 1000 0", "e00000 200000 0", "check ok",
      "clear 448",
      "aff000 1000 0", "b00000 1000 0", "cbf000 1000 0", "cc0000 1000 0", "e00000 200000 0", "check ok",
      "tables 8",
    ]);
  });

  it("edits whole 2 MiB leaves in place when the range covers them (GPAW 52: bit 51)", () => {
    const out = run("paging", "0x8000000000000", "0x1000000", "0x400000", 16, "0x1000000", "0x13ff000");
    expect(out).toEqual(["cr3 140000", "set 2", "1000000 200000 1", "13ff000 200000 1", "check ok",
      "clear 2", "1000000 200000 0", "13ff000 200000 0", "check ok", "tables 6"]);
  });

  it("changes no shared bit when the arena has no room for a split, or the range is unaligned or past 4 GiB", () => {
    expect(run("paging", BIT, "0xb00000", "0x1c0000", 7, "0xb00000").slice(1, 4)).toEqual(["set -1", "b00000 1000 0", "check ok"]);
    expect(run("paging", BIT, "0xb00800", "0x1000", 16)[1]).toBe("set -1");
    expect(run("paging", BIT, "0xfffff000", "0x2000", 16)[1]).toBe("set -1");
    expect(run("paging", "0x3", "0xb00000", "0x1000", 16)[1]).toBe("set -1"); // not a single address bit
  });

  it("needs six tables for the identity map of 4 GiB and says so when it has fewer", () => {
    expect(run("paging", BIT, "0xb00000", "0x1000", 5)).toEqual(["build failed"]);
  });
});
