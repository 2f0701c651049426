// `make image POLICY_V2= POLICY_ISSUER_CHAIN=` in a copy of the build tree (this checkout's build/
// is never touched): build/migtd-v2.bin next to build/migtd.bin, its summary and hash files agree
// with `migtd hash`, and every wrong input fails with exit 2 saying why, before anything is written.
// Policies come from the simulator's TEST policy PKI (scripts/sim/policy-v2-world.ts).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, envelopeOf, migtd } from "./run.ts";
import { FIRMWARE_SOURCES } from "../helpers/firmware-tree.ts";
import { simPolicyV2 } from "../../scripts/sim/policy-v2-world.ts";

const ENGINE = join(REPO, "build", "native", "m", "core", "engine.o");
const CORE = join(REPO, "build", "migtd-core.wasm");
const ready = existsSync(ENGINE) && existsSync(CORE);
const base = mkdtempSync(join(tmpdir(), "migtd-image-v2-"));
const tree = join(base, "tree");
afterAll(() => rmSync(base, { recursive: true, force: true }));

function make(target: string, vars: string[]) {
  const r = spawnSync("make", ["-s", "-C", tree, target, `FW_ENGINE=${ENGINE}`, ...vars], {
    encoding: "utf8", timeout: 240_000, env: { ...process.env, MIGTD_SKIP_DEPS: "1", MIGTD_CORE: CORE },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const field = (out: string, name: string) => new RegExp(`^${name}\\s+(\\S+)`, "m").exec(out)?.[1];

(ready ? describe : describe.skip)("make image POLICY_V2=: a V2 MigTD image", () => {
  it("builds build/migtd-v2.bin beside build/migtd.bin; summary, hash files and migtd hash agree; wrong inputs fail with exit 2 and the reason", () => {
    for (const p of FIRMWARE_SOURCES) cpSync(join(REPO, p), join(tree, p), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO, "node_modules"), join(tree, "node_modules"));
    const p = simPolicyV2();
    const policy = join(base, "policy-v2.json"), chain = join(base, "chain.pem"), otherChain = join(base, "other.pem");
    writeFileSync(policy, p.policy);
    writeFileSync(chain, p.chain);
    writeFileSync(otherChain, simPolicyV2({ seed: "another fleet" }).chain);
    const v2 = [`POLICY_V2=${policy}`, `POLICY_ISSUER_CHAIN=${chain}`];

    const made = make("image", v2);
    expect(made.code, made.err).toBe(0);
    // `make image` also (re)builds the V1 image; the V2 summary follows its own "image" line.
    const at = made.out.search(/^image\s+\S*migtd-v2\.bin$/m);
    expect(at, made.out).toBeGreaterThanOrEqual(0);
    const built = { out: made.out.slice(at) };
    const image = join(tree, "build", "migtd-v2.bin");
    expect(existsSync(image)).toBe(true);
    expect(existsSync(join(tree, "build", "migtd.bin"))).toBe(true); // the V1 image coexists
    for (const k of ["policy v2", "issuer chain", "MROWNER", "MROWNERCONFIG", "MRTD", "RTMR1", "RTMR2", "SERVTD_HASH_INFO"]) expect(built.out).toMatch(new RegExp(`^${k}\\s`, "m"));
    expect(built.out).toMatch(/policySvn 1, signer 'MigTD TEST Policy Signer'/);
    expect(field(built.out, "MROWNER")).toBe(Buffer.from(p.mrOwner).toString("hex"));
    expect(field(built.out, "MROWNERCONFIG")).toBe(Buffer.from(p.mrOwnerConfig).toString("hex"));
    const hashHex = readFileSync(join(tree, "build", "migtd-v2.servtd_info_hash"), "utf8").trim();
    expect(readFileSync(`${image}.servtd_info_hash`, "utf8").trim()).toBe(hashHex);
    expect(field(built.out, "SERVTD_HASH_INFO")).toBe(hashHex);
    // migtd hash on the file alone finds the owner fields in the enrolled policy.
    const h = envelopeOf(migtd(["hash", "--image", image, "--json"]));
    expect(h.result).toMatchObject({ policyVersion: 2, servtdHashInfo: hashHex, mrowner: field(built.out, "MROWNER") });
    expect(h.result.rtmr[1]).toBe(field(built.out, "RTMR1"));
    expect(h.result.rtmr[2]).toBe(field(built.out, "RTMR2"));
    const v1 = envelopeOf(migtd(["hash", "--image", join(tree, "build", "migtd.bin"), "--json"]));
    expect(v1.result.policyVersion).toBe(1);
    expect(v1.result.mrtd).toBe(h.result.mrtd); // same payload: the enrollment makes the difference
    expect(h.result.rtmr[1]).not.toBe(v1.result.rtmr[1]);
    // Same inputs again: nothing to do.
    expect(make("image", v2).out).not.toMatch(/RTMR1/);

    const before = { bytes: readFileSync(image), mtime: statSync(image).mtimeMs };
    const missing = make("image", [`POLICY_V2=${policy}`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/POLICY_V2 needs POLICY_ISSUER_CHAIN=/);
    const wrong = make("image", [`POLICY_V2=${policy}`, `POLICY_ISSUER_CHAIN=${otherChain}`]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`policy v2 '${policy}' does not verify with issuer chain '${otherChain}'`);
    expect(wrong.err).toMatch(/InvalidPolicySignature/);
    const v1File = make("image", [`POLICY_V2=${join(tree, "config", "policy.json")}`, `POLICY_ISSUER_CHAIN=${chain}`]);
    expect(v1File.code).toBe(2);
    expect(v1File.err).toMatch(/is a v1 policy \(top-level "policy", no "policyData"\)/);
    const notPem = make("image", [`POLICY_V2=${policy}`, `POLICY_ISSUER_CHAIN=${policy}`]);
    expect(notPem.code).toBe(2);
    expect(notPem.err).toMatch(/not a PEM certificate chain/);
    const v2AsV1 = make("build/migtd.bin", [`POLICY=${policy}`]);
    expect(v2AsV1.code).toBe(2);
    expect(v2AsV1.err).toMatch(/is a signed policy v2: enroll it with POLICY_V2=/);
    expect(readFileSync(image).equals(before.bytes)).toBe(true);
    expect(statSync(image).mtimeMs).toBe(before.mtime);
  }, 300_000);
});
