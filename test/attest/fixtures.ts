// Builders for synthetic MigTD inputs (layouts from spec: migtd.md §5.3, tdx-abi.md §6.2).
import { createHash } from "node:crypto";
import { EV_EVENT_TAG, EV_SEPARATOR, ccEvent, specIdEvent, taggedData } from "../../scripts/sim/ccel.ts";

const sha384 = (b: Uint8Array) => createHash("sha384").update(b).digest();

export function buildMigtdLog(policy: Buffer, rootCa: Buffer) {
  const sep = Buffer.alloc(4);
  const parts = [
    specIdEvent(),
    ccEvent(1, EV_SEPARATOR, sha384(sep), sep),
    ccEvent(2, EV_SEPARATOR, sha384(sep), sep),
    ccEvent(3, EV_EVENT_TAG, sha384(policy), taggedData(1, policy)),
    ccEvent(3, EV_EVENT_TAG, sha384(rootCa), taggedData(2, rootCa)),
  ];
  const log = Buffer.concat([...parts, Buffer.alloc(1, 0xff)]); // the exported copy's extra byte (§2.4)
  let r2 = Buffer.alloc(48);
  r2 = sha384(Buffer.concat([r2, sha384(policy)]));
  r2 = sha384(Buffer.concat([r2, sha384(rootCa)]));
  return { log, policyDigest: sha384(policy).toString("hex"), rootDigest: sha384(rootCa).toString("hex"), rtmr2: r2.toString("hex") };
}
