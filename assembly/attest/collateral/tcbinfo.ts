// Intel TDX TCB info (Intel PCS API v4 "TCB Info" v3, id "TDX"): the fields TCB evaluation needs.
import { JsonKind, JsonValue } from "../../json/value";
import { arrMember, bytesMember, intMember, member, parseCollateralJson, stringOf, strMember } from "./fields";
import { fromHexBytes } from "../../util/hex";
import { parseIsoTime, TIME_INVALID } from "../../der/time";

// Bounds: real documents have ~10 levels and 2-3 module identities.
export const TCB_MAX_LEVELS: i32 = 256;

export class TcbLevel {
  sgx: i32[] = []; // 16 SGX component SVNs (platform levels)
  pceSvn: i32 = 0;
  tdx: i32[] = []; // 16 TDX component SVNs (platform levels)
  isvSvn: i32 = 0; // module / QE levels
  status: string = "";
  tcbDate: i64 = 0; // "tcbDate" (Unix seconds); 0 when absent
  advisories: string[] = [];
}

export class ModuleIdentity {
  id: string = "";
  mrSigner: Uint8Array = new Uint8Array(0);
  attributes: Uint8Array = new Uint8Array(0);
  attributesMask: Uint8Array = new Uint8Array(0);
  levels: TcbLevel[] = [];
}

export class TcbInfo {
  id: string = "";
  version: i64 = 0;
  issueDate: i64 = 0;
  nextUpdate: i64 = 0;
  fmspc: string = "";
  pceId: string = "";
  evaluationDataNumber: i64 = 0;
  module: ModuleIdentity | null = null; // "tdxModule" (no levels)
  moduleIdentities: ModuleIdentity[] = [];
  levels: TcbLevel[] = [];
}

export class TcbInfoParse {
  info: TcbInfo | null = null;
  error: string = "";
}

function failed(msg: string): TcbInfoParse {
  const p = new TcbInfoParse();
  p.error = "TCB info: " + msg;
  return p;
}

export function parseTcbInfo(body: Uint8Array): TcbInfoParse {
  const j = parseCollateralJson(body);
  const v = j.value;
  if (v === null) return failed(j.error);
  if (v.kind != JsonKind.Object) return failed("not an object");
  const t = new TcbInfo();
  const id = strMember(v, "id");
  t.id = id === null ? "" : id;
  t.version = intMember(v, "version");
  const iss = strMember(v, "issueDate");
  const nxt = strMember(v, "nextUpdate");
  const fm = strMember(v, "fmspc");
  const pce = strMember(v, "pceId");
  if (iss === null || nxt === null || fm === null || pce === null) return failed("missing issueDate/nextUpdate/fmspc/pceId");
  t.issueDate = parseIsoTime(iss);
  t.nextUpdate = parseIsoTime(nxt);
  if (t.issueDate == TIME_INVALID || t.nextUpdate == TIME_INVALID) return failed("bad date");
  t.fmspc = fm.toUpperCase();
  t.pceId = pce.toUpperCase();
  t.evaluationDataNumber = intMember(v, "tcbEvaluationDataNumber");
  const mod = member(v, "tdxModule");
  if (mod !== null) {
    const m = parseIdentity(mod, false);
    if (m === null) return failed("bad tdxModule");
    t.module = m;
  }
  const ids = arrMember(v, "tdxModuleIdentities");
  if (ids !== null) {
    for (let i = 0; i < ids.length && i < TCB_MAX_LEVELS; i++) {
      const m = parseIdentity(ids[i], true);
      if (m === null) return failed("bad tdxModuleIdentities entry");
      t.moduleIdentities.push(m);
    }
  }
  const levels = arrMember(v, "tcbLevels");
  if (levels === null || levels.length == 0 || levels.length > TCB_MAX_LEVELS) return failed("tcbLevels missing or too long");
  for (let i = 0; i < levels.length; i++) {
    const l = parsePlatformLevel(levels[i]);
    if (l === null) return failed("bad tcbLevels entry " + i.toString());
    t.levels.push(l);
  }
  const out = new TcbInfoParse();
  out.info = t;
  return out;
}

// {mrsigner, attributes, attributesMask, [id, tcbLevels[{tcb{isvsvn}, tcbStatus, advisoryIDs}]]}
export function parseIdentity(v: JsonValue, withLevels: bool): ModuleIdentity | null {
  if (v.kind != JsonKind.Object) return null;
  const m = new ModuleIdentity();
  const id = strMember(v, "id");
  m.id = id === null ? "" : id;
  const ms = bytesMember(v, "mrsigner");
  const at = bytesMember(v, "attributes");
  const am = bytesMember(v, "attributesMask");
  if (ms === null || at === null || am === null) return null;
  const a = fromHexBytes(ms);
  const b = fromHexBytes(at);
  const c = fromHexBytes(am);
  if (a === null || b === null || c === null || b.length != c.length) return null;
  m.mrSigner = a;
  m.attributes = b;
  m.attributesMask = c;
  if (withLevels) {
    const lv = arrMember(v, "tcbLevels");
    if (lv === null || lv.length > TCB_MAX_LEVELS) return null;
    for (let i = 0; i < lv.length; i++) {
      const l = parseSvnLevel(lv[i]);
      if (l === null) return null;
      m.levels.push(l);
    }
  }
  return m;
}

function statusAndAdvisories(v: JsonValue, l: TcbLevel): bool {
  const st = strMember(v, "tcbStatus");
  if (st === null) return false;
  l.status = st;
  const date = strMember(v, "tcbDate");
  if (date !== null) {
    const t = parseIsoTime(date);
    if (t == TIME_INVALID) return false;
    l.tcbDate = t;
  }
  const adv = arrMember(v, "advisoryIDs");
  if (adv !== null) {
    for (let i = 0; i < adv.length; i++) {
      const a = stringOf(adv[i]);
      if (a === null) return false;
      l.advisories.push(a);
    }
  }
  return true;
}

// {tcb: {isvsvn}, tcbStatus, advisoryIDs?}
export function parseSvnLevel(v: JsonValue): TcbLevel | null {
  if (v.kind != JsonKind.Object) return null;
  const tcb = member(v, "tcb");
  if (tcb === null) return null;
  const l = new TcbLevel();
  const s = intMember(tcb, "isvsvn");
  if (s < 0 || s > 0xffff) return null;
  l.isvSvn = <i32>s;
  return statusAndAdvisories(v, l) ? l : null;
}

// {tcb: {sgxtcbcomponents[16]{svn}, pcesvn, tdxtcbcomponents[16]{svn}}, tcbStatus, advisoryIDs?}
function parsePlatformLevel(v: JsonValue): TcbLevel | null {
  if (v.kind != JsonKind.Object) return null;
  const tcb = member(v, "tcb");
  if (tcb === null) return null;
  const l = new TcbLevel();
  const sgx = arrMember(tcb, "sgxtcbcomponents");
  const tdx = arrMember(tcb, "tdxtcbcomponents");
  const pce = intMember(tcb, "pcesvn");
  if (sgx === null || tdx === null || sgx.length != 16 || tdx.length != 16 || pce < 0 || pce > 0xffff) return null;
  const sv = new Array<i32>(16);
  const tv = new Array<i32>(16);
  for (let i = 0; i < 16; i++) {
    const a = intMember(sgx[i], "svn");
    const b = intMember(tdx[i], "svn");
    if (a < 0 || a > 255 || b < 0 || b > 255) return null;
    sv[i] = <i32>a;
    tv[i] = <i32>b;
  }
  l.sgx = sv;
  l.tdx = tv;
  l.pceSvn = <i32>pce;
  return statusAndAdvisories(v, l) ? l : null;
}
