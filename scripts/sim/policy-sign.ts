// Signing a policy v2 (spec migtd.md §3.4) and its ServTD collateral. The signature covers the
// exact bytes of the signed JSON value, so the value is serialised once (compact, keys in their
// given order: JSON.stringify) and embedded verbatim next to its signature; re-serialising a
// signed file would break it. `sign` is any ECDSA-P384-SHA384 DER signer (a seeded test key in
// the simulator, a PEM key through node:crypto in `migtd policy sign`).
export type Signer = (data: Uint8Array) => Uint8Array;

const hexUpper = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();
const bytes = (s: string) => new TextEncoder().encode(s);

// {"<name>":<text>,"signature":"HEX"} with <text> exactly as signed.
export function wrapSigned(name: string, text: string, sign: Signer): string {
  return `{"${name}":${text},"signature":"${hexUpper(sign(bytes(text)))}"}`;
}

export interface ServtdIdentityLevel { isvsvn: number; tcbDate: string; tcbStatus: string }
export interface SvnMappingEntry { mrtd: string; rtmr0: string; rtmr1: string; rtmr2?: string; rtmr3?: string; isvsvn: number }

export function tdIdentity(levels: ServtdIdentityLevel[], id = "A0998F0F-B2F3-4872-8138-FBC2B853E8C6"): Record<string, unknown> {
  return {
    id, version: 1, issueDate: "2025-01-01T00:00:00Z", nextUpdate: "2026-01-01T00:00:00Z", tcbEvaluationNumber: 1,
    xfam: "E71A060000000000", attributes: "0000000000000000", mrConfigId: "00".repeat(48), mrOwner: "00".repeat(48),
    mrOwnerConfig: "00".repeat(48), mrsigner: "00".repeat(48), isvProdId: 1,
    tcbLevels: levels.map((l) => ({ tcb: { isvsvn: l.isvsvn }, tcbDate: l.tcbDate, tcbStatus: l.tcbStatus })),
  };
}

export function tdTcbMapping(entries: SvnMappingEntry[], id = "BB9668CA-4EE8-4523-941A-B3B03BE46E03"): Record<string, unknown> {
  return {
    id, version: 1, issueDate: "2025-01-01T00:00:00Z", nextUpdate: "2026-01-01T00:00:00Z", mrSigner: "00".repeat(16), isvProdId: 1,
    svnMappings: entries.map((e) => {
      const m: Record<string, string> = { mrtd: e.mrtd, rtmr0: e.rtmr0, rtmr1: e.rtmr1 };
      if (e.rtmr2 !== undefined) m.rtmr2 = e.rtmr2;
      if (e.rtmr3 !== undefined) m.rtmr3 = e.rtmr3;
      return { tdMeasurements: m, isvsvn: e.isvsvn };
    }),
  };
}

// The servtdCollateral member as JSON text, identity and mapping each signed by `sign`, which
// `chainPem` certifies.
export function servtdCollateralText(identity: unknown, mapping: unknown, chainPem: string, sign: Signer): string {
  const chain = JSON.stringify(chainPem);
  return `{"majorVersion":1,"minorVersion":0,` +
    `"servtdIdentityIssuerChain":${chain},"servtdIdentity":${wrapSigned("tdIdentity", JSON.stringify(identity), sign)},` +
    `"servtdTcbMappingIssuerChain":${chain},"servtdTcbMapping":${wrapSigned("tdTcbMapping", JSON.stringify(mapping), sign)}}`;
}

export interface PolicyDataParts {
  id: string;
  policySvn: number;
  policy?: unknown[];
  forwardPolicy?: unknown[];
  backwardPolicy?: unknown[];
  collateralsText: string; // JSON text of the Intel collateral bundle
  servtdCollateralText: string; // from servtdCollateralText (already signed inside)
}

// policyData as text: members in §3.4 order, the collateral texts embedded as given.
export function policyDataText(p: PolicyDataParts): string {
  let s = `{"id":${JSON.stringify(p.id)},"version":"2.0","policySvn":${p.policySvn}`;
  if (p.policy) s += `,"policy":${JSON.stringify(p.policy)}`;
  if (p.forwardPolicy) s += `,"forwardPolicy":${JSON.stringify(p.forwardPolicy)}`;
  if (p.backwardPolicy) s += `,"backwardPolicy":${JSON.stringify(p.backwardPolicy)}`;
  return s + `,"collaterals":${p.collateralsText},"servtdCollateral":${p.servtdCollateralText}}`;
}

// The enrolled file: {"policyData":<text>,"signature":"HEX"}.
export function signPolicyData(policyDataJson: string, sign: Signer): string {
  return wrapSigned("policyData", policyDataJson, sign);
}
