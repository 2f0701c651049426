// `migtd policy check|eval|sign` on signed v2 policies, run as a user runs them (a child process):
// exit codes, the reason named on rejection, and a signed policy made by `policy sign` that the
// core accepts and that fails once a byte of it changes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync, verify } from "node:crypto";
import { expect, it } from "vitest";
import { describeShared, sharedPath } from "../../helpers/shared.ts";
import { root } from "../../helpers/scenarios.ts";
import { MEAS, report } from "./helpers.ts";
import { envelopeOf } from "../../cli/run.ts";

const cli = join(root, "scripts", "bin", "migtd.mjs");
function migtd(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const V2 = (...p: string[]) => sharedPath("testdata", "migtd_policy", "v2", ...p);

describeShared("migtd policy check/eval/sign: v2", () => {
  const dir = mkdtempSync(join(tmpdir(), "migtd-policy-v2-"));

  it("check: Intel's template verifies with its chain (exit 0) and names the MROWNER a MigTD needs", () => {
    const r = migtd("policy", "check", V2("templates", "policy_v2_signed.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid signed policy v2 B87BFE45-9CC7-46F9-8F2C-A6CB55BF7101, policySvn 1, signature OK/);
    expect(r.out).toMatch(/MROWNER +[0-9a-f]{96}/);
  });

  it("check: a signature that does not verify is a rejection, exit 1, naming why in the envelope", () => {
    const r = migtd("policy", "check", V2("test", "policy_v2.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--json");
    expect(r.code).toBe(1);
    const env = envelopeOf(r);
    expect(env).toMatchObject({ command: "policy check", exit: 1, status: "rejected", error: { code: "InvalidPolicySignature" } });
    expect(env.result).toMatchObject({ format: "v2", valid: false, code: 9, error: "InvalidPolicySignature" });
  });

  it("check: a v2 file that is not the §3.4 shape is an input error, exit 2, naming the file and field", () => {
    const doc = JSON.parse(readFileSync(V2("templates", "policy_v2_signed.json"), "utf8"));
    doc.policyData.version = 2; // must be the string "2.0"
    const bad = join(dir, "malformed.json");
    writeFileSync(bad, JSON.stringify(doc));
    const r = migtd("policy", "check", bad, "--json");
    expect(r.code).toBe(2);
    const env = envelopeOf(r);
    expect(env.error).toMatchObject({ code: "InvalidPolicy", file: bad });
    expect(env.error.message).toContain(bad);
    // --issuer-chain belongs to v2 only.
    expect(migtd("policy", "check", join(root, "config", "policy.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem")).code).toBe(2);
  });

  it("sign: node:crypto key -> a policy that checks against the chain it was given; a flipped byte fails", () => {
    // A self-made one-certificate chain is enough for the signature: the leaf key signs policyData.
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const keyPem = join(dir, "key.pem");
    writeFileSync(keyPem, privateKey.export({ type: "pkcs8", format: "pem" }));
    const data = JSON.parse(readFileSync(V2("templates", "policy_v2_signed.json"), "utf8")).policyData;
    data.policySvn = 7;
    const dataFile = join(dir, "data.json");
    writeFileSync(dataFile, JSON.stringify(data, null, 2)); // pretty: sign re-serialises compactly
    const out = join(dir, "signed.json");
    const r = migtd("policy", "sign", dataFile, "--key", keyPem, "--out", out);
    expect(r.err).toMatch(/give --issuer-chain/);
    expect(r.code).toBe(0);
    const signed = readFileSync(out, "utf8");
    expect(signed.startsWith('{"policyData":{"id":"B87BFE45')).toBe(true);
    expect(JSON.parse(signed).signature).toMatch(/^30[0-9A-F]+$/);
    // The signature covers the exact policyData text embedded in the file.
    const pdText = signed.slice('{"policyData":'.length, signed.lastIndexOf(',"signature"'));
    expect(verify("sha384", Buffer.from(pdText), { key: privateKey, dsaEncoding: "der" }, Buffer.from(JSON.parse(signed).signature, "hex"))).toBe(true);

    // With the TEST PKI the chain is known: check exit 0, and a changed byte exit 1.
    const out2 = join(dir, "signed-test.json");
    const chain = join(dir, "chain.pem");
    expect(migtd("policy", "sign", dataFile, "--test-pki", "cli-test", "--chain-out", chain, "--out", out2).code).toBe(0);
    const ok = migtd("policy", "check", out2, "--issuer-chain", chain);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/policySvn 7, signature OK \(signer 'MigTD TEST Policy Signer'/);
    const bad = readFileSync(out2, "utf8").replace('"policySvn":7', '"policySvn":8');
    const badFile = join(dir, "bad.json");
    writeFileSync(badFile, bad);
    const rej = migtd("policy", "check", badFile, "--issuer-chain", chain);
    expect(rej.code).toBe(1);
    expect(rej.out).toMatch(/InvalidPolicySignature/);
  });

  it("sign refuses a key that is not P-384 (exit 2)", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const keyPem = join(dir, "p256.pem");
    writeFileSync(keyPem, privateKey.export({ type: "pkcs8", format: "pem" }));
    const r = migtd("policy", "sign", V2("azure", "Azure_policy_allow_all_data_raw.json"), "--key", keyPem);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/P-384/);
  });

  it("eval: accepted (0), rejected with the failing rule (1), bad local signature (1)", () => {
    const BASE = { fmspc: "20C06F000000", tcbDate: "2024-03-13T00:00:00Z", tcbStatus: "UpToDate",
      mrtd: "0E200328149B9BAAFD0E68557A426EFF78553D13E2536862EDDD8299A80C986567A8E03CB86F7D3EC75E99F386C3490B",
      rtmr0: "518923B0F955D08DA077C96AABA522B9DECEDE61C599CEA6C41889CFBEA4AE4D50529D96FE4D1AFDAFB65E7F95BF23C4",
      rtmr1: "C3C3F42541603E01B85F8B5BD89B45A1B386CB76D56182F63AF73589F81B3280D35545FFD3BF3BDBD5649ABD2E3C3C3E" };
    const local = join(dir, "local.bin");
    const good = join(dir, "peer-good.bin");
    const unknown = join(dir, "peer-unknown.bin");
    writeFileSync(local, report(BASE));
    writeFileSync(good, report(BASE));
    writeFileSync(unknown, report({ ...BASE, ...MEAS }));
    const base = ["policy", "eval", "--policy", V2("templates", "policy_v2_signed.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--local", local];
    const a = migtd(...base, "--peer", good);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/verdict: ACCEPTED/);
    const b = migtd(...base, "--peer", unknown);
    expect(b.code).toBe(1);
    expect(b.out).toMatch(/UnqualifiedMigTdInfo/);
    expect(b.out).toMatch(/not in the policy's TCB mapping/);
    const c = migtd("policy", "eval", "--policy", V2("test", "policy_v2.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--local", local, "--peer", good);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/InvalidPolicySignature/);
    expect(migtd("policy", "eval", "--policy", V2("templates", "policy_v2_signed.json"), "--local", local, "--peer", good).code).toBe(2);
  });

  it("sign --json: the signed text in the envelope's result, verified against the TEST chain; check of a changed byte exit 1", () => {
    const data = JSON.parse(readFileSync(V2("templates", "policy_v2_signed.json"), "utf8")).policyData;
    const dataFile = join(dir, "data-json.json");
    writeFileSync(dataFile, JSON.stringify(data));
    const env = envelopeOf(migtd("policy", "sign", dataFile, "--test-pki", "cli-json", "--json"));
    expect(env).toMatchObject({ command: "policy sign", exit: 0, result: { verified: true, out: null } });
    expect(env.result.signed.startsWith('{"policyData":')).toBe(true);
    const chain = join(dir, "chain-json.pem");
    migtd("policy", "sign", dataFile, "--test-pki", "cli-json", "--chain-out", chain, "--out", join(dir, "unused.json"));
    const signedFile = join(dir, "signed-json.json");
    writeFileSync(signedFile, env.result.signed);
    expect(migtd("policy", "check", signedFile, "--issuer-chain", chain).code).toBe(0);
    writeFileSync(signedFile, env.result.signed.replace('"policySvn":1', '"policySvn":2'));
    expect(envelopeOf(migtd("policy", "check", signedFile, "--issuer-chain", chain, "--json")).error.code).toBe("InvalidPolicySignature");
  });

  it("hash --policy-v2: needs --issuer-chain (2); a policy that does not verify is an input error naming it (2)", () => {
    const image = join(root, "config", "policy.json"); // never read: the options are judged first
    expect(migtd("hash", "--image", image, "--policy-v2", V2("templates", "policy_v2_signed.json")).code).toBe(2);
    const env = envelopeOf(migtd("hash", "--image", image, "--policy-v2", V2("test", "policy_v2.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--json"));
    expect(env.exit).toBe(2);
    expect(env.error).toMatchObject({ file: V2("test", "policy_v2.json"), field: "signature" });
    expect(env.error.message).toMatch(/InvalidPolicySignature/);
  });

  const image = join(root, "build", "migtd.bin");
  it.skipIf(!existsSync(image))("hash --policy-v2 (needs build/migtd.bin): MROWNER/MROWNERCONFIG are policy check's and change SERVTD_HASH_INFO", () => {
    const chk = envelopeOf(migtd("policy", "check", V2("templates", "policy_v2_signed.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--json"));
    const plain = envelopeOf(migtd("hash", "--image", image, "--json"));
    const v2 = envelopeOf(migtd("hash", "--image", image, "--policy-v2", V2("templates", "policy_v2_signed.json"), "--issuer-chain", V2("templates", "policy_issuer_chain.pem"), "--json"));
    expect(v2.exit).toBe(0);
    expect(v2.result.mrowner).toBe(chk.result.policy.mrOwner.toLowerCase());
    expect(v2.result.mrownerconfig).toBe(chk.result.policy.mrOwnerConfig.toLowerCase());
    expect(v2.result.mrtd).toBe(plain.result.mrtd);
    expect(v2.result.servtdHashInfo).not.toBe(plain.result.servtdHashInfo);
  });
});
