// The config firmware volume (migtd.md 5.2): a PI firmware volume of RAW FFS files holding the
// enrolled policy and root CA. buildCfv writes it; readCfvFile reads a file back (for the hash
// tool, which takes the measured bytes from the image exactly as the shim does).
import { GUID, guidBytes, guidU8 } from "./guid.ts";

export const CFV_HEADER_SIZE = 120;
const FFS_HEADER_SIZE = 24;
const FFS_RAW = 0x01;
const FFS_PAD = 0xf0;
const FFS_STATE = 0x07;
const FFS_FILE_CHECKSUM = 0xaa; // "no file checksum" value
const FV_ATTRIBUTES = 0x0004f6ff;

export interface CfvFile { guid: string; data: Buffer }

function ffsHeader(name: Buffer, type: number, size: number): Buffer {
  const h = Buffer.alloc(FFS_HEADER_SIZE);
  name.copy(h, 0);
  h[17] = FFS_FILE_CHECKSUM;
  h[18] = type;
  h[19] = 0;
  h.writeUIntLE(size, 20, 3);
  h[23] = FFS_STATE;
  // Header checksum: 8-bit sum of the header without file checksum and state is zero.
  let sum = 0;
  for (let i = 0; i < FFS_HEADER_SIZE; i++) if (i !== 17 && i !== 23) sum += h[i];
  h[16] = (0x100 - (sum & 0xff)) & 0xff;
  return h;
}

export function buildCfv(size: number, files: CfvFile[]): Buffer {
  const fv = Buffer.alloc(size, 0);
  guidBytes(GUID.ffs3).copy(fv, 16);
  fv.writeBigUInt64LE(BigInt(size), 32);
  fv.write("_FVH", 40, "latin1");
  fv.writeUInt32LE(FV_ATTRIBUTES, 44);
  fv.writeUInt16LE(CFV_HEADER_SIZE, 48);
  fv.writeUInt16LE(0x60, 52); // ExtHeaderOffset
  fv[55] = 2; // Revision
  fv.writeUInt32LE(size / 0x1000, 56); // block map: {num_blocks, 4 KiB}, {0, 0}
  fv.writeUInt32LE(0x1000, 60);
  // Checksum: the 16-bit word sum of the 56-byte FV header is zero (migtd.md 5.2).
  let sum = 0;
  for (let i = 0; i < 56; i += 2) sum = (sum + fv.readUInt16LE(i)) & 0xffff;
  fv.writeUInt16LE((0x10000 - sum) & 0xffff, 50);
  ffsHeader(Buffer.alloc(16), FFS_PAD, 0x2c).copy(fv, 0x48); // pad file covering the ext header
  fv.writeUInt32LE(0x14, 0x60 + 16); // ext header: fv_name = 0, ext_header_size
  let off = CFV_HEADER_SIZE;
  for (const f of files) {
    const total = FFS_HEADER_SIZE + f.data.length;
    if (total > 0xffffff || off + total > size) throw new Error(`config volume: ${f.guid} does not fit (${f.data.length} bytes)`);
    ffsHeader(guidBytes(f.guid), FFS_RAW, total).copy(fv, off);
    f.data.copy(fv, off + FFS_HEADER_SIZE);
    off = (off + total + 7) & ~7;
  }
  return fv;
}

// The first RAW file named `guid`, as the shim's cfv.c finds it; undefined when absent. On plain
// bytes (no Node dependency: the inspect page uses it too).
export function findCfvFile(fv: Uint8Array, guid: string): Uint8Array | undefined {
  const dv = new DataView(fv.buffer, fv.byteOffset, fv.byteLength);
  const sig = fv.length >= CFV_HEADER_SIZE ? String.fromCharCode(fv[40], fv[41], fv[42], fv[43]) : "";
  if (sig !== "_FVH") return undefined;
  const fvLen = Number(dv.getBigUint64(32, true));
  const headerLen = dv.getUint16(48, true);
  if (fvLen > fv.length || headerLen < 56 || headerLen > fvLen) return undefined;
  const name = guidU8(guid);
  let off = (headerLen + 7) & ~7;
  while (off + FFS_HEADER_SIZE <= fvLen) {
    const size = fv[off + 20] | (fv[off + 21] << 8) | (fv[off + 22] << 16);
    if (size < FFS_HEADER_SIZE || size > fvLen - off) return undefined;
    let sum = 0;
    for (let i = 0; i < FFS_HEADER_SIZE; i++) sum = (sum + fv[off + i]) & 0xff;
    if (sum === 0xb1 && fv[off + 18] === FFS_RAW && name.every((x, i) => fv[off + i] === x)) {
      return fv.subarray(off + FFS_HEADER_SIZE, off + size);
    }
    off = (off + size + 7) & ~7;
  }
  return undefined;
}

export function readCfvFile(fv: Buffer, guid: string): Buffer | undefined {
  const f = findCfvFile(fv, guid);
  return f && Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}
