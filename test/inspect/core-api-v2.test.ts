// api_inspect_policy_v2 (assembly/api/inspect_policy_v2.ts) against independent readings of the
// same inputs: the issuer chains as node:crypto parses them, the ServTD identity and TCB
// mapping the simulator signed, and the policy summary policy_v2_check gives. Simulator policies
// always; Intel's template policy when the shared test data is present.
import { readFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CoreLibrary } from "../../scripts/host/library.ts";
import { simPolicyV2, simulatedMeasurements } from "../../scripts/sim/policy-v2-world.ts";
import { coreWasm } from "../helpers/scenarios.ts";
import { describeShared, sharedPath } from "../helpers/shared.ts";

let lib: CoreLibrary;
beforeAll(() => {
  lib = CoreLibrary.load(coreWasm);
});

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const pemCerts = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!.map((c) => new X509Certificate(c));
const cn = (name: string) => /CN=([^,\n]+)/.exec(name)?.[1] ?? "";

function expectChain(got: any[], pem: string): void {
  const certs = pemCerts(pem);
  expect(got.map((c) => c.subject)).toEqual(certs.map((c) => cn(c.subject)));
  expect(got.map((c) => c.issuer)).toEqual(certs.map((c) => cn(c.issuer)));
  expect(got.map((c) => c.notBefore)).toEqual(certs.map((c) => iso(new Date(c.validFrom))));
  expect(got.map((c) => c.notAfter)).toEqual(certs.map((c) => iso(new Date(c.validTo))));
}

describe("api_inspect_policy_v2 on a simulator policy", () => {
  const p = simPolicyV2({ policySvn: 5 });
  const chain = new TextDecoder().decode(p.chain);

  it("names signer, policySvn and owner fields as policy_v2_check does, with each issuer chain's certificates and validity", () => {
    const r = lib.callJson("api_inspect_policy_v2", p.policy, p.chain);
    expect(r.valid).toBe(true);
    expect(r.policy).toEqual(lib.callJson("policy_v2_check", p.policy, p.chain).policy);
    expect(r.policy).toMatchObject({ policySvn: 5, signatureChecked: true, signer: "MigTD TEST Policy Signer", mrOwner: Buffer.from(p.mrOwner).toString("hex") });
    expectChain(r.issuerChain, chain);
    expectChain(r.servtdIdentityIssuerChain, chain); // the simulated fleet signs everything with one PKI
    expectChain(r.servtdTcbMappingIssuerChain, chain);
  });

  it("summarises the carried collateral, the ServTD identity levels and the TCB mapping the simulator signed", () => {
    const r = lib.callJson("api_inspect_policy_v2", p.policy, p.chain);
    const doc = JSON.parse(new TextDecoder().decode(p.policy)).policyData;
    const tcbInfo = JSON.parse(doc.collaterals.platforms[0].tcbInfo).tcbInfo;
    expect(r.collateral.platforms).toEqual([{ fmspc: doc.collaterals.platforms[0].fmspc.toUpperCase(), tcbEvaluationDataNumber: tcbInfo.tcbEvaluationDataNumber,
      issueDate: tcbInfo.issueDate, nextUpdate: tcbInfo.nextUpdate, tcbLevels: tcbInfo.tcbLevels.length }]);
    expect(r.collateral.crls).toHaveLength(2);
    const id = doc.servtdCollateral.servtdIdentity.tdIdentity;
    expect(r.servtdIdentity).toMatchObject({ id: id.id, issueDate: id.issueDate, nextUpdate: id.nextUpdate });
    expect(r.servtdIdentity.tcbLevels).toEqual(id.tcbLevels.map((l: any) => ({ isvsvn: l.tcb.isvsvn, tcbDate: l.tcbDate, tcbStatus: l.tcbStatus })));
    const m = simulatedMeasurements(p.chain);
    const lower = (x: string) => x.toLowerCase();
    expect(r.servtdTcbMapping.svnMappings).toEqual([{ isvsvn: 2, mrtd: lower(m.mrtd), rtmr0: lower(m.rtmr0), rtmr1: lower(m.rtmr1) }]);
  });

  it("without a chain: the policy is described but its signature is not checked (no issuer chain listed); a wrong chain: code 9 and why", () => {
    const r = lib.callJson("api_inspect_policy_v2", p.policy, new Uint8Array(0));
    expect(r.valid).toBe(true);
    expect(r.policy.signatureChecked).toBe(false);
    expect(r.issuerChain).toEqual([]);
    const bad = lib.callJson("api_inspect_policy_v2", p.policy, simPolicyV2({ seed: "elsewhere" }).chain);
    expect(bad).toMatchObject({ valid: false, code: 9, error: "InvalidPolicySignature", path: "signature" });
    expect(lib.callJson("api_inspect_policy_v2", new TextEncoder().encode("{\"policyData\":"), p.chain).valid).toBe(false);
  });
});

describeShared("api_inspect_policy_v2 on Intel's template policy", () => {
  it("lists the template issuer chain and the collateral dates of its platforms", () => {
    const policy = readFileSync(sharedPath("testdata", "migtd_policy", "v2", "templates", "policy_v2_signed.json"));
    const chain = readFileSync(sharedPath("testdata", "migtd_policy", "v2", "templates", "policy_issuer_chain.pem"));
    const r = lib.callJson("api_inspect_policy_v2", policy, chain);
    expect(r.valid, r.message).toBe(true);
    expectChain(r.issuerChain, chain.toString("latin1"));
    expect(r.collateral.platforms.length).toBe(r.policy.platforms);
    for (const pl of r.collateral.platforms) expect(pl.issueDate < pl.nextUpdate, pl.fmspc).toBe(true);
    expect(r.servtdTcbMapping.svnMappings.length).toBe(r.policy.servtdTcbMappings);
  });
});
