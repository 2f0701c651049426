// Intel's policy v2 files (shared/testdata/migtd_policy/v2, PROVENANCE.md): every one parses, the
// signed policies verify against their issuer chains (spec migtd.md §3.4), and a one-byte change
// anywhere in policyData is a rejection that says why.
import { describe, expect, it } from "vitest";
import { createHash, X509Certificate } from "node:crypto";
import { describeShared } from "../../helpers/shared.ts";
import { check, partCheck, Part, v2File } from "./helpers.ts";

describeShared("policy v2: Intel's files", () => {
  const signed = [
    { file: ["templates", "policy_v2_signed.json"], chain: ["templates", "policy_issuer_chain.pem"], id: "B87BFE45-9CC7-46F9-8F2C-A6CB55BF7101", platforms: 32 },
    { file: ["test", "policy_v2.json"], chain: ["test", "policy_issuer_chain.pem"], id: "E6643BDC-E50A-4315-9EF7-F217CE8AF9A6", platforms: 26 },
  ];

  for (const s of signed) {
    it(`${s.file.join("/")} parses and its signature verifies against ${s.chain.join("/")} (§3.4)`, () => {
      const r = check(v2File(...s.file), v2File(...s.chain));
      expect(r.message).toBeUndefined();
      expect(r.valid).toBe(true);
      expect(r.policy!.signatureChecked).toBe(true);
      expect(r.policy!.id).toBe(s.id);
      expect(r.policy!.policySvn).toBe(1);
      expect(r.policy!.platforms).toBe(s.platforms);
      // §3.5 end: MROWNERCONFIG = policySvn u32 LE + 44 zero bytes.
      expect(r.policy!.mrOwnerConfig).toBe("01" + "00".repeat(47));
      expect(r.policy!.mrOwner).toMatch(/^[0-9a-f]{96}$/);
      expect(r.policy!.servtdTcbMappings).toBe(1);
      // The CRLs in Intel's collateral carry CRL Number 1 (the policies require >= 1).
      expect(r.policy!.pckCrlNum).toBe(1);
      expect(r.policy!.rootCaCrlNum).toBe(1);
    });
  }

  it("MROWNER is SHA-384 of the signer leaf's public key point, computed independently here (§3.5)", () => {
    const pem = v2File("templates", "policy_issuer_chain.pem").toString("utf8");
    const leaf = new X509Certificate(pem.slice(0, pem.indexOf("-----END CERTIFICATE-----") + 25));
    const jwk = leaf.publicKey.export({ format: "jwk" }) as { x: string; y: string };
    const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]);
    const r = check(v2File("templates", "policy_v2_signed.json"), pem);
    expect(r.policy!.mrOwner).toBe(createHash("sha384").update(point).digest("hex"));
  });

  it("MROWNER is SHA-384 of the signer's public key, so the two Intel test signers differ (§3.5)", () => {
    const a = check(v2File("templates", "policy_v2_signed.json"), v2File("templates", "policy_issuer_chain.pem"));
    const b = check(v2File("test", "policy_v2.json"), v2File("test", "policy_issuer_chain.pem"));
    expect(a.policy!.mrOwner).not.toBe(b.policy!.mrOwner);
  });

  it("rejects a policy checked against another signer's chain: code 9, naming the signature", () => {
    const r = check(v2File("test", "policy_v2.json"), v2File("templates", "policy_issuer_chain.pem"));
    expect(r.valid).toBe(false);
    expect(r.code).toBe(9);
    expect(r.error).toBe("InvalidPolicySignature");
    expect(r.message).toMatch(/signature over policyData .* does not verify/);
  });

  it("reads the unsigned policy data, without checking a signature it does not have", () => {
    for (const f of [["templates", "policy_v2.json"], ["test", "policy_data.json"], ["azure", "AzCVMEmu_policy_v2_raw.json"],
      ["azure", "Azure_policy_data_raw.json"], ["azure", "Azure_policy_allow_all_data_raw.json"]]) {
      const r = partCheck(v2File(...f), Part.PolicyData);
      expect(r.error, f.join("/")).toBe("");
      expect(r.ok).toBe(true);
    }
  });

  it("reads the pieces: collaterals, a global item, ServTD collateral, TD identities and TCB mappings", () => {
    const tchain = v2File("templates", "policy_issuer_chain.pem");
    const cases: [string[], Part, boolean][] = [
      [["test", "collaterals.json"], Part.Collaterals, false],
      [["test", "global.json"], Part.GlobalItem, false],
      [["templates", "servtd_collateral.json"], Part.ServtdCollateral, true],
      [["test", "servtd_collateral.json"], Part.ServtdCollateral, true],
      [["templates", "td_identity.json"], Part.TdIdentity, false],
      [["templates", "td_identity_signed.json"], Part.TdIdentity, true],
      [["azure", "AzCVMEmu_td_identity.json"], Part.TdIdentity, false],
      [["templates", "tcb_mapping.json"], Part.TdTcbMapping, false],
      [["templates", "tcb_mapping_signed.json"], Part.TdTcbMapping, true],
      [["test", "tcb_mapping.json"], Part.TdTcbMapping, false],
      [["azure", "AzCVMEmu_tcb_mapping.json"], Part.TdTcbMapping, false],
    ];
    for (const [f, kind, signedPart] of cases) {
      const r = partCheck(v2File(...f), kind, tchain);
      expect(r.error, f.join("/")).toBe("");
      expect(r.signed, f.join("/")).toBe(signedPart);
    }
  });

  it("Azure_servtd_info.json is a SERVTD_INFO manifest (§4), not a policy piece: it is not a TD identity", () => {
    expect(partCheck(v2File("azure", "Azure_servtd_info.json"), Part.TdIdentity).ok).toBe(false);
  });

  it("a signed TD identity does not verify against the other Intel test chain", () => {
    const r = partCheck(v2File("templates", "td_identity_signed.json"), Part.TdIdentity, v2File("test", "policy_issuer_chain.pem"));
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/signature does not verify/);
  });

  describe("a one-byte change anywhere in policyData", () => {
    const file = v2File("templates", "policy_v2_signed.json");
    const chain = v2File("templates", "policy_issuer_chain.pem");
    const text = file.toString("latin1");
    const start = text.indexOf("{", text.indexOf('"policyData"'));
    const end = text.lastIndexOf(',"signature"');

    it("is rejected with code 9 at every sampled offset, as a bad signature or as not JSON", () => {
      // 97 offsets spread over the 171 787 signed bytes, plus the first and last.
      const offsets = [start, end - 1];
      for (let i = 1; i <= 97; i++) offsets.push(start + Math.floor(((end - start) * i) / 98));
      for (const off of offsets) {
        const b = Buffer.from(file);
        b[off] ^= 0x01;
        const r = check(b, chain);
        expect(r.valid, `offset ${off}`).toBe(false);
        expect(r.code, `offset ${off}`).toBe(9);
        expect(["InvalidPolicySignature", "InvalidPolicy"], `offset ${off}: ${r.message}`).toContain(r.error);
        if (r.error === "InvalidPolicy") expect(r.message).toMatch(/^not JSON/);
      }
    });

    it("that keeps the JSON valid is named as a signature failure (a digit of policySvn, a letter in the collateral)", () => {
      for (const [from, to] of [['"policySvn":1', '"policySvn":2'], ['"UpToDate"', '"UpToDatf"']]) {
        const i = text.indexOf(from);
        expect(i).toBeGreaterThan(start);
        const b = Buffer.from(text.slice(0, i) + to + text.slice(i + from.length), "latin1");
        expect(b.length).toBe(file.length);
        const r = check(b, chain);
        expect(r.error).toBe("InvalidPolicySignature");
        expect(r.message).toMatch(/does not verify with the issuer chain's leaf key/);
      }
    });

    it("is accepted unchanged (the control)", () => {
      expect(check(file, chain).valid).toBe(true);
    });
  });
});
