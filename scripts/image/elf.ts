// Just enough ELF64 reading for the image builder: the entry point and the PT_LOAD segments.
export interface Segment { vaddr: number; paddr: number; fileBytes: Buffer; memSize: number; flags: number }
export interface Elf { entry: number; segments: Segment[] }

const PT_LOAD = 1;

export function readElf(buf: Buffer): Elf {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error("not a little-endian ELF64 file");
  if (buf.readUInt16LE(18) !== 62) throw new Error("not an x86-64 ELF file");
  const entry = Number(buf.readBigUInt64LE(24));
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (buf.readUInt32LE(p) !== PT_LOAD) continue;
    const flags = buf.readUInt32LE(p + 4);
    const offset = Number(buf.readBigUInt64LE(p + 8));
    const vaddr = Number(buf.readBigUInt64LE(p + 16));
    const paddr = Number(buf.readBigUInt64LE(p + 24));
    const filesz = Number(buf.readBigUInt64LE(p + 32));
    const memsz = Number(buf.readBigUInt64LE(p + 40));
    if (memsz === 0) continue;
    if (offset + filesz > buf.length) throw new Error("ELF segment outside the file");
    segments.push({ vaddr, paddr, fileBytes: buf.subarray(offset, offset + filesz), memSize: memsz, flags });
  }
  segments.sort((a, b) => a.vaddr - b.vaddr);
  return { entry, segments };
}
