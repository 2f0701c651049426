// An independent reader of td-shim-format CCEL logs for the tests (tdx-abi.md 6.2): the events
// and their replay into RTMR0..3.
import { createHash } from "node:crypto";

export interface CcEvent { mrIndex: number; type: number; digest: Buffer; data: Buffer }

export function parseCcel(log: Buffer): { specId: Buffer; events: CcEvent[]; used: number } {
  const specSize = 32 + log.readUInt32LE(28);
  const specId = log.subarray(0, specSize);
  const events: CcEvent[] = [];
  let off = specSize;
  while (off + 66 < log.length) {
    const size = log.readUInt32LE(off + 62);
    if (size === 0 || size === 0xffffffff || off + 66 + size >= log.length) break;
    if (log.readUInt32LE(off + 8) !== 1 || log.readUInt16LE(off + 12) !== 0x000c) throw new Error("not a SHA-384-only event");
    events.push({
      mrIndex: log.readUInt32LE(off),
      type: log.readUInt32LE(off + 4),
      digest: log.subarray(off + 14, off + 62),
      data: log.subarray(off + 66, off + 66 + size),
    });
    off += 66 + size;
  }
  return { specId, events, used: off };
}

export function replay(events: CcEvent[]): Buffer[] {
  const rtmr = [0, 1, 2, 3].map(() => Buffer.alloc(48));
  for (const e of events) {
    if (e.mrIndex < 1 || e.mrIndex > 4) throw new Error(`MR index ${e.mrIndex}`);
    rtmr[e.mrIndex - 1] = createHash("sha384").update(Buffer.concat([rtmr[e.mrIndex - 1], e.digest])).digest();
  }
  return rtmr;
}
