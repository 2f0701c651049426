// Builders for synthetic MigTD inputs (layouts from spec: migtd.md §5.3, tdx-abi.md §6.2).
import { createHash } from "node:crypto";

const sha384 = (b: Uint8Array) => createHash("sha384").update(b).digest();

function specIdHeader(): Buffer {
  const ev = Buffer.alloc(40);
  ev.write("Spec ID Event03\0", 0, "latin1");
  ev.writeUInt32LE(0, 16); // platform class
  ev[20] = 0; ev[21] = 2; ev[22] = 105; ev[23] = 2;
  ev.writeUInt32LE(1, 24);
  ev.writeUInt16LE(0x000c, 28);
  ev.writeUInt16LE(48, 30);
  ev[32] = 7;
  ev.write("td-shim", 33, "latin1");
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0, 0);
  h.writeUInt32LE(3, 4);
  h.writeUInt32LE(40, 28);
  return Buffer.concat([h, ev]);
}

export function ccEvent(mr: number, type: number, digest: Buffer, data: Buffer): Buffer {
  const h = Buffer.alloc(66);
  h.writeUInt32LE(mr, 0);
  h.writeUInt32LE(type >>> 0, 4);
  h.writeUInt32LE(1, 8);
  h.writeUInt16LE(0x000c, 12);
  digest.copy(h, 14);
  h.writeUInt32LE(data.length, 62);
  return Buffer.concat([h, data]);
}

function tagged(tag: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(tag, 0);
  h.writeUInt32LE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

export function buildMigtdLog(policy: Buffer, rootCa: Buffer) {
  const sep = Buffer.alloc(4);
  const parts = [
    specIdHeader(),
    ccEvent(1, 4, sha384(sep), sep),
    ccEvent(2, 4, sha384(sep), sep),
    ccEvent(3, 6, sha384(policy), tagged(1, policy)),
    ccEvent(3, 6, sha384(rootCa), tagged(2, rootCa)),
  ];
  const log = Buffer.concat([...parts, Buffer.alloc(1, 0xff)]); // the exported copy's extra byte (§2.4)
  let r2 = Buffer.alloc(48);
  r2 = sha384(Buffer.concat([r2, sha384(policy)]));
  r2 = sha384(Buffer.concat([r2, sha384(rootCa)]));
  return { log, policyDigest: sha384(policy).toString("hex"), rootDigest: sha384(rootCa).toString("hex"), rtmr2: r2.toString("hex") };
}
