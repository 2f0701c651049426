// `migtd hash` logic: everything needed for SERVTD_HASH_INFO, from the image bytes alone.
import { LAYOUT } from "./gen/layout.ts";
import { parseMetadata } from "./metadata.ts";
import { computeMrtd } from "./mrtd.ts";
import { expectedRtmrs } from "./rtmr.ts";
import { type ServtdManifest, servtdInfoHash, tdInfo } from "./servtd.ts";

const TYPE_CFV = 1;

export interface ImageHashes { mrtd: Buffer; rtmr: Buffer[]; tdInfo: Buffer; servtdHashInfo: Buffer }

export function imageHashes(image: Buffer, manifest: ServtdManifest): ImageHashes {
  const meta = parseMetadata(image);
  const mrtd = computeMrtd(image, meta.sections);
  const cfv = meta.sections.find((s) => s.typeId === TYPE_CFV);
  const cfvBytes = cfv
    ? image.subarray(cfv.dataOffset, cfv.dataOffset + cfv.rawSize)
    : image.subarray(LAYOUT.IMG_CONFIG_OFFSET, LAYOUT.IMG_CONFIG_OFFSET + LAYOUT.IMG_CONFIG_SIZE);
  const rtmr = expectedRtmrs(cfvBytes);
  const info = tdInfo(manifest, mrtd, rtmr);
  return { mrtd, rtmr, tdInfo: info, servtdHashInfo: servtdInfoHash(info) };
}
