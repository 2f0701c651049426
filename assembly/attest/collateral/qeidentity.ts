// Intel QE identity (Intel PCS "Enclave Identity" v2, id "TD_QE" for TDX quotes).
import { JsonKind } from "../../json/value";
import { arrMember, bytesMember, intMember, parseCollateralJson, strMember } from "./fields";
import { fromHexBytes } from "../../util/hex";
import { parseIsoTime, TIME_INVALID } from "../../der/time";
import { TcbLevel, parseSvnLevel, TCB_MAX_LEVELS } from "./tcbinfo";

export class QeIdentity {
  id: string = "";
  issueDate: i64 = 0;
  nextUpdate: i64 = 0;
  miscSelect: u32 = 0;
  miscSelectMask: u32 = 0;
  attributes: Uint8Array = new Uint8Array(0); // 16
  attributesMask: Uint8Array = new Uint8Array(0); // 16
  mrSigner: Uint8Array = new Uint8Array(0); // 32
  isvProdId: i64 = 0;
  levels: TcbLevel[] = [];
}

export class QeIdentityParse {
  identity: QeIdentity | null = null;
  error: string = "";
}

function failed(msg: string): QeIdentityParse {
  const p = new QeIdentityParse();
  p.error = "QE identity: " + msg;
  return p;
}

function u32Hex(s: Uint8Array | null): i64 {
  if (s === null) return -1;
  const b = fromHexBytes(s);
  if (b === null || b.length != 4) return -1;
  // The JSON writes MISCSELECT as a big-endian hex u32 (Intel QVL reads it that way); the QE
  // report holds the same value little-endian.
  return (<i64>b[0] << 24) | (<i64>b[1] << 16) | (<i64>b[2] << 8) | <i64>b[3];
}

export function parseQeIdentity(body: Uint8Array): QeIdentityParse {
  const j = parseCollateralJson(body);
  const v = j.value;
  if (v === null) return failed(j.error);
  if (v.kind != JsonKind.Object) return failed("not an object");
  const q = new QeIdentity();
  const id = strMember(v, "id");
  q.id = id === null ? "" : id;
  const iss = strMember(v, "issueDate");
  const nxt = strMember(v, "nextUpdate");
  if (iss === null || nxt === null) return failed("missing dates");
  q.issueDate = parseIsoTime(iss);
  q.nextUpdate = parseIsoTime(nxt);
  if (q.issueDate == TIME_INVALID || q.nextUpdate == TIME_INVALID) return failed("bad date");
  const ms = u32Hex(bytesMember(v, "miscselect"));
  const mm = u32Hex(bytesMember(v, "miscselectMask"));
  if (ms < 0 || mm < 0) return failed("bad miscselect");
  q.miscSelect = <u32>ms;
  q.miscSelectMask = <u32>mm;
  const at = bytesMember(v, "attributes");
  const am = bytesMember(v, "attributesMask");
  const sg = bytesMember(v, "mrsigner");
  if (at === null || am === null || sg === null) return failed("missing attributes/mrsigner");
  const a = fromHexBytes(at);
  const b = fromHexBytes(am);
  const c = fromHexBytes(sg);
  if (a === null || b === null || c === null || a.length != 16 || b.length != 16 || c.length != 32) return failed("bad attributes/mrsigner");
  q.attributes = a;
  q.attributesMask = b;
  q.mrSigner = c;
  q.isvProdId = intMember(v, "isvprodid");
  const lv = arrMember(v, "tcbLevels");
  if (lv === null || lv.length == 0 || lv.length > TCB_MAX_LEVELS) return failed("tcbLevels missing");
  for (let i = 0; i < lv.length; i++) {
    const l = parseSvnLevel(lv[i]);
    if (l === null) return failed("bad tcbLevels entry");
    q.levels.push(l);
  }
  const out = new QeIdentityParse();
  out.identity = q;
  return out;
}
