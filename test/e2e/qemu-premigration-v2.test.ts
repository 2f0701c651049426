// Two V2 MigTDs under QEMU (TCG, no TDX): each image enrolls a signed policy v2 and its issuer
// chain in the config volume (what `make image POLICY_V2= POLICY_ISSUER_CHAIN=` builds), the
// firmware measures them as Intel's V2 MigTD does (chain into RTMR1, policy into RTMR2) and the
// core verifies the policy at boot; the policy is signed by the simulator's TEST policy PKI and
// maps the simulated MigTD's MRTD/RTMR0/RTMR1 (scripts/sim/policy-v2-world.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { QemuHost, firmwareParts } from "../../scripts/host/qemu-host.ts";
import { buildImage } from "../../scripts/image/image.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { PairResult, runPreMigration, type SideSetup } from "../../scripts/sim/pair.ts";
import { simPolicyV2, v2PairOptions } from "../../scripts/sim/policy-v2-world.ts";
import { enrollmentRtmrs } from "../../scripts/image/rtmr.ts";
import { engineSuite } from "../helpers/artefacts.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

engineSuite("firmware", "firmware under QEMU: policy v2", () => {
  it("two V2 MigTDs complete a pre-migration under a signed policy; each firmware's CCEL replays to the RTMRs the image tool predicts", async () => {
    const p = simPolicyV2();
    const opts = v2PairOptions(p);
    const sides: SideSetup[] = [];
    const r = await runPreMigration({
      host: "qemu", timeoutMs: 90_000, ...opts,
      adjust: (src, dst) => { opts.adjust(src, dst); sides.push(src, dst); },
    });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.sessions[0]).toMatchObject({ sourceStatus: 0, destinationStatus: 0, keysMatch: true });
    for (const side of ["source", "destination"] as const) {
      const lines = r.logs.filter((l) => l.side === side).map((l) => l.line);
      expect(lines.some((l) => /config: signed policy v2 .* \(policySvn 1\), issuer chain/.test(l)), explain(r)).toBe(true);
      expect(lines.some((l) => /peer accepted by the signed policy/.test(l)), explain(r)).toBe(true);
    }
    // The payload replays the shim's CCEL into the simulated RTMRs (runtime-c/platform/td/replay.c):
    // they are the firmware's measurements, which must be the V2 ones scripts/image/rtmr.ts predicts.
    const expected = enrollmentRtmrs({ version: 2, policy: Buffer.from(p.policy), issuerChain: Buffer.from(p.chain) }).map(hex);
    for (const s of sides) expect(s.sim.tdx.rtmr.map(hex)).toEqual(expected);
  }, 180_000);

  it("the same over the RAW host interface (vmcall-raw V2 images): both report Success, keys cross-checked", async () => {
    const r = await runPreMigration({ host: "qemu", iface: "raw", timeoutMs: 90_000, ...v2PairOptions(simPolicyV2()) });
    expect(r.ok, explain(r)).toBe(true);
    for (const side of ["source", "destination"] as const) {
      expect(r.logs.some((l) => l.side === side && /config: signed policy v2/.test(l.line)), explain(r)).toBe(true);
    }
  }, 180_000);

  it("a V2 MigTD created with an MROWNER other than its policy signer's key hash refuses to start (9), as Intel's panics", async () => {
    const p = simPolicyV2();
    const dir = mkdtempSync(join(tmpdir(), "migtd-v2-owner-"));
    const sim = new Simulator();
    sim.tdx.mrOwner = new Uint8Array(48).fill(0x11);
    sim.tdx.mrOwnerConfig = p.mrOwnerConfig;
    const image = join(dir, "v2.bin");
    writeFileSync(image, buildImage({ ...firmwareParts(), policy: Buffer.from(p.policy), issuerChain: Buffer.from(p.chain) }).image);
    const host = new QemuHost({ image, sim, bootTimeoutMs: 60_000 });
    try {
      await host.start();
      expect(host.stopCode, host.logs.join("\n")).toBe(9);
      expect(host.logs.some((l) => /refusing to start: MROWNER [0-9a-f]{96} is not SHA-384 of the policy signer key/.test(l)), host.logs.join("\n")).toBe(true);
    } finally {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
