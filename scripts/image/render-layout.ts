// Renders the computed memory map into NASM, C and TypeScript, each with the same banner and
// ASCII map. Pure functions over a MemoryMap; gen-layout.ts writes the files.
import type { MemoryMap, Region, Struct } from "./memory-map.ts";

const hex = (v: number, w = 8) => "0x" + v.toString(16).toUpperCase().padStart(w, "0");
export const macroName = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

function asciiMap(map: MemoryMap): string[] {
  const box = (title: string, regions: Region[], note: (r: Region) => string) => {
    const out = [title, "  +------------+------------+-----------------+"];
    for (const r of [...regions].reverse()) {
      out.push(`  | ${hex(r.gpa + r.size)} |            |                 |`);
      out.push(`  |            | ${hex(r.size)} | ${r.name.padEnd(15)} | ${note(r)}`);
    }
    out.push(`  | ${hex(regions[0].gpa)} |            |                 |`);
    out.push("  +------------+------------+-----------------+");
    return out;
  };
  return [
    ...box(`Image (${hex(map.imageSize)} bytes at ${hex(map.imageBase)}, file offset = GPA - base):`, map.image, (r) => r.why),
    "",
    ...box(`RAM (${hex(map.ramSize)} bytes, PermMem):`, map.ram, (r) => r.why),
    "",
    "TDVF sections (descriptor order):",
    ...map.sections.map((s, i) =>
      `  ${i} ${s.type.padEnd(8)} data ${hex(s.dataOffset)} raw ${hex(s.rawSize)} gpa ${hex(s.gpa)} mem ${hex(s.memSize)} attr ${s.attributes}`),
  ];
}

function banner(map: MemoryMap, comment: (l: string) => string): string {
  return [
    "Generated from shim/memory-map.json by scripts/image/gen-layout.ts: do not edit.",
    "",
    ...asciiMap(map),
  ].map((l) => comment(l).trimEnd()).join("\n") + "\n";
}

interface Constant { name: string; value: number; doc: string }

function constants(map: MemoryMap): Constant[] {
  const out: Constant[] = [
    { name: "IMAGE_BASE", value: map.imageBase, doc: "GPA of the first image byte" },
    { name: "IMAGE_SIZE", value: map.imageSize, doc: "image size" },
    { name: "RAM_SIZE", value: map.ramSize, doc: "RAM described by PermMem" },
  ];
  for (const r of map.image) {
    const n = macroName(r.name);
    out.push({ name: `IMG_${n}_OFFSET`, value: r.offset, doc: `${r.name}: file offset` });
    out.push({ name: `IMG_${n}_BASE`, value: r.gpa, doc: `${r.name}: GPA` });
    out.push({ name: `IMG_${n}_SIZE`, value: r.size, doc: `${r.name}: size` });
  }
  for (const r of map.ram) {
    const n = macroName(r.name);
    out.push({ name: `RAM_${n}_BASE`, value: r.gpa, doc: `${r.name}: GPA` });
    out.push({ name: `RAM_${n}_SIZE`, value: r.size, doc: `${r.name}: size` });
  }
  const meta = map.image.find((r) => r.name === "Metadata")!;
  const desc = meta.offset + map.descriptorOffset;
  out.push({ name: "METADATA_DESCRIPTOR_OFFSET", value: desc, doc: "file offset of the TDVF descriptor (u32 at image end - 0x20)" });
  out.push({ name: "METADATA_DESCRIPTOR_FROM_END", value: map.imageSize - desc, doc: "same, measured from the image end (OVMF table entry)" });
  for (const s of map.structs) {
    const sn = macroName(s.name);
    out.push({ name: `${sn}_SIZE`, value: s.size, doc: `sizeof(struct ${s.name})` });
    for (const f of s.fields) out.push({ name: `${sn}_OFF_${macroName(f.name)}`, value: f.offset, doc: `offset of ${s.name}.${f.name}` });
  }
  return out;
}

export function renderNasm(map: MemoryMap): string {
  const lines = [banner(map, (l) => `; ${l}`), "%ifndef LAYOUT_INC", "%define LAYOUT_INC", ""];
  for (const c of constants(map)) lines.push(`%define ${c.name.padEnd(34)} ${hex(c.value)} ; ${c.doc}`);
  lines.push("", "%endif", "");
  return lines.join("\n");
}

const cType = (t: string) => {
  const m = /^u(8|16|32|64)(?:\[(\d+)\])?$/.exec(t)!;
  return { base: `uint${m[1]}_t`, dim: m[2] ? `[${m[2]}]` : "" };
};

function cStruct(s: Struct): string[] {
  const out = [`/* ${s.about} */`, `struct ${s.name} {`];
  for (const f of s.fields) {
    const t = cType(f.type);
    out.push(`  ${t.base} ${f.name}${t.dim}; /* ${f.doc} */`);
  }
  out.push("};", `_Static_assert(sizeof(struct ${s.name}) == ${s.size}, "${s.name} layout");`, "");
  return out;
}

export function renderC(map: MemoryMap): string {
  const lines = [banner(map, (l) => (l ? ` * ${l}` : " *")).replace(/^/, "/*\n") + " */", "#ifndef LAYOUT_H", "#define LAYOUT_H", "", "#include <stdint.h>", ""];
  for (const c of constants(map)) lines.push(`#define ${c.name.padEnd(34)} ${hex(c.value)}ull /* ${c.doc} */`);
  lines.push("");
  for (const s of map.structs) lines.push(...cStruct(s));
  lines.push("#endif", "");
  return lines.join("\n");
}

export function renderLd(map: MemoryMap): string {
  const lines = [banner(map, (l) => (l ? ` * ${l}` : " *")).replace(/^/, "/*\n") + " */", ""];
  for (const c of constants(map)) lines.push(`${c.name.padEnd(34)} = ${hex(c.value)}; /* ${c.doc} */`);
  lines.push("");
  return lines.join("\n");
}

export function renderTs(map: MemoryMap): string {
  const lines = [banner(map, (l) => `// ${l}`)];
  lines.push("export const LAYOUT = {");
  for (const c of constants(map)) lines.push(`  ${c.name}: ${hex(c.value)}, // ${c.doc}`);
  lines.push("} as const;", "");
  lines.push("export const SECTIONS = [");
  for (const s of map.sections) {
    lines.push(`  { type: "${s.type}", typeId: ${s.typeId}, dataOffset: ${hex(s.dataOffset)}, rawSize: ${hex(s.rawSize)}, gpa: ${hex(s.gpa)}, memSize: ${hex(s.memSize)}, attributes: ${s.attributes} },`);
  }
  lines.push("] as const;", "");
  return lines.join("\n");
}
