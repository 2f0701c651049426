// The RTMR values a boot of an image produces (migtd.md 4 "RTMR values", 5.3): RTMR0 and RTMR1
// hold td-shim's separator only, RTMR2 the policy then the root CA (exact CFV file bytes), RTMR3
// nothing. The shim computes the same digests at boot (shim/src/measure.c).
import { createHash } from "node:crypto";
import { readCfvFile } from "./cfv.ts";
import { GUID } from "./guid.ts";

const sha384 = (b: Buffer) => createHash("sha384").update(b).digest();
export const extend = (rtmr: Buffer, data: Buffer) => sha384(Buffer.concat([rtmr, sha384(data)]));
export const ZERO_RTMR = Buffer.alloc(48);
export const SEPARATOR = Buffer.alloc(4);

export function expectedRtmrs(cfv: Buffer): Buffer[] {
  const policy = readCfvFile(cfv, GUID.cfvPolicy);
  const rootCa = readCfvFile(cfv, GUID.cfvRootCa);
  if (!policy) throw new Error("the config volume holds no policy");
  if (!rootCa) throw new Error("the config volume holds no root CA");
  const sep = extend(ZERO_RTMR, SEPARATOR);
  return [sep, sep, extend(extend(ZERO_RTMR, policy), rootCa), Buffer.from(ZERO_RTMR)];
}
