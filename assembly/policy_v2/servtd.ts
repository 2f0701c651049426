// ServTD collateral (spec migtd.md §3.4 `servtdCollateral`): the MigTD identity (TCB levels by
// ISVSVN) and the TCB mapping (which measurements are which ISVSVN), each signed like policyData
// by its own issuer chain over the exact bytes of its inner object.
import { JsonKind, JsonObject, JsonValue } from "../json/value";
import { arrMember, intMember, member, strMember } from "../attest/collateral/fields";
import { utf8Bytes } from "../der/pem";
import { fromHex } from "../util/hex";
import { bytesEqual } from "../util/bytes";
import { Failure } from "../result/failure";
import { PolicyV2Error } from "./errors";
import { IssuerChain, leafSigns, parseIssuerChain } from "./issuer_chain";

// Bounds on untrusted lists (Intel's files carry 1-3 entries).
export const SERVTD_MAX_LEVELS: i32 = 256;
export const SERVTD_MAX_MAPPINGS: i32 = 1024;

export class IdentityLevel {
  constructor(public isvsvn: i64, public tcbDate: string, public tcbStatus: string) {}
}

export class TdIdentity {
  id: string = "";
  isvProdId: i64 = 0;
  // As written, for inspection only (a MigTD has no trusted clock to judge them by).
  issueDate: string = "";
  nextUpdate: string = "";
  levels: IdentityLevel[] = [];
}

export class SvnMapping {
  mrtd: Uint8Array = new Uint8Array(0);
  rtmr0: Uint8Array = new Uint8Array(0);
  rtmr1: Uint8Array = new Uint8Array(0);
  rtmr2: Uint8Array | null = null;
  rtmr3: Uint8Array | null = null;
  isvsvn: i64 = 0;
}

export class TdTcbMapping {
  id: string = "";
  issueDate: string = ""; // as written, for inspection only
  nextUpdate: string = "";
  mappings: SvnMapping[] = [];
}

export class ServtdCollateral {
  identity: TdIdentity = new TdIdentity();
  mapping: TdTcbMapping = new TdTcbMapping();
  identityChain: IssuerChain = new IssuerChain();
  mappingChain: IssuerChain = new IssuerChain();
  failure: Failure | null = null;
}

function bad(out: ServtdCollateral, code: PolicyV2Error, msg: string): ServtdCollateral {
  out.failure = new Failure(code, "servtdCollateral: " + msg);
  return out;
}

// The signed wrapper {"<inner>": {...}, "signature": hex} checked against `chainPem`; the inner
// object on success, an error text otherwise.
class Signed {
  body: JsonValue | null = null;
  chain: IssuerChain = new IssuerChain();
  error: string = "";
  code: PolicyV2Error = PolicyV2Error.None;
}

function checkSigned(src: Uint8Array, wrapper: JsonValue | null, inner: string, chainPem: string | null, what: string): Signed {
  const s = new Signed();
  s.code = PolicyV2Error.Malformed;
  if (wrapper === null || wrapper.kind != JsonKind.Object) { s.error = what + " is missing"; return s; }
  if (chainPem === null) { s.error = what + " issuer chain is missing"; return s; }
  const body = member(wrapper, inner);
  const sigHex = strMember(wrapper, "signature");
  if (body === null || body.kind != JsonKind.Object || sigHex === null) { s.error = what + " needs '" + inner + "' and 'signature'"; return s; }
  const sig = fromHex(sigHex);
  if (sig === null) { s.error = what + " signature is not hex"; return s; }
  const chain = parseIssuerChain(utf8Bytes(chainPem), what + " issuer chain");
  if (chain.failure !== null) { s.code = PolicyV2Error.ServtdCollateralInvalid; s.error = chain.failure!.reason; return s; }
  if (!leafSigns(chain, src.slice(body.pos, body.end), sig)) {
    s.code = PolicyV2Error.ServtdCollateralInvalid;
    s.error = what + " signature does not verify with its issuer chain's leaf key";
    return s;
  }
  s.code = PolicyV2Error.None;
  s.body = body;
  s.chain = chain;
  return s;
}

function measurement(v: JsonValue, key: string): Uint8Array | null {
  const s = strMember(v, key);
  if (s === null) return null;
  const b = fromHex(s); // hex case-insensitive (§3.4)
  return b !== null && b.length == 48 ? b : null;
}

// `v` = the servtdCollateral object; `src` = the bytes it was parsed from (the policy file).
export function parseServtdCollateral(v: JsonValue, src: Uint8Array): ServtdCollateral {
  const out = new ServtdCollateral();
  if (v.kind != JsonKind.Object) return bad(out, PolicyV2Error.Malformed, "not an object");
  const id = checkSigned(src, member(v, "servtdIdentity"), "tdIdentity", strMember(v, "servtdIdentityIssuerChain"), "servtdIdentity");
  if (id.code != PolicyV2Error.None) return bad(out, id.code, id.error);
  const map = checkSigned(src, member(v, "servtdTcbMapping"), "tdTcbMapping", strMember(v, "servtdTcbMappingIssuerChain"), "servtdTcbMapping");
  if (map.code != PolicyV2Error.None) return bad(out, map.code, map.error);
  out.identityChain = id.chain;
  out.mappingChain = map.chain;

  let e = readIdentity(id.body!, out.identity);
  if (e.length == 0) e = readMapping(map.body!, out.mapping);
  if (e.length > 0) return bad(out, PolicyV2Error.Malformed, e);
  return out;
}

function textOf(v: JsonValue, key: string): string {
  const s = strMember(v, key);
  return s === null ? "" : s;
}

// tdIdentity body (§3.4) into `id`; "" or what is wrong.
export function readIdentity(v: JsonValue, id: TdIdentity): string {
  if (v.kind != JsonKind.Object) return "tdIdentity is not an object";
  const idn = strMember(v, "id");
  id.id = idn === null ? "" : idn;
  id.isvProdId = intMember(v, "isvProdId");
  id.issueDate = textOf(v, "issueDate");
  id.nextUpdate = textOf(v, "nextUpdate");
  const levels = arrMember(v, "tcbLevels");
  if (levels === null || levels.length > SERVTD_MAX_LEVELS) return "tdIdentity.tcbLevels is not an array (of at most 256)";
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    const tcb = member(l, "tcb");
    const svn = tcb === null ? i64.MIN_VALUE : intMember(tcb, "isvsvn");
    const date = strMember(l, "tcbDate");
    const status = strMember(l, "tcbStatus");
    if (svn < 0 || date === null || status === null) return "tdIdentity.tcbLevels[" + i.toString() + "] needs tcb.isvsvn, tcbDate, tcbStatus";
    id.levels.push(new IdentityLevel(svn, date, status));
  }

  return "";
}

// tdTcbMapping body (§3.4) into `map`; "" or what is wrong.
export function readMapping(v: JsonValue, map: TdTcbMapping): string {
  if (v.kind != JsonKind.Object) return "tdTcbMapping is not an object";
  const mid = strMember(v, "id");
  map.id = mid === null ? "" : mid;
  map.issueDate = textOf(v, "issueDate");
  map.nextUpdate = textOf(v, "nextUpdate");
  const maps = arrMember(v, "svnMappings");
  if (maps === null || maps.length > SERVTD_MAX_MAPPINGS) return "tdTcbMapping.svnMappings is not an array (of at most 1024)";
  for (let i = 0; i < maps.length; i++) {
    const e = maps[i];
    const where = "tdTcbMapping.svnMappings[" + i.toString() + "]";
    const tm = member(e, "tdMeasurements");
    const svn = intMember(e, "isvsvn");
    if (tm === null || svn < 0) return where + " needs tdMeasurements and isvsvn";
    const m = new SvnMapping();
    m.isvsvn = svn;
    const mrtd = measurement(tm, "mrtd");
    const r0 = measurement(tm, "rtmr0");
    const r1 = measurement(tm, "rtmr1");
    if (mrtd === null || r0 === null || r1 === null) return where + ": mrtd, rtmr0, rtmr1 must be 48-byte hex";
    m.mrtd = mrtd;
    m.rtmr0 = r0;
    m.rtmr1 = r1;
    if (member(tm, "rtmr2") !== null) {
      m.rtmr2 = measurement(tm, "rtmr2");
      if (m.rtmr2 === null) return where + ": rtmr2 must be 48-byte hex";
    }
    if (member(tm, "rtmr3") !== null) {
      m.rtmr3 = measurement(tm, "rtmr3");
      if (m.rtmr3 === null) return where + ": rtmr3 must be 48-byte hex";
    }
    map.mappings.push(m);
  }
  return "";
}

// §3.5: the ISVSVN of the first mapping whose mrtd/rtmr0/rtmr1 (and rtmr2/3 when given) match;
// -1 when the measurements are not in the mapping.
export function isvsvnFor(map: TdTcbMapping, mrtd: Uint8Array, rtmrs: Uint8Array[]): i64 {
  for (let i = 0; i < map.mappings.length; i++) {
    const m = map.mappings[i];
    if (!bytesEqual(m.mrtd, mrtd) || !bytesEqual(m.rtmr0, rtmrs[0]) || !bytesEqual(m.rtmr1, rtmrs[1])) continue;
    if (m.rtmr2 !== null && !bytesEqual(m.rtmr2!, rtmrs[2])) continue;
    if (m.rtmr3 !== null && !bytesEqual(m.rtmr3!, rtmrs[3])) continue;
    return m.isvsvn;
  }
  return -1;
}

// §3.5: the identity TCB level with the highest isvsvn <= svn, or null.
export function levelFor(id: TdIdentity, svn: i64): IdentityLevel | null {
  let best: IdentityLevel | null = null;
  for (let i = 0; i < id.levels.length; i++) {
    const l = id.levels[i];
    if (l.isvsvn <= svn && (best === null || l.isvsvn > best.isvsvn)) best = l;
  }
  return best;
}
