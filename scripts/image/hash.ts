// `migtd hash` logic: everything needed for SERVTD_HASH_INFO, from the image bytes alone.
import { LAYOUT } from "./gen/layout.ts";
import { parseMetadata } from "./metadata.ts";
import { computeMrtd } from "./mrtd.ts";
import { enrollmentRtmrs } from "./rtmr.ts";
import { cfvEnrollment, type CfvEnrollment } from "./enrollment.ts";
import { type ServtdManifest, servtdInfoHash, tdInfo } from "./servtd.ts";

const TYPE_CFV = 1;

export interface ImageHashes { mrtd: Buffer; rtmr: Buffer[]; tdInfo: Buffer; servtdHashInfo: Buffer; enrollment: CfvEnrollment }

// The config volume as the metadata places it (the layout's when there is no CFV section).
export function imageCfv(image: Buffer): Buffer {
  const cfv = parseMetadata(image).sections.find((s) => s.typeId === TYPE_CFV);
  return cfv
    ? image.subarray(cfv.dataOffset, cfv.dataOffset + cfv.rawSize)
    : image.subarray(LAYOUT.IMG_CONFIG_OFFSET, LAYOUT.IMG_CONFIG_OFFSET + LAYOUT.IMG_CONFIG_SIZE);
}

export function imageHashes(image: Buffer, manifest: ServtdManifest): ImageHashes {
  const meta = parseMetadata(image);
  const mrtd = computeMrtd(image, meta.sections);
  const enrollment = cfvEnrollment(imageCfv(image));
  const rtmr = enrollmentRtmrs(enrollment);
  const info = tdInfo(manifest, mrtd, rtmr);
  return { mrtd, rtmr, tdInfo: info, servtdHashInfo: servtdInfoHash(info), enrollment };
}
