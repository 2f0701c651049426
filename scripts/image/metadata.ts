// TDX metadata (tdx-abi.md 1.1-1.2, migtd.md 4 step 1): writing the GUID + TDVF descriptor, and
// finding and parsing them back from any td-shim/TDVF image the way a VMM does.
import { GUID, guidBytes } from "./guid.ts";

export const TDVF_SIGNATURE = 0x46564454; // "TDVF"
export const SECTION_ENTRY_SIZE = 32;
export const ATTR_MR_EXTEND = 1;
export const ATTR_PAGE_AUG = 2;

export const TYPE_NAMES = ["BFV", "CFV", "TD_HOB", "TempMem", "PermMem", "Payload", "PayloadParam", "TdInfo", "TdParams"];

export interface TdvfSection {
  dataOffset: number; rawSize: number; gpa: number; memSize: number; typeId: number; attributes: number;
}

// GUID (16) followed by the descriptor.
export function buildMetadata(sections: readonly TdvfSection[]): Buffer {
  const len = 16 + SECTION_ENTRY_SIZE * sections.length;
  const b = Buffer.alloc(16 + len);
  guidBytes(GUID.tdxMetadata).copy(b, 0);
  b.writeUInt32LE(TDVF_SIGNATURE, 16);
  b.writeUInt32LE(len, 20);
  b.writeUInt32LE(1, 24);
  b.writeUInt32LE(sections.length, 28);
  sections.forEach((s, i) => {
    const o = 32 + i * SECTION_ENTRY_SIZE;
    b.writeUInt32LE(s.dataOffset, o);
    b.writeUInt32LE(s.rawSize, o + 4);
    b.writeBigUInt64LE(BigInt(s.gpa), o + 8);
    b.writeBigUInt64LE(BigInt(s.memSize), o + 16);
    b.writeUInt32LE(s.typeId, o + 24);
    b.writeUInt32LE(s.attributes, o + 28);
  });
  return b;
}

// Offset of the descriptor: through the OVMF GUIDed table when its footer is present, else the
// u32 at image end - 0x20 (migtd.md 4 step 1).
export function findDescriptor(image: Buffer): number {
  const end = image.length;
  if (end < 0x54) throw new Error("image too small");
  if (image.subarray(end - 0x30, end - 0x20).equals(guidBytes(GUID.ovmfTableFooter))) {
    const tableLen = image.readUInt16LE(end - 0x32);
    const tableStart = end - 0x20 - tableLen;
    if (tableLen < 18 || tableStart < 0) throw new Error("bad OVMF table length");
    let entryEnd = end - 0x32; // entries end where the table-length u16 starts
    const want = guidBytes(GUID.tdxMetadataOffset);
    while (entryEnd - 18 >= tableStart) {
      const guid = image.subarray(entryEnd - 16, entryEnd);
      const len = image.readUInt16LE(entryEnd - 18);
      if (len < 18 || entryEnd - len < tableStart) throw new Error("bad OVMF table entry");
      if (guid.equals(want)) {
        const v = image.readUInt32LE(entryEnd - len);
        return end - v;
      }
      entryEnd -= len;
    }
    throw new Error("OVMF table has no TDX metadata entry");
  }
  return image.readUInt32LE(end - 0x20);
}

export interface ParsedMetadata { descriptorOffset: number; version: number; sections: TdvfSection[] }

export function parseMetadata(image: Buffer): ParsedMetadata {
  const d = findDescriptor(image);
  if (d < 16 || d + 16 > image.length) throw new Error("TDVF descriptor outside the image");
  if (!image.subarray(d - 16, d).equals(guidBytes(GUID.tdxMetadata))) throw new Error("TDX metadata GUID missing");
  if (image.readUInt32LE(d) !== TDVF_SIGNATURE) throw new Error("no TDVF signature");
  const length = image.readUInt32LE(d + 4);
  const version = image.readUInt32LE(d + 8);
  const n = image.readUInt32LE(d + 12);
  if (length !== 16 + SECTION_ENTRY_SIZE * n || d + length > image.length) throw new Error("bad TDVF descriptor length");
  const sections: TdvfSection[] = [];
  for (let i = 0; i < n; i++) {
    const o = d + 16 + i * SECTION_ENTRY_SIZE;
    const s = {
      dataOffset: image.readUInt32LE(o),
      rawSize: image.readUInt32LE(o + 4),
      gpa: Number(image.readBigUInt64LE(o + 8)),
      memSize: Number(image.readBigUInt64LE(o + 16)),
      typeId: image.readUInt32LE(o + 24),
      attributes: image.readUInt32LE(o + 28),
    };
    if (s.typeId >= TYPE_NAMES.length) throw new Error(`section ${i}: unknown type ${s.typeId}`);
    if (s.attributes & ~3) throw new Error(`section ${i}: reserved attribute bits`);
    if (s.dataOffset + s.rawSize > image.length) throw new Error(`section ${i}: data outside the image`);
    if (s.typeId !== 7 && s.typeId !== 8 && (s.gpa % 0x1000 || s.memSize % 0x1000 || s.rawSize > s.memSize)) {
      throw new Error(`section ${i}: misaligned or raw data larger than memory`);
    }
    sections.push(s);
  }
  return { descriptorOffset: d, version, sections };
}
