// `migtd hash`: MRTD against an independent computation, RTMRs, SERVTD_HASH_INFO (migtd.md 4).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha384 } from "@noble/hashes/sha2.js";
import { describe, expect, it, vi } from "vitest";
import { describeShared, readShared } from "../helpers/shared.ts";
import { command as hashCommand } from "../../scripts/cli/commands/hash.ts";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { intelRootCaDer } from "../../scripts/image/root-ca.ts";
import { REPO, testImage } from "./fixture.ts";
import { runIn } from "../cli/run.ts";

// Second MRTD computation, written from the TDX module's description (tdx-abi.md 1.3) over the
// section list as Intel's metadata.json spells it: every absorbed block is collected into one
// buffer and hashed once with @noble/hashes (the tool streams into node:crypto).
function mrtdIndependent(image: Buffer, sections: { off: number; raw: number; gpa: number; size: number; attr: number }[]): Uint8Array {
  const parts: Buffer[] = [];
  const hdr = (tag: string, gpa: number) => {
    const b = Buffer.alloc(128);
    b.write(tag);
    b.writeBigUInt64LE(BigInt(gpa), 16);
    return b;
  };
  for (const s of sections) {
    const mem = Buffer.concat([image.subarray(s.off, s.off + s.raw), Buffer.alloc(s.size - s.raw)]);
    for (let p = 0; p < s.size; p += 4096) {
      if ((s.attr & 2) === 0) parts.push(hdr("MEM.PAGE.ADD", s.gpa + p));
      if (s.attr & 1) for (let c = 0; c < 4096; c += 256) parts.push(hdr("MR.EXTEND", s.gpa + p + c), mem.subarray(p + c, p + c + 256));
    }
  }
  return sha384(Buffer.concat(parts));
}

const OURS = [ // the memory map, written out by hand (TdInfo adds no pages)
  { off: 0xfa6000, raw: 0x5a000, gpa: 0xfffa6000, size: 0x5a000, attr: 1 },
  { off: 0x0c1000, raw: 0xee5000, gpa: 0xff0c1000, size: 0xee5000, attr: 1 },
  { off: 0, raw: 0xa0000, gpa: 0xff000000, size: 0xa0000, attr: 0 },
  { off: 0, raw: 0, gpa: 0xff0a1000, size: 0x10000, attr: 0 },
  { off: 0, raw: 0, gpa: 0xff0b1000, size: 0x10000, attr: 0 },
  { off: 0, raw: 0, gpa: 0, size: 0x2000000, attr: 2 },
  { off: 0, raw: 0, gpa: 0xff0a0000, size: 0x1000, attr: 0 },
];

async function runHash(args: string[]): Promise<string[]> {
  const r = await runIn(hashCommand, args);
  expect(r.exit).toBe(0);
  return r.lines;
}

const SEPARATOR_RTMR = "518923b0f955d08da077c96aaba522b9decede61c599cea6c41889cfbea4ae4d50529d96fe4d1afdafb65e7f95bf23c4";

describe("migtd hash", () => {
  const policy = Buffer.from('{"hash-test":1}');
  const { path, image } = testImage("hash-test", policy, intelRootCaDer());

  it("computes the MRTD an independent implementation of TDH.MEM.PAGE.ADD / TDH.MR.EXTEND gets", async () => {
    const lines = await runHash(["--image", path, "--verbose"]);
    const mrtd = lines.find((l) => l.startsWith("MRTD"))!.split(/\s+/)[1];
    expect(mrtd).toBe(Buffer.from(mrtdIndependent(image, OURS)).toString("hex"));
    expect(lines.filter((l) => /^RTMR[01] /.test(l)).map((l) => l.split(/\s+/)[1])).toEqual([SEPARATOR_RTMR, SEPARATOR_RTMR]);
    expect(lines.find((l) => l.startsWith("RTMR3"))!.split(/\s+/)[1]).toBe("00".repeat(48));
  });

  it("hashes the TDINFO_STRUCT built from the manifest, MRTD and RTMRs into SERVTD_HASH_INFO", async () => {
    const verbose = await runHash(["--image", path, "--verbose"]);
    const val = (k: string) => Buffer.from(verbose.find((l) => l.startsWith(k + " "))!.split(/\s+/)[1], "hex");
    const m = JSON.parse(readFileSync(join(REPO, "config", "servtd_info.json"), "utf8"));
    const info = Buffer.concat([
      Buffer.from(m.attributes, "hex"), Buffer.from(m.xfam, "hex"), val("MRTD"), Buffer.from(m.mrconfigid, "hex"),
      Buffer.from(m.mrowner, "hex"), Buffer.from(m.mrownerconfig, "hex"),
      val("RTMR0"), val("RTMR1"), val("RTMR2"), val("RTMR3"), Buffer.alloc(112),
    ]);
    expect(info.length).toBe(512);
    const expected = Buffer.from(sha384(info)).toString("hex");
    expect(await runHash(["--image", path])).toEqual([expected]);
    const out = join(mkdtempSync(join(tmpdir(), "migtd-hash-")), "h.bin");
    await runHash(["--image", path, "-o", out]);
    expect(readFileSync(out).toString("hex")).toBe(expected);
  });

  it("depends on the manifest: another xfam gives another SERVTD_HASH_INFO", async () => {
    const azure = join(mkdtempSync(join(tmpdir(), "migtd-hash-")), "m.json");
    const m = JSON.parse(readFileSync(join(REPO, "config", "servtd_info.json"), "utf8"));
    (await import("node:fs")).writeFileSync(azure, JSON.stringify({ ...m, xfam: "e718060000000000" }));
    expect(await runHash(["--image", path, "--servtd-info", azure])).not.toEqual(await runHash(["--image", path]));
  });

  it("keeps MRTD when only the config volume changes, and changes it with the payload", async () => {
    const mrtd = async (p: string) => (await runHash(["--image", p, "-v"])).find((l) => l.startsWith("MRTD"));
    const other = testImage("hash-test-other-policy", Buffer.from('{"other":2}'), intelRootCaDer());
    expect(await mrtd(other.path)).toBe(await mrtd(path));
    const tampered = Buffer.from(image);
    tampered[LAYOUT.IMG_PAYLOAD_OFFSET + 100] ^= 1;
    const p2 = join(mkdtempSync(join(tmpdir(), "migtd-hash-")), "t.bin");
    (await import("node:fs")).writeFileSync(p2, tampered);
    expect(await mrtd(p2)).not.toBe(await mrtd(path));
  });

  it("agrees with the SERVTD_HASH_INFO make image wrote next to build/migtd.bin", async () => {
    expect(existsSync(join(REPO, "build", "migtd.bin.servtd_info_hash")), "run 'make image'").toBe(true);
    const written = readFileSync(join(REPO, "build", "migtd.bin.servtd_info_hash"), "utf8").trim();
    expect(await runHash(["--image", join(REPO, "build", "migtd.bin")])).toEqual([written]);
  });
});

describeShared("migtd hash with Intel's production policy and root CA enrolled", () => {
  it("gives RTMR2 = 00738709...54F3 (migtd.md 4) and the MRTD of Intel's metadata.json layout", async () => {
    const policy = readShared("testdata", "migtd_policy", "current_v1", "policy_production_fmspc.json");
    const rootCa = readShared("testdata", "migtd_config", "Intel_SGX_Provisioning_Certification_RootCA.cer");
    expect(rootCa).toEqual(intelRootCaDer()); // the npm package ships the same DER
    const { path, image } = testImage("hash-intel", policy, rootCa);
    const lines = await runHash(["--image", path, "-v"]);
    expect(lines.find((l) => l.startsWith("RTMR2"))!.split(/\s+/)[1].toUpperCase()).toBe(
      "00738709463174735612B421F112C600A153AD659D54C1FFDFE58967904996A1EF1ED7D130ACBEE7EA861B70C15454F3");
    const intel = JSON.parse(readShared("testdata", "migtd_config", "metadata.json").toString()).Sections
      .filter((s: { Type: string }) => s.Type !== "TdInfo")
      .map((s: Record<string, string>) => ({ off: Number(s.DataOffset), raw: Number(s.RawDataSize), gpa: Number(s.MemoryAddress), size: Number(s.MemoryDataSize), attr: Number(s.Attributes) }));
    expect(lines.find((l) => l.startsWith("MRTD"))!.split(/\s+/)[1]).toBe(Buffer.from(mrtdIndependent(image, intel)).toString("hex"));
  });
});
