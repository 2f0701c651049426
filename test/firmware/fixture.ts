// Firmware images for the tests: the parts come from `make firmware-parts` (mk/shim.mk); images
// are assembled with the library (scripts/image/image.ts) from a chosen policy and root CA.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildImage } from "../../scripts/image/image.ts";

export const REPO = resolve(import.meta.dirname, "..", "..");
export const OUT = join(REPO, "build", "test-fw");

// Tests never build: `make image` (a prerequisite of `make test`) leaves the parts in build/fw.
export function firmwareParts(): { resetVector: Buffer; shimElf: Buffer; payloadElf: Buffer } {
  const fw = join(REPO, "build", "fw");
  for (const f of ["resetvector.bin", "shim.elf", "payload.elf"]) {
    if (!existsSync(join(fw, f))) throw new Error(`build/fw/${f} is missing: run make firmware-parts (or make image) first`);
  }
  return {
    resetVector: readFileSync(join(fw, "resetvector.bin")),
    shimElf: readFileSync(join(fw, "shim.elf")),
    payloadElf: readFileSync(join(fw, "payload.elf")),
  };
}

// Builds build/test-fw/<name>.bin and returns its path and bytes.
export function testImage(name: string, policy: Buffer, rootCa: Buffer): { path: string; image: Buffer } {
  const built = buildImage({ ...firmwareParts(), policy, rootCa });
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.bin`);
  writeFileSync(path, built.image);
  return { path, image: built.image };
}
