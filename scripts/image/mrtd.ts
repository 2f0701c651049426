// MRTD as the TDX module computes it while the VMM builds the TD (tdx-abi.md 1.3, migtd.md 4
// step 2): per section in descriptor order, per 4 KiB page, TDH.MEM.PAGE.ADD absorbs a 128-byte
// block with the GPA, TDH.MR.EXTEND absorbs a block per 256-byte chunk followed by the chunk.
import { createHash } from "node:crypto";
import { ATTR_MR_EXTEND, ATTR_PAGE_AUG, type TdvfSection } from "./metadata.ts";

const TYPE_TDINFO = 7;
const TYPE_TDPARAMS = 8;

function block(tag: string, gpa: number): Buffer {
  const b = Buffer.alloc(128);
  b.write(tag, 0, "latin1");
  b.writeBigUInt64LE(BigInt(gpa), 16);
  return b;
}

export function computeMrtd(image: Buffer, sections: readonly TdvfSection[]): Buffer {
  const h = createHash("sha384");
  for (const s of sections) {
    if (s.typeId === TYPE_TDINFO || s.typeId === TYPE_TDPARAMS) continue; // inside the BFV, no pages
    const data = Buffer.alloc(s.memSize);
    image.copy(data, 0, s.dataOffset, s.dataOffset + s.rawSize);
    for (let off = 0; off < s.memSize; off += 0x1000) {
      const gpa = s.gpa + off;
      if (!(s.attributes & ATTR_PAGE_AUG)) h.update(block("MEM.PAGE.ADD", gpa));
      if (s.attributes & ATTR_MR_EXTEND) {
        for (let c = 0; c < 0x1000; c += 256) {
          h.update(block("MR.EXTEND", gpa + c));
          h.update(data.subarray(off + c, off + c + 256));
        }
      }
    }
  }
  return h.digest();
}
