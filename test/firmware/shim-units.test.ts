// The shim's pure C modules (SHA-384, event log, config volume, memory acceptance, TD HOB, CCEL
// table) compiled for the host and driven through test/firmware/native/shim_units.c. This is how
// the TDX-only paths (acceptance, HOB) are exercised without TDX hardware.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCfv } from "../../scripts/image/cfv.ts";
import { GUID } from "../../scripts/image/guid.ts";
import { expectedRtmrs } from "../../scripts/image/rtmr.ts";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { OUT, REPO } from "./fixture.ts";
import { parseCcel } from "./ccel.ts";
import { describeShared, sharedPath } from "../helpers/shared.ts";

const bin = join(OUT, "shim_units");
const run = (...args: string[]) => execFileSync(bin, args, { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } }).trim().split("\n");
const tmp = (name: string, data: Buffer) => { const p = join(OUT, name); writeFileSync(p, data); return p; };

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  const common = join(REPO, "firmware", "common");
  const src = [...["sha384", "event-log", "accept", "hob", "ccel", "measure", "policy-version"].map((f) => join(REPO, "shim", "src", `${f}.c`)),
    ...["cfv", "mem"].map((f) => join(common, `${f}.c`))];
  execFileSync("clang", ["-std=c11", "-O1", "-Wall", "-Werror", "-DSHIM_HOSTED", "-fsanitize=address,undefined",
    `-I${join(REPO, "shim", "src")}`, `-I${join(REPO, "shim", "gen")}`, `-I${common}`, ...src, join(REPO, "test", "firmware", "native", "shim_units.c"), "-o", bin]);
}, 120_000);

describe("shim SHA-384", () => {
  it("matches node:crypto on lengths around the block and padding boundaries", () => {
    for (const n of [0, 1, 111, 112, 127, 128, 129, 1000, 4099]) {
      const data = randomBytes(n);
      expect([n, run("sha384", tmp("sha.bin", data))[0]]).toEqual([n, createHash("sha384").update(data).digest("hex")]);
    }
  });
});

describe("shim event log and measurement", () => {
  it("writes the same log and RTMRs as the image tool predicts, for policy + root CA from a CFV", () => {
    const policy = Buffer.from('{"units":true}'), ca = randomBytes(659);
    const cfv = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvPolicy, data: policy }, { guid: GUID.cfvRootCa, data: ca }]);
    const logPath = join(OUT, "units-log.bin");
    const rtmr = run("measure", tmp("cfv.bin", cfv), logPath);
    expect(rtmr).toEqual(expectedRtmrs(cfv).map((b) => b.toString("hex")));
    const { events } = parseCcel(readFileSync(logPath));
    expect(events.map((e) => e.data.readUInt32LE(0))).toEqual([0, 0, 1, 2]);
  });

  it("refuses to boot a config volume without a policy or without a root CA", () => {
    const onlyCa = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvRootCa, data: Buffer.from("ca") }]);
    expect(() => run("measure", tmp("cfv1.bin", onlyCa), join(OUT, "x.bin"))).toThrow(/error -3/);
    const onlyPolicy = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvPolicy, data: Buffer.from("{}") }]);
    expect(() => run("measure", tmp("cfv2.bin", onlyPolicy), join(OUT, "x.bin"))).toThrow(/error -4/);
  });

  it("measures a V2 enrollment as Intel's MigTD: issuer chain (tag 3) into RTMR1, then the policy (tag 1, data = its version) into RTMR2", () => {
    const policy = Buffer.from('{"policyData":{"id":"x","version":"2.0","policySvn":3},"signature":"00"}');
    const chain = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const cfv = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvPolicy, data: policy }, { guid: GUID.cfvIssuerChain, data: chain }]);
    const logPath = join(OUT, "units-log-v2.bin");
    const rtmr = run("measure", tmp("cfv-v2.bin", cfv), logPath);
    expect(rtmr).toEqual(expectedRtmrs(cfv).map((b) => b.toString("hex")));
    const sep = createHash("sha384").update(Buffer.alloc(4)).digest();
    const ext = (r: Buffer, d: Buffer) => createHash("sha384").update(Buffer.concat([r, createHash("sha384").update(d).digest()])).digest();
    expect(rtmr[1]).toBe(ext(ext(Buffer.alloc(48), Buffer.alloc(4)), chain).toString("hex"));
    expect(rtmr[2]).toBe(ext(Buffer.alloc(48), policy).toString("hex"));
    const { events } = parseCcel(readFileSync(logPath));
    expect(events.map((e) => [e.mrIndex, e.data.readUInt32LE(0)])).toEqual([[1, 0], [2, 0], [2, 3], [3, 1]]);
    expect(events[0].digest).toEqual(sep);
    expect(events[2].data.subarray(8)).toEqual(chain);
    expect(events[3].data.readUInt32LE(4)).toBe(3);
    expect(events[3].data.subarray(8).toString()).toBe("2.0");
    expect(events[3].digest).toEqual(createHash("sha384").update(policy).digest());
  });

  it("refuses a config volume enrolling both a root CA and an issuer chain (-7)", () => {
    const both = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvPolicy, data: Buffer.from("{}") }, { guid: GUID.cfvRootCa, data: Buffer.from("ca") },
      { guid: GUID.cfvIssuerChain, data: Buffer.from("-----BEGIN CERTIFICATE-----") }]);
    expect(() => run("measure", tmp("cfv-both.bin", both), join(OUT, "x.bin"))).toThrow(/error -7/);
    expect(() => expectedRtmrs(both)).toThrow(/both a root CA/);
  });

  it("finds policyData.version only directly inside the top-level policyData, never reading past the text", () => {
    const v = (text: string) => run("policy-version", tmp("pv.json", Buffer.from(text)))[0];
    expect(v('{"policyData":{"id":"a","version":"2.0"},"signature":"00"}')).toBe("[2.0]");
    // Nested "version" members (collaterals, servtd identity) and a top-level one do not count.
    expect(v('{"version":"9","policyData":{"collaterals":{"version":"1.0","x":[{"version":"3"}]},"version" : "2.0"}}')).toBe("[2.0]");
    expect(v('{"policyData":{"collaterals":{"version":"1.0"}}}')).toBe("none");
    expect(v('{"policyData":{"version":2}}')).toBe("none");
    expect(v('{"policyData":{"version":"2\\u002e0"}}')).toBe("none"); // escapes are not decoded
    expect(v('{"policyData":{"version":"' + "9".repeat(33) + '"}}')).toBe("none");
    expect(v('{"policyData":{"id":"a\\"version\\":\\"x","version":"2.0"}}')).toBe("[2.0]");
    for (const cut of ['{"policyData":{"version":"2.0', '{"policyData":{"version":', '{"policyData', '}}}', '"']) expect(v(cut)).toBe("none");
  });

  it("reads the version of the simulator's signed policy", async () => {
    const { simPolicyV2 } = await import("../../scripts/sim/policy-v2-world.ts");
    expect(run("policy-version", tmp("sim-v2.json", Buffer.from(simPolicyV2().policy)))[0]).toBe("[2.0]");
  });

  it("rejects a file whose FFS header checksum is wrong", () => {
    const cfv = buildCfv(LAYOUT.IMG_CONFIG_SIZE, [{ guid: GUID.cfvPolicy, data: Buffer.from("{}") }, { guid: GUID.cfvRootCa, data: Buffer.from("ca") }]);
    cfv[120 + 16] ^= 0xff; // first file's header checksum
    expect(() => run("measure", tmp("cfv3.bin", cfv), join(OUT, "x.bin"))).toThrow(/error -3/);
  });

  it("builds a CCEL table that sums to zero and points at the log", () => {
    const t = Buffer.from(run("ccel", "0x111000", "0x2f000")[0], "hex");
    expect(t.toString("latin1", 0, 4)).toBe("CCEL");
    expect(t.reduce((a, b) => (a + b) & 0xff, 0)).toBe(0);
    expect(t.readBigUInt64LE(40)).toBe(0x2f000n);
    expect(t.readBigUInt64LE(48)).toBe(0x111000n);
  });
});

describe("shim memory acceptance", () => {
  const calls = (out: string[]) => out.filter((l) => !l.startsWith("status"));
  it("uses 2 MiB pages where aligned and 4 KiB pages for the unaligned head and tail", () => {
    const out = run("accept", "0x1ff000", "0x601000", "ok");
    expect(out.at(-1)).toBe("status 0");
    expect(calls(out)).toEqual(["0 1ff000", "1 200000", "1 400000", "0 600000"]);
  });
  it("falls back to 512 4 KiB accepts when a 2 MiB accept reports PAGE_SIZE_MISMATCH", () => {
    const c = calls(run("accept", "0", "0x200000", "4k"));
    expect(c[0]).toBe("1 0");
    expect(c.length).toBe(513);
    expect(c.at(-1)).toBe("0 1ff000");
  });
  it("retries OPERAND_BUSY and treats PAGE_ALREADY_ACCEPTED as success", () => {
    expect(run("accept", "0", "0x400000", "busy")).toEqual(["1 0", "1 0", "1 200000", "1 200000", "status 0"]);
    expect(run("accept", "0", "0x2000", "already").at(-1)).toBe("status 0");
  });
  it("stops at the first fatal status", () => {
    const out = run("accept", "0", "0x5000", "fail");
    expect(calls(out).length).toBe(3);
    expect(out.at(-1)).toBe("status c000010000000000");
  });
});

describe("shim TD HOB reader", () => {
  const HOB_GPA = 0x800000;
  function hob(resources: [number, number, number][], opts: { endOff?: number; badReserved?: boolean } = {}): Buffer {
    const parts: Buffer[] = [];
    const phit = Buffer.alloc(56);
    phit.writeUInt16LE(1, 0); phit.writeUInt16LE(56, 2); phit.writeUInt32LE(9, 8);
    parts.push(phit);
    for (const [type, start, len] of resources) {
      const r = Buffer.alloc(48);
      r.writeUInt16LE(3, 0); r.writeUInt16LE(48, 2); r.writeUInt32LE(type, 24); r.writeUInt32LE(7, 28);
      r.writeBigUInt64LE(BigInt(start), 32); r.writeBigUInt64LE(BigInt(len), 40);
      if (opts.badReserved) r.writeUInt32LE(1, 4);
      parts.push(r);
    }
    const end = Buffer.alloc(8);
    end.writeUInt16LE(0xffff, 0); end.writeUInt16LE(8, 2);
    parts.push(end);
    const b = Buffer.concat(parts);
    b.writeBigUInt64LE(BigInt(HOB_GPA + (opts.endOff ?? b.length)), 48);
    return b;
  }
  const read = (b: Buffer) => run("hob", tmp("hob.bin", b), String(HOB_GPA));
  it("lists the MEMORY_UNACCEPTED resources", () => {
    expect(read(hob([[0, 0x800000, 0x20000], [7, 0, 0x800000], [7, 0x820000, 0x17e0000]]))).toEqual(["0 800000", "820000 17e0000"]);
  });
  it("treats SYSTEM_MEMORY as unaccepted when a VMM reports no type 7 (older VMMs)", () => {
    expect(read(hob([[0, 0, 0x2000000], [5, 0x800000, 0x20000]]))).toEqual(["0 2000000"]);
  });
  it("rejects a list whose End HOB is not where the PHIT says, or with non-zero reserved fields", () => {
    expect(read(hob([[7, 0, 0x1000]], { endOff: 8 }))).toEqual(["invalid"]);
    expect(read(hob([[7, 0, 0x1000]], { badReserved: true }))).toEqual(["invalid"]);
  });
  it("rejects truncated lists and unknown HOB types", () => {
    const h = hob([[7, 0, 0x1000]]);
    expect(read(h.subarray(0, h.length - 8))).toEqual(["invalid"]);
    const odd = Buffer.from(h);
    odd.writeUInt16LE(0x0006, 56); // a CPU HOB where td-shim accepts none
    expect(read(odd)).toEqual(["invalid"]);
  });
});

describeShared("shim policy version on Intel's signed policies v2", () => {
  it("reads 2.0 from the template and test policies (about 170 KB each)", () => {
    for (const f of [["templates", "policy_v2_signed.json"], ["test", "policy_v2.json"]]) {
      expect(run("policy-version", sharedPath("testdata", "migtd_policy", "v2", ...f))[0], f.join("/")).toBe("[2.0]");
    }
  });
});
