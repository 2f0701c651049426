// Flattens the payload ELF into the Payload region format the shim loads (struct
// payload_header in shim/memory-map.json): header, then the bytes from the first PT_LOAD
// address to the end of the last one's file data.
import { LAYOUT } from "./gen/layout.ts";
import type { Elf } from "./elf.ts";

export const PAYLOAD_MAGIC = 0x314c504d; // "MPL1"
export const PAYLOAD_HEADER_SIZE = 64;

export function flattenPayload(elf: Elf): { bytes: Buffer; fileSize: number; memSize: number } {
  if (elf.segments.length === 0) throw new Error("payload: no loadable segments");
  const base = elf.segments[0].vaddr;
  if (base !== LAYOUT.RAM_PAYLOAD_IMAGE_BASE) throw new Error(`payload: linked at 0x${base.toString(16)}, expected PayloadImage`);
  let fileEnd = base, memEnd = base;
  for (const s of elf.segments) {
    if (s.fileBytes.length) fileEnd = Math.max(fileEnd, s.vaddr + s.fileBytes.length);
    memEnd = Math.max(memEnd, s.vaddr + s.memSize);
  }
  const fileSize = fileEnd - base;
  const memSize = Math.ceil((memEnd - base) / 0x1000) * 0x1000;
  if (memSize > LAYOUT.RAM_PAYLOAD_IMAGE_SIZE) throw new Error(`payload: ${memSize} bytes do not fit PayloadImage`);
  if (PAYLOAD_HEADER_SIZE + fileSize > LAYOUT.IMG_PAYLOAD_SIZE) throw new Error("payload: does not fit the Payload region");
  const out = Buffer.alloc(PAYLOAD_HEADER_SIZE + fileSize);
  out.writeUInt32LE(PAYLOAD_MAGIC, 0);
  out.writeUInt32LE(PAYLOAD_HEADER_SIZE, 4);
  out.writeBigUInt64LE(BigInt(elf.entry), 8);
  out.writeBigUInt64LE(BigInt(base), 16);
  out.writeBigUInt64LE(BigInt(fileSize), 24);
  out.writeBigUInt64LE(BigInt(memSize), 32);
  out.writeBigUInt64LE(BigInt(LAYOUT.RAM_PAYLOAD_STACK_BASE + LAYOUT.RAM_PAYLOAD_STACK_SIZE), 40);
  for (const s of elf.segments) s.fileBytes.copy(out, PAYLOAD_HEADER_SIZE + s.vaddr - base);
  return { bytes: out, fileSize, memSize };
}
