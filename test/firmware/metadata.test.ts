// The image's TDX metadata, GUIDed table and config volume read back as intended, and as Intel
// MigTD's configuration describes them (migtd.md 4-5, tdx-abi.md 1).
import { describe, expect, it } from "vitest";
import { describeShared, readShared } from "../helpers/shared.ts";
import { LAYOUT, SECTIONS } from "../../scripts/image/gen/layout.ts";
import { readCfvFile } from "../../scripts/image/cfv.ts";
import { GUID, guidBytes } from "../../scripts/image/guid.ts";
import { findDescriptor, parseMetadata, TYPE_NAMES } from "../../scripts/image/metadata.ts";
import { loadMemoryMap } from "../../scripts/image/memory-map.ts";
import { testImage } from "./fixture.ts";

const policy = Buffer.from('{"metadata-test":true}');
const rootCa = Buffer.from("not really a certificate");
const { image } = testImage("metadata-test", policy, rootCa);

describe("TDX metadata of migtd.bin", () => {
  it("parses back to the eight sections of the memory map, in order", () => {
    const m = parseMetadata(image);
    expect(m.version).toBe(1);
    expect(m.descriptorOffset).toBe(LAYOUT.METADATA_DESCRIPTOR_OFFSET);
    expect(m.sections).toEqual(SECTIONS.map(({ type: _t, ...s }) => s));
    expect(m.sections.map((s) => TYPE_NAMES[s.typeId])).toEqual(
      ["BFV", "TdInfo", "Payload", "CFV", "TempMem", "TempMem", "PermMem", "TempMem"]);
  });

  it("has no TD_HOB section and describes all RAM with PermMem (PAGE.AUG)", () => {
    const s = parseMetadata(image).sections;
    expect(s.some((x) => x.typeId === 2)).toBe(false);
    expect(s.filter((x) => x.typeId === 4)).toEqual([{ dataOffset: 0, rawSize: 0, gpa: 0, memSize: 0x2000000, typeId: 4, attributes: 2 }]);
  });

  it("ends with the OVMF GUIDed table, the descriptor pointer, 'VTF' and the dual-mode reset vector", () => {
    const t = image.subarray(image.length - 0x54);
    expect(t.readUInt32LE(0x0c)).toBe(LAYOUT.IMAGE_SIZE - LAYOUT.METADATA_DESCRIPTOR_OFFSET); // 0xFFFFFFB8
    expect(t.readUInt16LE(0x10)).toBe(22);
    expect(t.subarray(0x12, 0x22)).toEqual(guidBytes(GUID.tdxMetadataOffset));
    expect(t.readUInt16LE(0x22)).toBe(40);
    expect(t.subarray(0x24, 0x34)).toEqual(guidBytes(GUID.ovmfTableFooter));
    expect(t.readUInt32LE(0x34)).toBe(0x00fa7010); // Intel MigTD's metadata pointer
    expect(t.toString("latin1", 0x40, 0x44)).toBe("VTF\0");
    const rv = t.subarray(0x44);
    expect([...rv.subarray(0, 7)]).toEqual([0x0f, 0x20, 0xc0, 0xa8, 0x01, 0x74, 0x05]); // mov eax,cr0; test al,1; jz +5
    expect(rv[7]).toBe(0xe9); // 32-bit jmp rel32 (TD entry)
    expect(rv[12]).toBe(0xe9); // 16-bit jmp rel16 (legacy entry)
  });

  it("finds the descriptor through the u32 at end - 0x20 when there is no OVMF table", () => {
    const copy = Buffer.from(image);
    copy.fill(0, copy.length - 0x30, copy.length - 0x20);
    expect(findDescriptor(copy)).toBe(LAYOUT.METADATA_DESCRIPTOR_OFFSET);
    expect(parseMetadata(copy).sections.length).toBe(8);
  });

  it("rejects a descriptor whose length disagrees with its section count", () => {
    const copy = Buffer.from(image);
    copy.writeUInt32LE(9, LAYOUT.METADATA_DESCRIPTOR_OFFSET + 12);
    expect(() => parseMetadata(copy)).toThrow(/length/);
  });

  it("enrolls the policy and root CA byte for byte as RAW files of a valid config volume", () => {
    const cfv = image.subarray(0, LAYOUT.IMG_CONFIG_SIZE);
    let sum = 0;
    for (let i = 0; i < 56; i += 2) sum = (sum + cfv.readUInt16LE(i)) & 0xffff;
    expect(sum).toBe(0);
    expect(cfv.toString("latin1", 40, 44)).toBe("_FVH");
    expect(readCfvFile(cfv, GUID.cfvPolicy)).toEqual(policy);
    expect(readCfvFile(cfv, GUID.cfvRootCa)).toEqual(rootCa);
    expect(readCfvFile(cfv, "3f2fb27a-9596-431c-a68d-d3eab39f8aeb")).toBeUndefined();
  });
});

describeShared("memory map versus Intel MigTD's configuration", () => {
  const hex = (v: string) => Number(v);
  it("has the section table of config/metadata.json", () => {
    const intel = JSON.parse(readShared("testdata", "migtd_config", "metadata.json").toString()).Sections;
    expect(parseMetadata(image).sections).toEqual(intel.map((s: Record<string, string>) => ({
      dataOffset: hex(s.DataOffset), rawSize: hex(s.RawDataSize), gpa: hex(s.MemoryAddress),
      memSize: hex(s.MemoryDataSize), typeId: TYPE_NAMES.indexOf(s.Type), attributes: hex(s.Attributes),
    })));
  });

  it("has the region sizes of config/image_layout.json", () => {
    const intel = JSON.parse(readShared("testdata", "migtd_config", "image_layout.json").toString());
    const ours = Object.fromEntries(loadMemoryMap().image.map((r) => [r.name, r.size]));
    for (const [name, size] of Object.entries(intel)) expect([name, ours[name]]).toEqual([name, hex(size as string)]);
  });
});
