// One entry of the `policy` array. Blocks are untagged (spec migtd.md §3.1): MigTD tries the shapes
// in the order Platform, QE, TDXModule, MigTD and takes the first that reads completely; members a
// shape does not name are ignored. When none fits, the error reported is the one of the shape the
// block's keys point at.
import { JsonKind, JsonObject, JsonString, JsonValue } from "../json/value";
import { Block, BlockKind } from "./model";
import { ParseCtx, requireObject, structField, warnUnknownKeys } from "./parse_ctx";
import { parsePropertyMap } from "./parse_props";

export function parseBlock(ctx: ParseCtx, v: JsonValue, index: i32): Block | null {
  const path = "policy[" + index.toString() + "]";
  if (v.kind != JsonKind.Object) {
    ctx.fail(path, "a policy block must be an object, got " + v.kindName(), v.pos);
    return null;
  }
  const obj = <JsonObject>v;
  const attempts = new Array<ParseCtx>(4);
  for (let k = 0; k < 4; k++) {
    const c = new ParseCtx();
    const b = tryShape(c, obj, <BlockKind>k, index, path);
    if (b !== null && !c.failed) {
      for (let i = 0; i < c.warnings.length; i++) ctx.warnings.push(c.warnings[i]);
      return b;
    }
    attempts[k] = c;
  }
  const intended = intendedShape(obj);
  if (intended < 0) {
    let keys = new Array<string>();
    for (let i = 0; i < obj.members.length; i++) keys.push("\"" + obj.members[i].key + "\"");
    ctx.fail(path, "block matches no known shape: expected \"fmspc\"+\"Platform\", \"QE\", \"TDXModule\" or \"MigTD\"" +
      (keys.length > 0 ? " (found " + keys.join(", ") + ")" : " (empty object)"), obj.pos);
    return null;
  }
  const c = attempts[intended];
  ctx.fail(c.errorPath, c.error, c.errorPos);
  return null;
}

function intendedShape(obj: JsonObject): i32 {
  if (obj.count("Platform") > 0 || obj.count("fmspc") > 0) return BlockKind.Platform;
  if (obj.count("QE") > 0) return BlockKind.Qe;
  if (obj.count("TDXModule") > 0) return BlockKind.TdxModule;
  if (obj.count("MigTD") > 0) return BlockKind.MigTd;
  return -1;
}

function tryShape(c: ParseCtx, obj: JsonObject, kind: BlockKind, index: i32, path: string): Block | null {
  switch (kind) {
    case BlockKind.Platform: return platform(c, obj, index, path);
    case BlockKind.Qe: return nested(c, obj, kind, "QE", "QeIdentity", index, path);
    case BlockKind.TdxModule: return nested(c, obj, kind, "TDXModule", "TDXModule_Identity", index, path);
    default: return migtd(c, obj, index, path);
  }
}

// { "fmspc": "<12 hex | self>", "Platform": { "TcbInfo": { ... } } }
function platform(c: ParseCtx, obj: JsonObject, index: i32, path: string): Block | null {
  const fv = structField(c, obj, "fmspc", path);
  if (c.failed) return null;
  const pv = structField(c, obj, "Platform", path);
  if (c.failed) return null;
  if (fv === null) {
    const stray = new Array<string>();
    for (let i = 0; i < obj.members.length; i++) {
      const k = obj.members[i].key;
      if (k != "Platform") stray.push("\"" + k + "\"");
    }
    c.fail(path + ".fmspc", "missing" + (stray.length > 0 ? " (unexpected " + stray.join(", ") + ")" : ""), obj.pos);
    return null;
  }
  if (fv.kind != JsonKind.String) {
    c.fail(path + ".fmspc", "expected a string, got " + fv.kindName(), fv.pos);
    return null;
  }
  const pobj = requireObject(c, pv, path + ".Platform", obj.pos);
  if (pobj === null) return null;
  const tv = structField(c, pobj, "TcbInfo", path + ".Platform");
  if (c.failed) return null;
  const props = parsePropertyMap(c, tv, path + ".Platform.TcbInfo", pobj.pos);
  if (props === null) return null;
  warnUnknownKeys(c, obj, ["fmspc", "Platform"], path);
  warnUnknownKeys(c, pobj, ["TcbInfo"], path + ".Platform");
  const b = new Block(BlockKind.Platform, index, path);
  b.fmspc = (<JsonString>fv).value;
  b.props = props;
  return b;
}

// { "<outer>": { "<inner>": { ... } } } for QE and TDXModule blocks.
function nested(c: ParseCtx, obj: JsonObject, kind: BlockKind, outer: string, inner: string, index: i32, path: string): Block | null {
  const ov = structField(c, obj, outer, path);
  if (c.failed) return null;
  const oobj = requireObject(c, ov, path + "." + outer, obj.pos);
  if (oobj === null) return null;
  const iv = structField(c, oobj, inner, path + "." + outer);
  if (c.failed) return null;
  const props = parsePropertyMap(c, iv, path + "." + outer + "." + inner, oobj.pos);
  if (props === null) return null;
  warnUnknownKeys(c, obj, [outer], path);
  warnUnknownKeys(c, oobj, [inner], path + "." + outer);
  const b = new Block(kind, index, path);
  b.props = props;
  return b;
}

// { "MigTD": { "TDINFO": { ... }, "EventLog"?: { ... } } }  (EventLog: null counts as absent)
function migtd(c: ParseCtx, obj: JsonObject, index: i32, path: string): Block | null {
  const mv = structField(c, obj, "MigTD", path);
  if (c.failed) return null;
  const mobj = requireObject(c, mv, path + ".MigTD", obj.pos);
  if (mobj === null) return null;
  const tv = structField(c, mobj, "TDINFO", path + ".MigTD");
  if (c.failed) return null;
  const ev = structField(c, mobj, "EventLog", path + ".MigTD");
  if (c.failed) return null;
  const props = parsePropertyMap(c, tv, path + ".MigTD.TDINFO", mobj.pos);
  if (props === null) return null;
  const b = new Block(BlockKind.MigTd, index, path);
  b.props = props;
  if (ev !== null && ev.kind != JsonKind.Null) {
    const events = parsePropertyMap(c, ev, path + ".MigTD.EventLog", mobj.pos);
    if (events === null) return null;
    b.events = events;
  }
  warnUnknownKeys(c, obj, ["MigTD"], path);
  warnUnknownKeys(c, mobj, ["TDINFO", "EventLog"], path + ".MigTD");
  return b;
}
