// Assembles migtd.bin from its parts, at the offsets of the memory map (shim/memory-map.json):
// CFV (policy + root CA for V1, policy + issuer chain for V2), flat payload, TDX metadata, the
// shim's code, the reset vector.
import { LAYOUT, SECTIONS } from "./gen/layout.ts";
import { buildCfv } from "./cfv.ts";
import { readElf } from "./elf.ts";
import { cfvFiles } from "./enrollment.ts";
import { buildMetadata, parseMetadata } from "./metadata.ts";
import { flattenPayload } from "./payload.ts";

export interface ImageParts {
  resetVector: Buffer; // nasm -f bin output, exactly the ResetVector region
  shimElf: Buffer; // linked in place at the Ipl region
  payloadElf: Buffer; // linked at the PayloadImage RAM region
  policy: Buffer;
  // Exactly one: the SGX root CA (DER) makes a V1 MigTD, the policy issuer chain (PEM) of a
  // signed policy v2 a V2 one (migtd.md 5.1).
  rootCa?: Buffer;
  issuerChain?: Buffer;
}

export interface BuiltImage { image: Buffer; payloadFileSize: number; payloadMemSize: number; shimSize: number }

export function buildImage(p: ImageParts): BuiltImage {
  const image = Buffer.alloc(LAYOUT.IMAGE_SIZE, 0);

  if ((p.rootCa === undefined) === (p.issuerChain === undefined)) throw new Error("an image enrolls either a root CA (V1) or a policy issuer chain (V2)");
  const enrollment = p.issuerChain !== undefined
    ? { version: 2 as const, policy: p.policy, issuerChain: p.issuerChain }
    : { version: 1 as const, policy: p.policy, rootCa: p.rootCa! };
  buildCfv(LAYOUT.IMG_CONFIG_SIZE, cfvFiles(enrollment)).copy(image, LAYOUT.IMG_CONFIG_OFFSET);

  const payload = flattenPayload(readElf(p.payloadElf));
  payload.bytes.copy(image, LAYOUT.IMG_PAYLOAD_OFFSET);

  // TdInfo stays zero: its content is opaque to the VMM and the TDX module (tdx-abi.md 1.2).
  buildMetadata(SECTIONS).copy(image, LAYOUT.IMG_METADATA_OFFSET);

  let shimSize = 0;
  for (const s of readElf(p.shimElf).segments) {
    const end = s.paddr + s.memSize;
    if (s.paddr < LAYOUT.IMG_IPL_BASE || end > LAYOUT.IMG_IPL_BASE + LAYOUT.IMG_IPL_SIZE) {
      throw new Error(`shim segment 0x${s.paddr.toString(16)} outside the Ipl region`);
    }
    if (s.memSize !== s.fileBytes.length) throw new Error("shim has zero-initialised data (the image is ROM in a legacy boot)");
    s.fileBytes.copy(image, s.paddr - LAYOUT.IMAGE_BASE);
    shimSize = Math.max(shimSize, end - LAYOUT.IMG_IPL_BASE);
  }

  if (p.resetVector.length !== LAYOUT.IMG_RESET_VECTOR_SIZE) throw new Error("reset vector blob has the wrong size");
  p.resetVector.copy(image, LAYOUT.IMG_RESET_VECTOR_OFFSET);

  const parsed = parseMetadata(image);
  if (parsed.descriptorOffset !== LAYOUT.METADATA_DESCRIPTOR_OFFSET) throw new Error("reset vector tail points elsewhere than the metadata");
  if (image.readUInt32LE(LAYOUT.IMAGE_SIZE - 0x20) !== LAYOUT.METADATA_DESCRIPTOR_OFFSET) throw new Error("metadata pointer mismatch");
  return { image, payloadFileSize: payload.fileSize, payloadMemSize: payload.memSize, shimSize };
}
