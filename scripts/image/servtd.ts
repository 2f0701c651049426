// SERVTD_HASH_INFO of an image (migtd.md 4): TDINFO_STRUCT from the manifest, the MRTD of the
// image, and the RTMRs the boot will produce (rtmr.ts), hashed with SHA-384.
import { createHash } from "node:crypto";

export interface ServtdManifest {
  attributes: Buffer; xfam: Buffer; mrconfigid: Buffer; mrowner: Buffer; mrownerconfig: Buffer;
}

const FIELDS: [keyof ServtdManifest, number][] = [
  ["attributes", 8], ["xfam", 8], ["mrconfigid", 48], ["mrowner", 48], ["mrownerconfig", 48],
];

// Manifest JSON: hex strings in raw byte order (not numbers); missing fields are zero except
// xfam, whose default is MigTD's e71a060000000000.
export function parseManifest(json: string): ServtdManifest {
  const src = JSON.parse(json) as Record<string, unknown>;
  const out = {} as ServtdManifest;
  for (const [name, size] of FIELDS) {
    const v = src[name] ?? (name === "xfam" ? "e71a060000000000" : "00".repeat(size));
    if (typeof v !== "string" || !/^([0-9a-fA-F]{2})*$/.test(v) || v.length !== size * 2) {
      throw new Error(`manifest: ${name} must be ${size} bytes of hex`);
    }
    out[name] = Buffer.from(v, "hex");
  }
  return out;
}

export function tdInfo(m: ServtdManifest, mrtd: Buffer, rtmr: Buffer[]): Buffer {
  const b = Buffer.alloc(512);
  let o = 0;
  for (const part of [m.attributes, m.xfam, mrtd, m.mrconfigid, m.mrowner, m.mrownerconfig, ...rtmr]) {
    part.copy(b, o);
    o += part.length;
  }
  if (o !== 400) throw new Error("TDINFO layout");
  return b; // 112 trailing zero bytes: the SERVTD_HASH slot and reserved space
}

export const servtdInfoHash = (info: Buffer): Buffer => createHash("sha384").update(info).digest();
