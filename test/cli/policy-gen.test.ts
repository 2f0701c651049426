// `migtd policy gen`: the generated policy accepts a peer whose TDINFO carries the image's
// measurements, judged by the core's own policy engine (policy eval), and rejects one whose RTMR2
// differs (another policy or root CA enrolled); the platform rules come from --from.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { patched, R } from "../policy/helpers.ts";
import { buildCli, envelopeOf, migtd, REPO } from "./run.ts";

const image = join(REPO, "build", "migtd.bin");
const tmp = mkdtempSync(join(tmpdir(), "migtd-gen-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => buildCli());

(existsSync(image) ? describeShared : describe.skip)("policy gen", () => {
  it("accepts exactly this image's measurements, keeps --from's platform rules", () => {
    const out = join(tmp, "gen.json");
    const from = join(REPO, "test", "fixtures", "policy", "minimal.json");
    const g = envelopeOf(migtd(["policy", "gen", "--image", image, "--from", from, "-o", out, "--json"]));
    expect(g.exit).toBe(0);
    expect(migtd(["policy", "check", out]).code).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.policy.filter((b: object) => !("MigTD" in b))).toEqual(JSON.parse(readFileSync(from, "utf8")).policy.filter((b: object) => !("MigTD" in b)));
    const h = envelopeOf(migtd(["hash", "--image", image, "--json"])).result;
    expect(doc.policy.at(-1).MigTD.TDINFO.MRTD.reference).toBe(h.mrtd.toUpperCase());

    // A peer running this image (TDINFO set from the image and the default manifest) ...
    const report = readFileSync(sharedPath("testdata", "migtd_policy", "current_v1", "test", "report.dat"));
    let peer: Uint8Array = Uint8Array.from(report);
    const set = (f: readonly [number, number], hex: string) => { peer = patched(peer, f, Buffer.from(hex, "hex")); };
    set(R.TD_ATTRIBUTES, "0000000000000000");
    set(R.XFAM, "e71a060000000000");
    set(R.MRTD, h.mrtd);
    for (const f of [R.MRCONFIGID, R.MROWNER, R.MROWNERCONFIG]) set(f, "00".repeat(48));
    h.rtmr.forEach((r: string, i: number) => set([R.RTMR0, R.RTMR1, R.RTMR2, R.RTMR3][i], r));
    const peerFile = join(tmp, "peer.dat");
    writeFileSync(peerFile, peer);
    const evalArgs = (p: string) => ["policy", "eval", "--policy", out, "--local", sharedPath("testdata", "migtd_policy", "current_v1", "test", "report.dat"), "--peer", p, "--json"];
    const accepted = envelopeOf(migtd(evalArgs(peerFile)));
    expect(accepted.exit, JSON.stringify(accepted.error)).toBe(0);
    // ... and one with another RTMR2 (another policy enrolled) is rejected on that rule.
    const other = Uint8Array.from(peer);
    other[R.RTMR2[0]] ^= 1;
    const otherFile = join(tmp, "other.dat");
    writeFileSync(otherFile, other);
    const rejected = envelopeOf(migtd(evalArgs(otherFile)));
    expect(rejected.exit).toBe(1);
    expect(rejected.result.failedRule).toMatch(/RTMR2$/);
  });

  it("from the default policy: keeps Digest.MigTdSgxRootKey, drops Digest.MigTdPolicy", () => {
    const r = envelopeOf(migtd(["policy", "gen", "--image", image, "--json"]));
    expect(r.exit).toBe(0);
    const migtdBlock = r.result.policy.policy.at(-1).MigTD;
    expect(Object.keys(migtdBlock.EventLog)).toEqual(["Digest.MigTdSgxRootKey"]);
    expect(migtd(["policy", "gen", "--image", join(REPO, "config", "policy.json")]).code).toBe(2);
  });
});
