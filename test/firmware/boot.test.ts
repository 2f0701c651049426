// Boots the firmware as a plain QEMU `-bios` guest (no TDX: the legacy 16-bit entry), waits for
// the banner on COM1, then reads the event log and boot_info out of guest memory.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeShared, readShared } from "../helpers/shared.ts";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { intelRootCaDer } from "../../scripts/image/root-ca.ts";
import { expectedRtmrs } from "../../scripts/image/rtmr.ts";
import { bootImage, kvmUsable } from "./qemu.ts";
import { parseCcel, replay } from "./ccel.ts";
import { REPO, testImage } from "./fixture.ts";

const BANNER = /MigTD Version - \d+\.\d+\.\d+/;
const sha384 = (b: Buffer) => createHash("sha384").update(b).digest();
const cfvOf = (image: Buffer) => image.subarray(LAYOUT.IMG_CONFIG_OFFSET, LAYOUT.IMG_CONFIG_OFFSET + LAYOUT.IMG_CONFIG_SIZE);
const dumps = [
  { addr: LAYOUT.RAM_EVENT_LOG_BASE, size: LAYOUT.RAM_EVENT_LOG_SIZE },
  { addr: LAYOUT.RAM_BOOT_INFO_BASE, size: LAYOUT.RAM_BOOT_INFO_SIZE },
];

function checkBootInfo(bi: Buffer, logUsed: number) {
  expect(bi.readUInt32LE(LAYOUT.BOOT_INFO_OFF_MAGIC)).toBe(0x3149424d);
  expect(bi.readUInt32LE(LAYOUT.BOOT_INFO_OFF_FLAGS) & 1).toBe(0); // not a TD
  expect(Number(bi.readBigUInt64LE(LAYOUT.BOOT_INFO_OFF_EVENT_LOG))).toBe(LAYOUT.RAM_EVENT_LOG_BASE);
  expect(Number(bi.readBigUInt64LE(LAYOUT.BOOT_INFO_OFF_EVENT_LOG_USED))).toBe(logUsed);
  expect(Number(bi.readBigUInt64LE(LAYOUT.BOOT_INFO_OFF_CFV_BASE))).toBe(LAYOUT.IMG_CONFIG_BASE);
  const ccel = bi.subarray(LAYOUT.BOOT_INFO_OFF_CCEL, LAYOUT.BOOT_INFO_OFF_CCEL + 56);
  expect(ccel.toString("latin1", 0, 4)).toBe("CCEL");
  expect(ccel.readUInt32LE(4)).toBe(56);
  expect(ccel.reduce((a, b) => (a + b) & 0xff, 0)).toBe(0);
  expect(ccel[36]).toBe(2); // TDX
  expect(Number(ccel.readBigUInt64LE(40))).toBe(LAYOUT.RAM_EVENT_LOG_SIZE);
  expect(Number(ccel.readBigUInt64LE(48))).toBe(LAYOUT.RAM_EVENT_LOG_BASE);
}

function checkEvents(log: Buffer, policy: Buffer, rootCa: Buffer, image: Buffer) {
  const { specId, events, used } = parseCcel(log);
  expect(specId.length).toBe(72);
  expect(specId.toString("latin1", 32, 47)).toBe("Spec ID Event03");
  expect(specId.toString("latin1", 65, 72)).toBe("td-shim");
  expect(events.map((e) => [e.mrIndex, e.type])).toEqual([[1, 4], [2, 4], [3, 6], [3, 6]]);
  for (const e of events.slice(0, 2)) {
    expect(e.data).toEqual(Buffer.alloc(4));
    expect(e.digest).toEqual(sha384(Buffer.alloc(4)));
  }
  const [, , pol, ca] = events;
  expect(pol.data.readUInt32LE(0)).toBe(1); // MigTD tag: policy
  expect(pol.data.readUInt32LE(4)).toBe(policy.length);
  expect(pol.data.subarray(8)).toEqual(policy);
  expect(pol.digest).toEqual(sha384(policy));
  expect(ca.data.readUInt32LE(0)).toBe(2); // MigTD tag: SGX root CA
  expect(ca.data.subarray(8)).toEqual(rootCa);
  expect(ca.digest).toEqual(sha384(rootCa));
  expect(replay(events)).toEqual(expectedRtmrs(cfvOf(image)));
  expect(log[used]).toBe(0xff); // the rest of the area keeps its 0xFF fill
  return used;
}

describe("firmware boot (QEMU -bios, no TDX)", () => {
  const built = join(REPO, "build", "migtd.bin");
  it("boots build/migtd.bin under TCG and prints the MigTD banner on COM1", async () => {
    expect(existsSync(built), `${built} missing: run 'make image'`).toBe(true);
    const r = await bootImage({ image: built, until: BANNER, timeoutMs: 30_000 });
    expect(r.serial).toMatch(BANNER);
  });

  it("writes a CCEL whose replay gives the RTMRs the image tool predicts, with MigTD's tagged events", async () => {
    const policy = Buffer.from(JSON.stringify({ policy: "boot-test", note: "bytes are measured verbatim" }) + "\n");
    const rootCa = intelRootCaDer();
    const { path, image } = testImage("boot-test", policy, rootCa);
    const r = await bootImage({ image: path, until: BANNER, timeoutMs: 30_000, dumps });
    const used = checkEvents(r.dumps[0], policy, rootCa, image);
    checkBootInfo(r.dumps[1], used);
  });

  it.skipIf(!kvmUsable())("boots under KVM too", async () => {
    const { path } = testImage("boot-kvm", Buffer.from("{}"), intelRootCaDer());
    const r = await bootImage({ image: path, accel: "kvm", until: BANNER, timeoutMs: 30_000 });
    expect(r.serial).toMatch(BANNER);
  });
});

describeShared("firmware boot with Intel's production policy and root CA", () => {
  it("replays the guest's CCEL to the RTMR2 value of migtd.md section 4", async () => {
    const policy = readShared("testdata", "migtd_policy", "current_v1", "policy_production_fmspc.json");
    const rootCa = readShared("testdata", "migtd_config", "Intel_SGX_Provisioning_Certification_RootCA.cer");
    const { path, image } = testImage("intel-production", policy, rootCa);
    const r = await bootImage({ image: path, until: BANNER, timeoutMs: 30_000, dumps });
    checkEvents(r.dumps[0], policy, rootCa, image);
    const rtmr = replay(parseCcel(r.dumps[0]).events);
    expect(rtmr[2].toString("hex").toUpperCase()).toBe(
      "00738709463174735612B421F112C600A153AD659D54C1FFDFE58967904996A1EF1ED7D130ACBEE7EA861B70C15454F3");
    const sep = "518923B0F955D08DA077C96AABA522B9DECEDE61C599CEA6C41889CFBEA4AE4D50529D96FE4D1AFDAFB65E7F95BF23C4";
    expect(rtmr[0].toString("hex").toUpperCase()).toBe(sep);
    expect(rtmr[1].toString("hex").toUpperCase()).toBe(sep);
  });
});

describe("firmware without TDX, linked to the simulator over COM2", () => {
  it("forwards TDCALL/VMCALLs to the simulator and the core reaches its request loop", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { Simulator } = await import("../../scripts/sim/simulator.ts");
    const { listenLink } = await import("../../scripts/sim/link.ts");
    const sim = new Simulator();
    const sock = join(mkdtempSync(join(tmpdir(), "migtd-sim-")), "sim.sock");
    let hello = "";
    const server = await listenLink(sock, sim, (c) => { c.onHello = () => (hello = c.hello); });
    try {
      const { path } = testImage("sim-link", Buffer.from("{}"), intelRootCaDer());
      const r = await bootImage({
        image: path, until: /Loop to wait for request/, timeoutMs: 60_000,
        extraArgs: ["-chardev", `socket,id=sim,path=${sock}`, "-serial", "chardev:sim"],
      });
      expect(r.serial).toMatch(BANNER);
      expect(r.serial).toMatch(/forwarded to the simulator on COM2/);
      expect(hello).toBe("migtd-td");
    } finally {
      server.close();
    }
  });
});
