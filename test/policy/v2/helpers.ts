// Shared by the policy v2 suites: the core's v2 exports, 822-byte verified reports with the
// fields v2 evaluation reads (spec migtd.md §2.6, §3.5), and signed test policies made with the
// simulator's TEST policy PKI (scripts/sim/policy-pki.ts) around Intel's real collateral.
import { sharedCore as core } from "../../../scripts/host/library.ts";
import { testPolicyPki } from "../../../scripts/sim/policy-pki.ts";
import { signP384Der } from "../../../scripts/sim/policy-pki.ts";
import {
  policyDataText, servtdCollateralText, signPolicyData, tdIdentity, tdTcbMapping,
  type ServtdIdentityLevel, type SvnMappingEntry,
} from "../../../scripts/sim/policy-sign.ts";
import { readShared } from "../../helpers/shared.ts";
import { R } from "../helpers.ts";

export const enc = (s: string) => new TextEncoder().encode(s);
export const V2 = ["testdata", "migtd_policy", "v2"];
export const v2File = (...p: string[]) => readShared(...V2, ...p);

export interface CheckResult {
  valid: boolean; code: number; error?: string; path?: string; message?: string;
  policy?: { id: string; policySvn: number; signatureChecked: boolean; mrOwner?: string; mrOwnerConfig: string; platforms: number; pckCrlNum: number; rootCaCrlNum: number; servtdTcbMappings: number; policy: unknown[] };
}
export interface Rule { path: string; name: string; result: string; decisive: boolean; note: string; local: string; peer: string }
export interface Verdict {
  accepted: boolean; code: number; error: string; message: string; failedRule: string; inputError: boolean;
  rules: Rule[]; peer?: Record<string, unknown>; self?: Record<string, unknown>; warnings: string[];
}

const asBytes = (b: Uint8Array | string) => (typeof b === "string" ? enc(b) : b);

export function check(policy: Uint8Array | string, chain: Uint8Array | string = new Uint8Array(0)): CheckResult {
  return core().callJson<CheckResult>("policy_v2_check", asBytes(policy), asBytes(chain));
}

export interface EvalArgs {
  policy: Uint8Array | string; chain: Uint8Array | string;
  local: Uint8Array; peer: Uint8Array;
  peerPolicy?: Uint8Array | string; peerChain?: Uint8Array | string;
  isSrc?: boolean;
}

export function evaluate(a: EvalArgs): Verdict {
  return core().callJson<Verdict>("policy_v2_evaluate", asBytes(a.policy), asBytes(a.chain), a.local, a.peer,
    asBytes(a.peerPolicy ?? a.policy), asBytes(a.peerChain ?? a.chain), a.isSrc === false ? 0 : 1);
}

export enum Part { PolicyData = 0, GlobalItem = 1, Collaterals = 2, ServtdCollateral = 3, TdIdentity = 4, TdTcbMapping = 5 }
export function partCheck(bytes: Uint8Array, kind: Part, chain: Uint8Array | string = new Uint8Array(0)): { ok: boolean; signed: boolean; summary: string; error: string } {
  return core().callJson("policy_v2_part_check", bytes, kind, asBytes(chain));
}

// ---- verified reports (822 bytes, §2.6) ----
const TCB_DATE = 734;
const TCB_STATUS = 742;

export interface ReportSpec {
  fmspc: string; // 12 hex
  tcbDate: string; // ISO
  tcbStatus: string;
  mrtd: string; rtmr0: string; rtmr1: string; rtmr2?: string; rtmr3?: string; // 96 hex
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

export function report(s: ReportSpec): Uint8Array {
  const r = new Uint8Array(822);
  r.set(hex(s.fmspc), R.FMSPC[0]);
  r.set(hex(s.mrtd), R.MRTD[0]);
  r.set(hex(s.rtmr0), R.RTMR0[0]);
  r.set(hex(s.rtmr1), R.RTMR1[0]);
  if (s.rtmr2) r.set(hex(s.rtmr2), R.RTMR2[0]);
  if (s.rtmr3) r.set(hex(s.rtmr3), R.RTMR3[0]);
  new DataView(r.buffer).setBigUint64(TCB_DATE, BigInt(Date.parse(s.tcbDate) / 1000), true);
  r.set(enc(s.tcbStatus).subarray(0, 31), TCB_STATUS); // 31 characters + NUL, as the verifier writes it
  return r;
}

// ---- test-signed policies around Intel's collateral ----
export interface TestPolicy {
  id?: string; policySvn?: number;
  policy?: unknown[]; forwardPolicy?: unknown[]; backwardPolicy?: unknown[];
  levels?: ServtdIdentityLevel[]; mappings?: SvnMappingEntry[];
  seed?: string; // the TEST PKI (another seed = another root)
}

export const MEAS = { mrtd: "11".repeat(48), rtmr0: "22".repeat(48), rtmr1: "33".repeat(48) };

export function signedTestPolicy(t: TestPolicy): { file: string; chain: string } {
  const pki = testPolicyPki(t.seed);
  const sign = (d: Uint8Array) => signP384Der(pki.signer.key, d);
  const collaterals = v2File("test", "collaterals.json").toString("utf8").trim();
  const servtd = servtdCollateralText(
    tdIdentity(t.levels ?? [{ isvsvn: 2, tcbDate: "2025-06-01T00:00:00Z", tcbStatus: "UpToDate" }, { isvsvn: 1, tcbDate: "2024-01-01T00:00:00Z", tcbStatus: "OutOfDate" }]),
    tdTcbMapping(t.mappings ?? [{ ...MEAS, isvsvn: 2 }, { mrtd: "44".repeat(48), rtmr0: MEAS.rtmr0, rtmr1: MEAS.rtmr1, isvsvn: 1 }]),
    pki.chainPem, sign);
  const text = policyDataText({
    id: t.id ?? "5E1F0000-0000-4000-8000-000000000001", policySvn: t.policySvn ?? 3,
    policy: t.policy, forwardPolicy: t.forwardPolicy, backwardPolicy: t.backwardPolicy,
    collateralsText: collaterals, servtdCollateralText: servtd,
  });
  return { file: signPolicyData(text, sign), chain: pki.chainPem };
}
