// Property maps (TcbInfo, QeIdentity, TDXModule_Identity, TDINFO, EventLog): name -> {operation,
// reference} (spec migtd.md §3.1). MigTD reads each map into an ordered map keyed by name, so the
// properties are evaluated in byte order of their names, and of two equal names the later wins
// (every value must still be valid).
import { JsonKind, JsonObject, JsonString, JsonValue } from "../json/value";
import { Op, opFromName, Property } from "./model";
import { parseReference } from "./reference";
import { ParseCtx, requireObject, structField } from "./parse_ctx";

export function parsePropertyMap(ctx: ParseCtx, v: JsonValue | null, path: string, parentPos: i32): Property[] | null {
  const obj = requireObject(ctx, v, path, parentPos);
  if (obj === null) return null;
  const out = new Array<Property>();
  for (let i = 0; i < obj.members.length; i++) {
    const m = obj.members[i];
    const p = parseProperty(ctx, m.value, path + "." + m.key, m.key);
    if (p === null) return null;
    let replaced = false;
    for (let j = 0; j < out.length; j++) {
      if (out[j].name == m.key) {
        ctx.warn(path, "\"" + m.key + "\" appears more than once; the last one is used");
        out[j] = p;
        replaced = true;
      }
    }
    if (!replaced) out.push(p);
  }
  out.sort((a: Property, b: Property): i32 => compareCodePoints(a.name, b.name));
  return out;
}

function parseProperty(ctx: ParseCtx, v: JsonValue, path: string, name: string): Property | null {
  if (v.kind != JsonKind.Object) {
    ctx.fail(path, "expected {\"operation\", \"reference\"}, got " + v.kindName(), v.pos);
    return null;
  }
  const obj = <JsonObject>v;
  const opv = structField(ctx, obj, "operation", path);
  if (ctx.failed) return null;
  const refv = structField(ctx, obj, "reference", path);
  if (ctx.failed) return null;
  if (opv === null) {
    ctx.fail(path + ".operation", "missing", obj.pos);
    return null;
  }
  if (opv.kind != JsonKind.String) {
    ctx.fail(path + ".operation", "expected a string, got " + opv.kindName(), opv.pos);
    return null;
  }
  const ops = <JsonString>opv;
  // MigTD borrows the operation text from the input, which fails for escaped strings.
  const op = ops.escaped ? -1 : opFromName(ops.value);
  if (op < 0) {
    ctx.fail(path + ".operation", "unknown operation \"" + ops.value + "\"", opv.pos);
    return null;
  }
  if (refv === null) {
    ctx.fail(path + ".reference", "missing", obj.pos);
    return null;
  }
  const r = parseReference(refv);
  if (r.ref === null) {
    ctx.fail(path + ".reference", r.error, refv.pos);
    return null;
  }
  return new Property(name, <Op>op, r.ref!, path);
}

// Unicode code point order, which is the byte order of the UTF-8 encodings.
export function compareCodePoints(a: string, b: string): i32 {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i);
    const cb = b.codePointAt(j);
    if (ca != cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return 0;
}
