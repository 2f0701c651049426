// Reads policy items (`policy`, `forwardPolicy`, `backwardPolicy`; spec migtd.md §3.4) into
// model.ts. Unknown sections, properties and operations, and references of the wrong type for
// their operation, are errors: a rule this engine would not evaluate as written must not pass
// silently.
import { JsonArray, JsonKind, JsonNumber, JsonObject, JsonString, JsonValue } from "../json/value";
import { Op, Property, PolicyItem, Reference, RefKind, ValueType } from "./model";
import { isKnownStatus } from "../attest/collateral/status";

export class ItemsParse {
  items: PolicyItem[] = [];
  error: string = "";
  path: string = "";
}

class Spec {
  constructor(public section: string, public name: string, public type: ValueType) {}
}

const SPECS: Spec[] = [
  new Spec("global.tcb", "tcbDate", ValueType.Text),
  new Spec("global.tcb", "tcbStatusAccepted", ValueType.TcbStatus),
  new Spec("global.tcb", "tcbEvaluationDataNumber", ValueType.Integer),
  new Spec("global.platform", "fmspc", ValueType.Text),
  new Spec("global.crl", "pckCrlNum", ValueType.Integer),
  new Spec("global.crl", "rootCaCrlNum", ValueType.Integer),
  new Spec("servtd.migtdIdentity", "isvsvn", ValueType.Integer),
  new Spec("servtd.migtdIdentity", "tcbDate", ValueType.Text),
  new Spec("servtd.migtdIdentity", "tcbStatusAccepted", ValueType.ServtdStatus),
];

function specOf(section: string, name: string): Spec | null {
  for (let i = 0; i < SPECS.length; i++) if (SPECS[i].section == section && SPECS[i].name == name) return SPECS[i];
  return null;
}

function sectionKnown(section: string): bool {
  for (let i = 0; i < SPECS.length; i++) if (SPECS[i].section == section) return true;
  return false;
}

function fail(out: ItemsParse, path: string, msg: string): ItemsParse {
  out.error = msg;
  out.path = path;
  return out;
}

// u32 as the reference type is (§3.4: "reference": u32 | str | [u32] | [str]).
function u32Of(v: JsonValue): i64 {
  if (v.kind != JsonKind.Number) return -1;
  const n = <JsonNumber>v;
  if (!n.isU64() || n.magnitude > <u64>u32.MAX_VALUE) return -1;
  return <i64>n.magnitude;
}

function parseU32Text(s: string): i64 {
  if (s.length == 0 || s.length > 10) return -1;
  let v: i64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + <i64>(c - 48);
  }
  return v > <i64>u32.MAX_VALUE ? -1 : v;
}

function opOf(s: string): i32 {
  if (s == "equal") return Op.Equal;
  if (s == "greater-or-equal") return Op.GreaterOrEqual;
  if (s == "in-range" || s == "in-time-range") return Op.InRange;
  if (s == "subset") return Op.Subset;
  if (s == "allow-list") return Op.AllowList;
  if (s == "deny-list") return Op.DenyList;
  return -1;
}

// The reference for (type, op), or an error text.
function readReference(type: ValueType, op: Op, v: JsonValue, src: string, ref: Reference): string {
  ref.source = src;
  if (op == Op.Equal || op == Op.GreaterOrEqual) {
    if (v.kind == JsonKind.String) {
      const s = (<JsonString>v).value;
      if (s == "self" || s == "init") {
        if (type == ValueType.ServtdStatus) return "'" + s + "' is not a reference for a ServTD status";
        ref.kind = RefKind.Relative;
        ref.text = s;
        return "";
      }
      if (type == ValueType.Integer) return "an integer property needs a number, 'self' or 'init'";
      if ((type == ValueType.TcbStatus || type == ValueType.ServtdStatus) && !isKnownStatus(s)) return "unknown TCB status '" + s + "'";
      ref.kind = RefKind.Text;
      ref.text = s;
      return "";
    }
    if (type != ValueType.Integer) return "a text property needs a string reference";
    const n = u32Of(v);
    if (n < 0) return "reference is not a u32";
    ref.kind = RefKind.Integer;
    ref.int = n;
    return "";
  }
  if (op == Op.InRange) {
    if (type != ValueType.Integer) return "in-range applies to integer properties";
    if (v.kind != JsonKind.String) return "in-range needs a string \"a..b\"";
    const s = (<JsonString>v).value;
    const dots = s.indexOf("..");
    if (dots < 0 || s.indexOf("..", dots + 1) >= 0) return "range '" + s + "' is not \"a..b\"";
    const a = s.substring(0, dots);
    const b = s.substring(dots + 2);
    ref.kind = RefKind.Range;
    ref.lo = a.length == 0 ? 0 : parseU32Text(a);
    ref.hi = b.length == 0 ? <i64>u32.MAX_VALUE : parseU32Text(b);
    if (ref.lo < 0 || ref.hi < 0) return "range '" + s + "' has a bound that is not a u32";
    if (ref.lo > ref.hi) return "range '" + s + "' is empty";
    return "";
  }
  if (v.kind != JsonKind.Array) return "list operations need an array reference";
  const items = (<JsonArray>v).items;
  if (op == Op.Subset) {
    if (type != ValueType.Integer) return "subset applies to integer properties";
    ref.kind = RefKind.IntList;
    for (let i = 0; i < items.length; i++) {
      const n = u32Of(items[i]);
      if (n < 0) return "subset list item " + i.toString() + " is not a u32";
      ref.ints.push(n);
    }
    return "";
  }
  if (type == ValueType.Integer) return "allow-list/deny-list apply to text and status properties";
  ref.kind = RefKind.TextList;
  for (let i = 0; i < items.length; i++) {
    if (items[i].kind != JsonKind.String) return "list item " + i.toString() + " is not a string";
    const s = (<JsonString>items[i]).value;
    if ((type == ValueType.TcbStatus || type == ValueType.ServtdStatus) && !isKnownStatus(s)) return "unknown TCB status '" + s + "'";
    ref.texts.push(s);
  }
  return "";
}

function parseSection(out: ItemsParse, item: PolicyItem, section: string, path: string, v: JsonValue, src: Uint8Array): bool {
  if (v.kind != JsonKind.Object) {
    fail(out, path, "is not an object");
    return false;
  }
  const o = <JsonObject>v;
  const dup = o.firstDuplicate();
  if (dup !== null) {
    fail(out, path + "." + dup, "appears twice");
    return false;
  }
  for (let i = 0; i < o.members.length; i++) {
    const m = o.members[i];
    const ppath = path + "." + m.key;
    const spec = specOf(section, m.key);
    if (spec === null) {
      fail(out, ppath, "unknown property '" + m.key + "' in " + section);
      return false;
    }
    if (m.value.kind != JsonKind.Object) {
      fail(out, ppath, "is not an object {operation, reference}");
      return false;
    }
    const pv = <JsonObject>m.value;
    const opv = pv.get("operation");
    const refv = pv.get("reference");
    if (opv === null || opv.kind != JsonKind.String || refv === null || pv.members.length != 2) {
      fail(out, ppath, "needs exactly a string 'operation' and a 'reference'");
      return false;
    }
    const opText = (<JsonString>opv).value;
    const op = opOf(opText);
    if (op < 0) {
      fail(out, ppath + ".operation", "unknown operation '" + opText + "'");
      return false;
    }
    const ref = new Reference();
    const refSrc = String.UTF8.decode(src.slice(refv.pos, refv.end).buffer);
    const e = readReference(spec.type, <Op>op, refv, refSrc, ref);
    if (e.length > 0) {
      fail(out, ppath + ".reference", e);
      return false;
    }
    item.properties.push(new Property(ppath, section, m.key, spec.type, <Op>op, opText, ref));
  }
  return true;
}

// `arr` = the items array; `name` = its member name (for paths).
export function parseItems(arr: JsonValue, name: string, src: Uint8Array): ItemsParse {
  const out = new ItemsParse();
  if (arr.kind != JsonKind.Array) return fail(out, name, "is not an array");
  const items = (<JsonArray>arr).items;
  for (let i = 0; i < items.length; i++) {
    const ipath = name + "[" + i.toString() + "]";
    const it = items[i];
    if (it.kind != JsonKind.Object || (<JsonObject>it).members.length != 1) return fail(out, ipath, "must be {\"global\": ...} or {\"servtd\": ...}");
    const m = (<JsonObject>it).members[0];
    if (m.key != "global" && m.key != "servtd") return fail(out, ipath + "." + m.key, "unknown policy item kind '" + m.key + "'");
    if (m.value.kind != JsonKind.Object) return fail(out, ipath + "." + m.key, "is not an object");
    const item = new PolicyItem(ipath + "." + m.key, m.key);
    const body = <JsonObject>m.value;
    const dup = body.firstDuplicate();
    if (dup !== null) return fail(out, item.path + "." + dup, "appears twice");
    for (let k = 0; k < body.members.length; k++) {
      const sm = body.members[k];
      const section = m.key + "." + sm.key;
      if (!sectionKnown(section)) return fail(out, item.path + "." + sm.key, "unknown section '" + sm.key + "' in " + m.key);
      if (!parseSection(out, item, section, item.path + "." + sm.key, sm.value, src)) return out;
    }
    out.items.push(item);
  }
  return out;
}

// One item body on its own (e.g. {"tcb": ..., "platform": ...} for kind "global").
export function parseItemBody(v: JsonValue, kind: string, src: Uint8Array): ItemsParse {
  const out = new ItemsParse();
  if (v.kind != JsonKind.Object) return fail(out, kind, "is not an object");
  const item = new PolicyItem(kind, kind);
  const body = <JsonObject>v;
  for (let k = 0; k < body.members.length; k++) {
    const sm = body.members[k];
    const section = kind + "." + sm.key;
    if (!sectionKnown(section)) return fail(out, kind + "." + sm.key, "unknown section '" + sm.key + "' in " + kind);
    if (!parseSection(out, item, section, kind + "." + sm.key, sm.value, src)) return out;
  }
  out.items.push(item);
  return out;
}
