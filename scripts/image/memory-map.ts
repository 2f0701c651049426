// Reads shim/memory-map.json (the one source of the firmware memory map) and computes every
// address from it: image regions (Intel MigTD's packing rule, tdx-abi.md 1.7), TDVF sections,
// RAM regions and the byte offsets of the shared structures. Pure: no file writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Region { name: string; offset: number; gpa: number; size: number; why: string }
export interface Section {
  type: string; typeId: number; dataOffset: number; rawSize: number; gpa: number; memSize: number; attributes: number;
}
export interface Field { name: string; type: string; offset: number; size: number; doc: string }
export interface Struct { name: string; about: string; size: number; fields: Field[] }
export interface MemoryMap {
  imageBase: number; imageSize: number;
  image: Region[]; ram: Region[]; ramSize: number;
  sections: Section[]; structs: Struct[];
  metadataGuidOffset: number; descriptorOffset: number;
}

// tdx-abi.md 1.2: section types.
export const SECTION_TYPES: Record<string, number> = {
  BFV: 0, CFV: 1, TD_HOB: 2, TempMem: 3, PermMem: 4, Payload: 5, PayloadParam: 6, TdInfo: 7, TdParams: 8,
};

const num = (s: string): number => {
  const v = Number(s);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`memory map: bad number ${s}`);
  return v;
};

export const MEMORY_MAP_PATH = join(import.meta.dirname, "..", "..", "shim", "memory-map.json");

export function loadMemoryMap(path = MEMORY_MAP_PATH): MemoryMap {
  return computeMemoryMap(JSON.parse(readFileSync(path, "utf8")));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function computeMemoryMap(src: any): MemoryMap {
  const imageBase = num(src.image.base);
  const imageSize = num(src.image.size);
  const image: Region[] = [];
  let low = 0;
  for (const r of src.image.bottomUp) {
    image.push({ name: r.name, offset: low, gpa: imageBase + low, size: num(r.size), why: r.why });
    low += num(r.size);
  }
  let high = imageSize;
  const top: Region[] = [];
  for (const r of src.image.topDown) {
    high -= num(r.size);
    top.unshift({ name: r.name, offset: high, gpa: imageBase + high, size: num(r.size), why: r.why });
  }
  if (high !== low) throw new Error(`memory map: image regions leave a gap or overlap (${low.toString(16)} vs ${high.toString(16)})`);
  image.push(...top);
  for (const r of image) {
    if (r.offset % 0x1000 || r.size % 0x1000) throw new Error(`memory map: ${r.name} not 4 KiB aligned`);
  }
  const byName = (n: string): Region => {
    const r = image.find((x) => x.name === n);
    if (!r) throw new Error(`memory map: no image region ${n}`);
    return r;
  };

  const ramSize = num(src.ram.size);
  const ram: Region[] = src.ram.regions.map((r: { name: string; base: string; size: string; why: string }) => ({
    name: r.name, offset: num(r.base), gpa: num(r.base), size: num(r.size), why: r.why,
  }));
  let end = 0;
  for (const r of ram) {
    if (r.gpa !== end) throw new Error(`memory map: RAM region ${r.name} does not start where the previous ends`);
    if (r.gpa % 0x1000 || r.size % 0x1000) throw new Error(`memory map: RAM region ${r.name} not 4 KiB aligned`);
    end = r.gpa + r.size;
  }
  if (end !== ramSize) throw new Error(`memory map: RAM regions end at ${end.toString(16)}, RAM is ${ramSize.toString(16)}`);

  const sections: Section[] = src.sections.map((s: Record<string, string | boolean>) => {
    const typeId = SECTION_TYPES[s.type as string];
    if (typeId === undefined) throw new Error(`memory map: unknown section type ${s.type}`);
    const attributes = num(s.attributes as string);
    if (s.ram) {
      return { type: s.type, typeId, dataOffset: 0, rawSize: 0, gpa: num(s.gpa as string), memSize: num(s.memSize as string), attributes };
    }
    const first = byName((s.region ?? s.from) as string);
    const last = byName((s.region ?? s.to) as string);
    const size = last.offset + last.size - first.offset;
    const gpa = s.gpa !== undefined ? num(s.gpa as string) : first.gpa;
    const memSize = s.memSize !== undefined ? num(s.memSize as string) : size;
    return {
      type: s.type, typeId, attributes, gpa, memSize,
      dataOffset: s.raw ? first.offset : 0,
      rawSize: s.raw ? size : 0,
    };
  });
  const perm = sections.find((s) => s.type === "PermMem");
  if (!perm || perm.gpa !== 0 || perm.memSize !== ramSize) throw new Error("memory map: PermMem must cover the RAM map");

  const structs: Struct[] = Object.entries(src.structs).map(([name, def]) => {
    const d = def as { _about: string; fields: [string, string, string][] };
    let off = 0;
    const fields = d.fields.map(([fname, type, doc]) => {
      const m = /^u(8|16|32|64)(?:\[(\d+)\])?$/.exec(type);
      if (!m) throw new Error(`memory map: bad field type ${type}`);
      const unit = Number(m[1]) / 8;
      const size = unit * (m[2] ? Number(m[2]) : 1);
      if (off % unit) throw new Error(`memory map: ${name}.${fname} misaligned`);
      const f = { name: fname, type, offset: off, size, doc };
      off += size;
      return f;
    });
    return { name, about: d._about, size: off, fields };
  });

  return {
    imageBase, imageSize, image, ram, ramSize, sections, structs,
    metadataGuidOffset: num(src.image.metadataGuidOffset),
    descriptorOffset: num(src.image.descriptorOffset),
  };
}

export function region(map: MemoryMap, name: string): Region {
  const r = map.image.find((x) => x.name === name) ?? map.ram.find((x) => x.name === name);
  if (!r) throw new Error(`memory map: no region ${name}`);
  return r;
}
