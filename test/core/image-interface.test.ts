// The host interface is a build-time property recorded in the image (docs/host-interfaces.md):
// the RAW image's payload carries the RAW core, so MRTD and SERVTD_HASH_INFO differ from the
// default image's for the same policy and root CA, and `migtd hash -v` names the interface.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildImage } from "../../scripts/image/image.ts";
import { imageHashes } from "../../scripts/image/hash.ts";
import { parseManifest } from "../../scripts/image/servtd.ts";
import { imageInterface, interfacesIn } from "../../scripts/image/interface.ts";
import { command as hashCommand } from "../../scripts/cli/commands/hash.ts";
import { root } from "../helpers/scenarios.ts";
import { runIn } from "../cli/run.ts";

const fw = join(root, "build", "fw");
const dir = mkdtempSync(join(tmpdir(), "migtd-iface-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function image(payload: string): Buffer {
  const part = (f: string) => {
    const p = join(fw, f);
    if (!existsSync(p)) throw new Error(`${p} is missing: run make firmware-parts`);
    return readFileSync(p);
  };
  return buildImage({
    resetVector: part("resetvector.bin"), shimElf: part("shim.elf"), payloadElf: part(payload),
    policy: readFileSync(join(root, "config", "policy.json")), rootCa: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]),
  }).image;
}

describe("the host interface recorded in the build", () => {
  it("each core build carries exactly its own marker", () => {
    expect(interfacesIn(readFileSync(join(root, "build", "migtd-core.wasm")))).toEqual(["vmcall-service"]);
    expect(interfacesIn(readFileSync(join(root, "build", "migtd-core-raw.wasm")))).toEqual(["vmcall-raw"]);
    expect(interfacesIn(readFileSync(join(root, "build", "migtd-linux-raw")))).toEqual(["vmcall-raw"]);
  });

  it("the RAW image differs in MRTD and SERVTD_HASH_INFO, not in RTMRs, and says which interface it speaks", async () => {
    const service = image("payload.elf");
    const raw = image("payload-raw.elf");
    expect(imageInterface(service)).toBe("vmcall-service");
    expect(imageInterface(raw)).toBe("vmcall-raw");
    const manifest = parseManifest(readFileSync(join(root, "config", "servtd_info.json"), "utf8"));
    const a = imageHashes(service, manifest);
    const b = imageHashes(raw, manifest);
    expect(a.mrtd.equals(b.mrtd)).toBe(false);
    expect(a.servtdHashInfo.equals(b.servtdHashInfo)).toBe(false);
    a.rtmr.forEach((r, i) => expect(r.equals(b.rtmr[i])).toBe(true)); // same policy and root CA
    const file = join(dir, "raw.bin");
    writeFileSync(file, raw);
    const r = await runIn(hashCommand, ["--image", file, "-v"]);
    expect(r.exit).toBe(0);
    expect(r.lines).toContain("host interface vmcall-raw");
    expect(r.lines).toContain(`SERVTD_HASH_INFO ${b.servtdHashInfo.toString("hex")}`);
    expect(r.result).toMatchObject({ hostInterface: "vmcall-raw", servtdHashInfo: b.servtdHashInfo.toString("hex") });
  });
});
