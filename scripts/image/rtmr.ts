// The RTMR values a boot of an image produces (migtd.md 4 "RTMR values", 5.3), from what its
// config volume enrolls (exact CFV file bytes); the shim computes the same digests at boot
// (shim/src/measure.c):
//   V1: RTMR0 = RTMR1 = td-shim's separator; RTMR2 = policy, then root CA; RTMR3 = 0.
//   V2: RTMR0 = separator; RTMR1 = separator, then the issuer chain; RTMR2 = policy; RTMR3 = 0.
import { createHash } from "node:crypto";
import { cfvEnrollment, type CfvEnrollment } from "./enrollment.ts";

const sha384 = (b: Buffer) => createHash("sha384").update(b).digest();
export const extend = (rtmr: Buffer, data: Buffer) => sha384(Buffer.concat([rtmr, sha384(data)]));
export const ZERO_RTMR = Buffer.alloc(48);
export const SEPARATOR = Buffer.alloc(4);

export function enrollmentRtmrs(e: CfvEnrollment): Buffer[] {
  const sep = extend(ZERO_RTMR, SEPARATOR);
  if (e.version === 2) return [sep, extend(sep, e.issuerChain), extend(ZERO_RTMR, e.policy), Buffer.from(ZERO_RTMR)];
  return [sep, Buffer.from(sep), extend(extend(ZERO_RTMR, e.policy), e.rootCa), Buffer.from(ZERO_RTMR)];
}

export function expectedRtmrs(cfv: Buffer): Buffer[] {
  return enrollmentRtmrs(cfvEnrollment(cfv));
}
