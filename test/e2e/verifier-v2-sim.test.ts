// The V2 peer verifier (spec migtd.md §2.5 V2) end to end on the simulated platform: quotes from
// the simulator's quote service, TEST collateral for that platform inside policies signed with
// the TEST policy PKI, a real pre-session exchange between two core engines, and the peer's
// RA-TLS certificate with its policy-hash extension, event log and a key its quote binds. One
// accepted case and the negative cases of the issue, each with its result code.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { p384 } from "@noble/curves/nist.js";
import { sharedCore } from "../../scripts/host/library.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { ccelLog, EV_EVENT_TAG, taggedData } from "../../scripts/sim/ccel.ts";
import { simCollateralText } from "../../scripts/sim/policy-collateral.ts";
import { signP384Der, testPolicyPki } from "../../scripts/sim/policy-pki.ts";
import { policyDataText, servtdCollateralText, signPolicyData, tdIdentity, tdTcbMapping } from "../../scripts/sim/policy-sign.ts";
import { PeerOutcome, pumpPresession } from "../helpers/presession.ts";

const core = () => sharedCore();
const enc = (s: string) => new TextEncoder().encode(s);
const sha384 = (...p: Uint8Array[]) => { const h = createHash("sha384"); for (const x of p) h.update(x); return new Uint8Array(h.digest()); };
const NOW = BigInt(Date.parse("2026-01-01T00:00:00Z") / 1000);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

const quotes = new QuoteService({ verifyReportMac: () => true });

// A 1024-byte TDREPORT (spec §2.7) with these measurements and REPORTDATA.
function tdReport(mrtd: Uint8Array, rtmrs: Uint8Array[], reportData: Uint8Array): Uint8Array {
  const r = new Uint8Array(1024);
  r[0] = 0x81;
  r.set(reportData, 128);
  r.set(mrtd, 528);
  rtmrs.forEach((m, i) => r.set(m, 720 + 48 * i));
  return r;
}

// RTMRs a CCEL replays to: RTMR[i] = SHA-384(RTMR[i] || digest) per event (§5.3).
function replay(events: { mrIndex: number; digest: Uint8Array }[]): Uint8Array[] {
  const r = [0, 1, 2, 3].map(() => new Uint8Array(48));
  for (const e of events) r[e.mrIndex - 1] = sha384(r[e.mrIndex - 1], e.digest);
  return r;
}

const MRTD_SVN2 = new Uint8Array(48).fill(0x21);
const MRTD_SVN1 = new Uint8Array(48).fill(0x11);

interface PolicyOpts { svn?: number; seed?: string; status?: string; forward?: unknown[]; tcbDate?: string }
function policy(o: PolicyOpts = {}, rtmrs = replay([])) {
  const pki = testPolicyPki(o.seed);
  const sign = (d: Uint8Array) => signP384Der(pki.signer.key, d);
  // The TCB mapping lists both builds with the RTMR0/1 their (empty) firmware logs give.
  const m = (mrtd: Uint8Array, isvsvn: number) => ({ mrtd: hexOf(mrtd), rtmr0: hexOf(rtmrs[0]), rtmr1: hexOf(rtmrs[1]), isvsvn });
  const text = policyDataText({
    id: "51300000-0000-4000-8000-000000000001", policySvn: o.svn ?? 3,
    policy: [{ global: { tcb: { tcbEvaluationDataNumber: { operation: "greater-or-equal", reference: 17 },
      tcbStatusAccepted: { operation: "allow-list", reference: ["UpToDate"] },
      ...(o.tcbDate ? { tcbDate: { operation: "greater-or-equal", reference: o.tcbDate } } : {}) },
      platform: { fmspc: { operation: "allow-list", reference: ["00806F050000"] } } } }],
    forwardPolicy: o.forward ?? [{ servtd: { migtdIdentity: { isvsvn: { operation: "greater-or-equal", reference: 2 } } } }],
    collateralsText: simCollateralText({ status: o.status }),
    servtdCollateralText: servtdCollateralText(
      tdIdentity([{ isvsvn: 2, tcbDate: "2025-06-01T00:00:00Z", tcbStatus: "UpToDate" }, { isvsvn: 1, tcbDate: "2024-06-01T00:00:00Z", tcbStatus: "OutOfDate" }]),
      tdTcbMapping([m(MRTD_SVN2, 2), m(MRTD_SVN1, 1)]), pki.chainPem, sign),
  });
  return { file: signPolicyData(text, sign), chain: pki.chainPem };
}

const create = (p: { file: string; chain: string }) => core().callJson<{ handle: number }>("presession_new", enc(p.file), enc(p.chain), 0n).handle;

type Outcome = PeerOutcome;

interface Case {
  local?: PolicyOpts; peer?: PolicyOpts;
  peerMrtd?: Uint8Array;
  measuredPolicy?: string; // what the peer's log says it measured (default: the policy it sends)
  bindOtherKey?: boolean;
  certFromStranger?: boolean;
  isSrc?: boolean;
}

function run(c: Case = {}): Outcome {
  const local = policy(c.local);
  const peer = policy(c.peer);
  const a = create(local);
  const b = create(peer);
  pumpPresession(a, b);
  // The peer's event log: its policy event (tag 1, MR index 3 = RTMR2, digest over the policy file, §5.3).
  const ev = { mrIndex: 3, type: EV_EVENT_TAG, digest: sha384(enc(c.measuredPolicy ?? peer.file)), data: taggedData(1, enc("2.0")) };
  const log = ccelLog([ev]);
  const rtmrs = replay([ev]);
  // The peer's certificate key, bound by its quote's REPORTDATA (§2.4).
  const priv = p384.utils.randomSecretKey();
  const pub = p384.getPublicKey(priv, false);
  const bound = c.bindOtherKey ? p384.getPublicKey(p384.utils.randomSecretKey(), false) : pub;
  const reportData = new Uint8Array(64);
  reportData.set(sha384(bound), 0);
  const peerQuote = quotes.quote(tdReport(c.peerMrtd ?? MRTD_SVN2, rtmrs, reportData))!;
  const ownQuote = quotes.quote(tdReport(MRTD_SVN2, replay([]), new Uint8Array(64)))!;
  const signer = c.certFromStranger ? create(policy({ svn: 99 })) : b;
  if (c.certFromStranger) pumpPresession(signer, create(peer));
  const cert = core().callBytes("presession_own_cert_with", signer, priv, pub, peerQuote, log);
  return core().callJson<Outcome>("presession_verify_peer", a, enc(local.file), enc(local.chain), cert, ownQuote, NOW, c.isSrc === false ? 0 : 1);
}

describe("V2 peer verifier on the simulated platform", () => {
  it("accepts a peer on the same policy PKI, known build, current TCB (both roles)", () => {
    expect(run()).toMatchObject({ accepted: true, code: 0, stage: "accepted" });
    expect(run({ isSrc: false })).toMatchObject({ accepted: true, code: 0 });
  });

  it("peer policy signed by another root: 9", () => {
    const o = run({ peer: { seed: "another-fleet" } });
    expect(o).toMatchObject({ accepted: false, code: 9, stage: "peer-policy" });
    expect(o.detail).toMatch(/root CA/);
  });

  it("policy-hash extension of another blob: 9", () => {
    expect(run({ certFromStranger: true })).toMatchObject({ accepted: false, code: 9, stage: "policy-hash" });
  });

  it("peer measured a policy other than the one it sent: 9", () => {
    expect(run({ measuredPolicy: "another policy" })).toMatchObject({ code: 9, stage: "policy-event" });
  });

  it("peer MigTD measurements absent from the TCB mapping: 8 (UnqualifiedMigTdInfo)", () => {
    const o = run({ peerMrtd: new Uint8Array(48).fill(0x99) });
    expect(o).toMatchObject({ code: 8, stage: "policy" });
    expect(o.detail).toMatch(/UnqualifiedMigTdInfo: .*not in the policy's TCB mapping/);
  });

  it("peer ISVSVN below the forward policy: 8 on the source, accepted on the destination", () => {
    const o = run({ peerMrtd: MRTD_SVN1 });
    expect(o).toMatchObject({ code: 8, stage: "policy" });
    expect(o.detail).toMatch(/forwardPolicy\[0\]\.servtd\.migtdIdentity\.isvsvn/);
    expect(run({ peerMrtd: MRTD_SVN1, isSrc: false }).accepted).toBe(true);
  });

  it("peer policySvn lower than ours: 8 on the source", () => {
    const o = run({ local: { svn: 5 }, peer: { svn: 4 } });
    expect(o).toMatchObject({ code: 8, stage: "policy" });
    expect(o.detail).toMatch(/PolicySvnTooLow/);
  });

  it("Revoked platform TCB in our collateral: the quote does not verify, 7", () => {
    // The attest layer refuses a Revoked TCB as a verification failure (attest/collateral/
    // evaluate.ts) before the policy's own "Revoked always denied" rule (test/policy/v2) is reached.
    const o = run({ local: { status: "Revoked" } });
    expect(o).toMatchObject({ code: 7, stage: "quote" });
    expect(o.detail).toMatch(/Revoked/);
  });

  // The peer's platform TCB date is the one of the TCB level its quote matched in our policy's
  // collateral (scripts/sim/policy-collateral.ts: 2025-06-01 for the simulated platform), carried
  // by the verified report into the evaluation info (§3.5 tcb_date).
  it("a global tcbDate rule is judged on the peer's matched TCB level: passes before it, 8 after", () => {
    expect(run({ local: { tcbDate: "2025-06-01T00:00:00Z" } })).toMatchObject({ accepted: true, code: 0 });
    const o = run({ local: { tcbDate: "2025-06-01T00:00:01Z" } });
    expect(o).toMatchObject({ accepted: false, code: 8, stage: "policy" });
    expect(o.detail).toMatch(/global\.tcb\.tcbDate/);
  });

  it("certificate key not bound by the quote's REPORTDATA: 7", () => {
    expect(run({ bindOtherKey: true })).toMatchObject({ code: 7, stage: "key-binding" });
  });
});
