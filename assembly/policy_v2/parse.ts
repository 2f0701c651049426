// The enrolled signed policy v2 (spec migtd.md §3.4): {"policyData": {...}, "signature": hex}.
// Order of checks: JSON; the issuer chain; the signature over the EXACT bytes of the policyData
// value as they appear in the file (never a re-serialisation); only then the contents:
// id/version/policySvn, the rule lists, `collaterals` (Intel PCS data, parsed by the attest
// layer's collateral reader) and `servtdCollateral` (servtd.ts, with its own signatures).
import { parseJson } from "../json/parse";
import { JsonKind, JsonNumber, JsonObject, JsonValue } from "../json/value";
import { member, strMember } from "../attest/collateral/fields";
import { parseCollateral } from "../attest/collateral/load";
import { Collateral } from "../attest/collateral/types";
import { pemDecodeAll, utf8Bytes } from "../der/pem";
import { Certificate, parseCertificate } from "../x509/cert";
import { fromHex } from "../util/hex";
import { Failure } from "../result/failure";
import { PolicyV2Error } from "./errors";
import { IssuerChain, leafSigns, parseIssuerChain } from "./issuer_chain";
import { PolicyItem } from "./model";
import { parseItems } from "./parse_items";
import { ServtdCollateral, parseServtdCollateral } from "./servtd";
import { crlNumberOfPem } from "./crl_number";

export const POLICY_V2_VERSION = "2.0";

export class SignedPolicyV2 {
  file: Uint8Array = new Uint8Array(0); // as enrolled (trailing NULs trimmed)
  policyData: Uint8Array = new Uint8Array(0); // the signed bytes
  id: string = "";
  policySvn: u32 = 0;
  policy: PolicyItem[] = [];
  forwardPolicy: PolicyItem[] = [];
  backwardPolicy: PolicyItem[] = [];
  collateral: Collateral = new Collateral();
  rootCa: Certificate = new Certificate(); // Intel root the collaterals chain to
  pckCrlNum: i64 = -1;
  rootCaCrlNum: i64 = -1;
  platformCount: i32 = 0;
  servtd: ServtdCollateral = new ServtdCollateral();
  issuer: IssuerChain = new IssuerChain();
  // False when parsed without an issuer chain (tooling only: `policy check` with no chain).
  signatureChecked: bool = false;
}

export class PolicyV2Parse {
  policy: SignedPolicyV2 | null = null;
  failure: Failure | null = null;
  path: string = ""; // where in the document, when the failure is about one member

  get ok(): bool { return this.failure === null; }
}

function fail(out: PolicyV2Parse, code: PolicyV2Error, path: string, msg: string): PolicyV2Parse {
  out.failure = new Failure(code, msg);
  out.path = path;
  return out;
}

// A v2 document is recognised by its top-level "policyData" member (v1 files have "policy").
export function looksLikeV2(bytes: Uint8Array): bool {
  const j = parseJson(trimNuls(bytes));
  const v = j.value;
  return v !== null && v.kind == JsonKind.Object && member(v!, "policyData") !== null;
}

// The CFV pads files with NULs (§3.1 says MigTD trims them; the same holds for v2).
export function trimNuls(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] == 0) end--;
  return end == b.length ? b : b.slice(0, end);
}

function u32Member(v: JsonValue, key: string): i64 {
  const m = member(v, key);
  if (m === null || m.kind != JsonKind.Number) return -1;
  const n = <JsonNumber>m;
  if (!n.isU64() || n.magnitude > <u64>u32.MAX_VALUE) return -1;
  return <i64>n.magnitude;
}

// `chainPem` empty = do not check the policyData signature (reported as signatureChecked false;
// the core never does this for an enrolled policy).
export function parseSignedPolicy(input: Uint8Array, chainPem: Uint8Array): PolicyV2Parse {
  const out = new PolicyV2Parse();
  const bytes = trimNuls(input);
  const j = parseJson(bytes);
  if (j.error !== null) return fail(out, PolicyV2Error.Malformed, "", "not JSON: " + j.error!.toString());
  const top = j.value!;
  if (top.kind != JsonKind.Object) return fail(out, PolicyV2Error.Malformed, "", "not a JSON object");
  const topo = <JsonObject>top;
  const dup = topo.firstDuplicate();
  if (dup !== null) return fail(out, PolicyV2Error.Malformed, dup, "member appears twice");
  const pd = member(top, "policyData");
  const sigHex = strMember(top, "signature");
  if (pd === null || pd.kind != JsonKind.Object) return fail(out, PolicyV2Error.Malformed, "policyData", "missing or not an object (is this a v1 policy?)");
  if (sigHex === null) return fail(out, PolicyV2Error.Malformed, "signature", "missing or not a string");
  const sig = fromHex(sigHex);
  if (sig === null || sig.length == 0) return fail(out, PolicyV2Error.Malformed, "signature", "not hex");

  const p = new SignedPolicyV2();
  p.file = bytes;
  p.policyData = bytes.slice(pd.pos, pd.end);
  if (chainPem.length > 0) {
    const chain = parseIssuerChain(chainPem, "policy issuer chain");
    if (chain.failure !== null) return fail(out, PolicyV2Error.ChainInvalid, "", chain.failure!.reason);
    p.issuer = chain;
    if (!leafSigns(chain, p.policyData, sig)) {
      return fail(out, PolicyV2Error.SignatureInvalid, "signature", "the signature over policyData (" + p.policyData.length.toString() + " bytes as in the file) does not verify with the issuer chain's leaf key (policyData changed, or signed by another key)");
    }
    p.signatureChecked = true;
  }

  if (!readPolicyData(out, p, pd, bytes, true)) return out;
  out.policy = p;
  return out;
}

// The members of policyData (§3.4). `full`: an enrolled policy, which must carry `collaterals`
// and `servtdCollateral`; otherwise (raw policy data before the collateral is merged in and it is
// signed) they are checked when present.
function readPolicyData(out: PolicyV2Parse, p: SignedPolicyV2, pd: JsonValue, bytes: Uint8Array, full: bool): bool {
  const pdo = <JsonObject>pd;
  const pdup = pdo.firstDuplicate();
  if (pdup !== null) { fail(out, PolicyV2Error.Malformed, "policyData." + pdup, "member appears twice"); return false; }
  const id = strMember(pd, "id");
  if (id === null || id.length == 0) { fail(out, PolicyV2Error.Malformed, "policyData.id", "missing or empty"); return false; }
  p.id = id;
  const version = strMember(pd, "version");
  if (version === null || version != POLICY_V2_VERSION) { fail(out, PolicyV2Error.Malformed, "policyData.version", "must be \"2.0\""); return false; }
  const svn = u32Member(pd, "policySvn");
  if (svn < 0) { fail(out, PolicyV2Error.Malformed, "policyData.policySvn", "missing or not a u32"); return false; }
  p.policySvn = <u32>svn;

  const names = ["policy", "forwardPolicy", "backwardPolicy"];
  for (let i = 0; i < names.length; i++) {
    const v = member(pd, names[i]);
    if (v === null) continue;
    const r = parseItems(v, names[i], bytes);
    if (r.error.length > 0) { fail(out, PolicyV2Error.Malformed, "policyData." + r.path, r.error); return false; }
    if (i == 0) p.policy = r.items;
    else if (i == 1) p.forwardPolicy = r.items;
    else p.backwardPolicy = r.items;
  }

  const st = member(pd, "servtdCollateral");
  if (st === null && full) { fail(out, PolicyV2Error.Malformed, "policyData.servtdCollateral", "missing"); return false; }
  if (st !== null) {
    const sc = parseServtdCollateral(st, bytes);
    if (sc.failure !== null) { fail(out, sc.failure!.code, "policyData.servtdCollateral", sc.failure!.reason); return false; }
    p.servtd = sc;
  }

  const coll = member(pd, "collaterals");
  if (coll === null && !full) return true;
  if (coll === null || coll.kind != JsonKind.Object) { fail(out, PolicyV2Error.Malformed, "policyData.collaterals", "missing or not an object"); return false; }
  const cp = parseCollateral(bytes.slice(coll.pos, coll.end));
  if (cp.collateral === null) { fail(out, PolicyV2Error.CollateralInvalid, "policyData.collaterals", cp.error); return false; }
  p.collateral = cp.collateral!;
  p.platformCount = p.collateral.platforms.length;
  const rootPem = strMember(coll, "rootCa");
  if (rootPem === null) { fail(out, PolicyV2Error.CollateralInvalid, "policyData.collaterals.rootCa", "missing"); return false; }
  const rb = pemDecodeAll(utf8Bytes(rootPem), "CERTIFICATE");
  if (rb.error.length > 0 || rb.blocks.length != 1) { fail(out, PolicyV2Error.CollateralInvalid, "policyData.collaterals.rootCa", "not one PEM certificate"); return false; }
  const rc = parseCertificate(rb.blocks[0]);
  if (rc.cert === null) { fail(out, PolicyV2Error.CollateralInvalid, "policyData.collaterals.rootCa", rc.error); return false; }
  p.rootCa = rc.cert!;
  const pck = strMember(coll, "pckCrl");
  const rootCrl = strMember(coll, "rootCaCrl");
  if (pck !== null) p.pckCrlNum = crlNumberOfPem(pck);
  if (rootCrl !== null) p.rootCaCrlNum = crlNumberOfPem(rootCrl);

  return true;
}

// Unsigned policy data (the input of `migtd policy sign`, Intel's *_raw.json files).
export function parsePolicyData(input: Uint8Array): PolicyV2Parse {
  const out = new PolicyV2Parse();
  const bytes = trimNuls(input);
  const j = parseJson(bytes);
  if (j.error !== null) return fail(out, PolicyV2Error.Malformed, "", "not JSON: " + j.error!.toString());
  const pd = j.value!;
  if (pd.kind != JsonKind.Object) return fail(out, PolicyV2Error.Malformed, "", "not a JSON object");
  const p = new SignedPolicyV2();
  p.file = bytes;
  p.policyData = bytes;
  if (!readPolicyData(out, p, pd, bytes, false)) return out;
  out.policy = p;
  return out;
}
