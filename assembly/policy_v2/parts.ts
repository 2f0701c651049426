// The pieces a v2 policy is assembled from, each readable on its own (Intel's tooling keeps them
// as separate files before merging and signing): raw policy data, a `global` item body, the
// Intel collateral bundle, the ServTD collateral, a TD identity or TCB mapping (raw, or signed
// {"tdIdentity"|"tdTcbMapping": {...}, "signature"} checked against a given chain).
import { parseJson } from "../json/parse";
import { JsonKind, JsonValue } from "../json/value";
import { member, strMember } from "../attest/collateral/fields";
import { parseCollateral } from "../attest/collateral/load";
import { fromHex } from "../util/hex";
import { parsePolicyData, trimNuls } from "./parse";
import { parseItemBody } from "./parse_items";
import { parseServtdCollateral, readIdentity, readMapping, TdIdentity, TdTcbMapping } from "./servtd";
import { leafSigns, parseIssuerChain } from "./issuer_chain";

export enum PartKind {
  PolicyData = 0,
  GlobalItem = 1,
  Collaterals = 2,
  ServtdCollateral = 3,
  TdIdentity = 4,
  TdTcbMapping = 5,
}

export class PartCheck {
  error: string = "";
  signed: bool = false; // a signature was present and verified
  summary: string = "";
}

function failed(msg: string): PartCheck {
  const p = new PartCheck();
  p.error = msg;
  return p;
}

function signedOrRaw(bytes: Uint8Array, v: JsonValue, inner: string, chainPem: Uint8Array, out: PartCheck): JsonValue | null {
  const body = member(v, inner);
  if (body === null) return v; // raw
  const sigHex = strMember(v, "signature");
  if (sigHex === null) { out.error = "signed " + inner + " without a signature"; return null; }
  const sig = fromHex(sigHex);
  if (sig === null) { out.error = "signature is not hex"; return null; }
  if (chainPem.length == 0) return body; // structure only
  const chain = parseIssuerChain(chainPem, inner + " issuer chain");
  if (chain.failure !== null) { out.error = chain.failure!.reason; return null; }
  if (!leafSigns(chain, bytes.slice(body.pos, body.end), sig)) { out.error = inner + " signature does not verify with the chain's leaf key"; return null; }
  out.signed = true;
  return body;
}

export function checkPart(input: Uint8Array, kind: PartKind, chainPem: Uint8Array): PartCheck {
  const bytes = trimNuls(input);
  if (kind == PartKind.PolicyData) {
    const r = parsePolicyData(bytes);
    if (!r.ok) return failed(r.path + ": " + r.failure!.reason);
    const p = new PartCheck();
    p.summary = "policy " + r.policy!.id + " svn " + r.policy!.policySvn.toString();
    return p;
  }
  if (kind == PartKind.Collaterals) {
    const c = parseCollateral(bytes);
    if (c.collateral === null) return failed(c.error);
    const p = new PartCheck();
    p.summary = c.collateral!.platforms.length.toString() + " platforms";
    return p;
  }
  const j = parseJson(bytes);
  if (j.error !== null) return failed("not JSON: " + j.error!.toString());
  const v = j.value!;
  if (v.kind != JsonKind.Object) return failed("not a JSON object");
  const out = new PartCheck();
  if (kind == PartKind.GlobalItem) {
    const r = parseItemBody(v, "global", bytes);
    if (r.error.length > 0) return failed(r.path + ": " + r.error);
    out.summary = r.items[0].properties.length.toString() + " rules";
    return out;
  }
  if (kind == PartKind.ServtdCollateral) {
    const s = parseServtdCollateral(v, bytes);
    if (s.failure !== null) return failed(s.failure!.reason);
    out.signed = true;
    out.summary = s.mapping.mappings.length.toString() + " mappings";
    return out;
  }
  if (kind == PartKind.TdIdentity) {
    const body = signedOrRaw(bytes, v, "tdIdentity", chainPem, out);
    if (body === null) return out;
    const e = readIdentity(body, new TdIdentity());
    if (e.length > 0) out.error = e;
    return out;
  }
  const body = signedOrRaw(bytes, v, "tdTcbMapping", chainPem, out);
  if (body === null) return out;
  const m = new TdTcbMapping();
  const e = readMapping(body, m);
  if (e.length > 0) out.error = e;
  out.summary = m.mappings.length.toString() + " mappings";
  return out;
}
