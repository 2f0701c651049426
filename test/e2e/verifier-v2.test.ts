// The V2 peer verifier (spec migtd.md §2.5 V2) after a real pre-session exchange between two core
// engines, on a real quote (Intel's own MigTD Azure quote, FMSPC 90C06F) with real Intel
// collateral carried INSIDE test-signed policies. A real quote cannot be paired with an event log
// that replays to its RTMRs nor with a key its REPORTDATA binds, so these tests reach step 3 and
// show the steps before it decide as the spec says; the accepted path needs a simulated platform
// whose collateral the policy carries (not built yet, docs/policy.md).
import { expect, it } from "vitest";
import { sharedCore } from "../../scripts/host/library.ts";
import { ccelLog, EV_EVENT_TAG, taggedData } from "../../scripts/sim/ccel.ts";
import { signP384Der, testPolicyPki } from "../../scripts/sim/policy-pki.ts";
import { policyDataText, servtdCollateralText, signPolicyData, tdIdentity, tdTcbMapping } from "../../scripts/sim/policy-sign.ts";
import { createHash } from "node:crypto";
import { describeShared, readShared } from "../helpers/shared.ts";
import { PeerOutcome, pumpPresession } from "../helpers/presession.ts";

const core = () => sharedCore();
const enc = (s: string) => new TextEncoder().encode(s);
const T0 = 0n;
// Every certificate, TCB info, QE identity and CRL of the production bundle is current then
// (test/attest/tcb.test.ts).
const AT = BigInt(Date.parse("2025-12-01T00:00:00Z") / 1000);

const AZURE = {
  mrtd: "556fd5fcbf8a8c5a5490a1333fdcd5f261b7345f1735feb3e36dda3f70a1d18e0561284da5771db75a787571a0241507",
  rtmr0: "518923b0f955d08da077c96aaba522b9decede61c599cea6c41889cfbea4ae4d50529d96fe4d1afdafb65e7f95bf23c4",
  rtmr1: "518923b0f955d08da077c96aaba522b9decede61c599cea6c41889cfbea4ae4d50529d96fe4d1afdafb65e7f95bf23c4",
};

function policyWith(collateralsFile: string[], svn = 1) {
  const pki = testPolicyPki();
  const sign = (d: Uint8Array) => signP384Der(pki.signer.key, d);
  const text = policyDataText({
    id: "AZ000000-0000-4000-8000-000000000001", policySvn: svn,
    policy: [{ global: { tcb: { tcbStatusAccepted: { operation: "allow-list", reference: ["UpToDate"] } } } }],
    collateralsText: readShared(...collateralsFile).toString("utf8").trim(),
    servtdCollateralText: servtdCollateralText(
      tdIdentity([{ isvsvn: 2, tcbDate: "2025-06-01T00:00:00Z", tcbStatus: "UpToDate" }]),
      tdTcbMapping([{ ...AZURE, isvsvn: 2 }]), pki.chainPem, sign),
  });
  return { file: signPolicyData(text, sign), chain: pki.chainPem };
}

const create = (policy: string, chain: string) =>
  core().callJson<{ handle: number }>("presession_new", enc(policy), enc(chain), T0).handle;

type Outcome = PeerOutcome;

describeShared("V2 peer verifier on a real quote with collateral from the local policy", () => {
  const quote = readShared("testdata", "quotes", "migtd_azure_tdx_v4_90c06f.quote");
  const prod = ["testdata", "collateral", "migtd_collateral_production_fmspc.json"];
  const sbx = ["testdata", "migtd_policy", "v2", "test", "collaterals.json"];

  function run(localColl: string[], certFrom: "peer" | "stranger" = "peer"): Outcome {
    const local = policyWith(localColl);
    const peer = policyWith(prod, 2);
    const a = create(local.file, local.chain);
    const b = create(peer.file, peer.chain);
    pumpPresession(a, b);
    // The peer measured the policy it sent (tag 1 into RTMR2, §5.3), so step 3's policy event would match.
    const log = ccelLog([{ mrIndex: 3, type: EV_EVENT_TAG, digest: createHash("sha384").update(peer.file).digest(), data: taggedData(1, enc("2.0")) }]);
    const signer = certFrom === "peer" ? b : create("another policy", peer.chain);
    const cert = core().callBytes("presession_own_cert", signer, quote, log);
    return core().callJson<Outcome>("presession_verify_peer", a, enc(local.file), enc(local.chain), cert, quote, AT, 1);
  }

  it("step 1: a certificate bound to another pre-session blob is refused, code 9", () => {
    const o = run(prod, "stranger");
    expect(o).toMatchObject({ accepted: false, code: 9, stage: "policy-hash" });
  });

  it("step 2: with our policy's production collateral the peer quote verifies; the decision moves on to the event log (8)", () => {
    const o = run(prod);
    expect(o.stage).toBe("event-log");
    expect(o.code).toBe(8);
    expect(o.detail).toMatch(/does not replay to its quote's RTMRs/);
  });

  it("step 2: with SBX collateral in our policy the same quote does not verify (the collateral is the LOCAL policy's), code 7", () => {
    const o = run(sbx);
    expect(o.stage).toBe("quote");
    expect(o.code).toBe(7);
  });
});
