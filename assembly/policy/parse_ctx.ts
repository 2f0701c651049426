// Shared state of one policy-parsing attempt: the first error (with the key path it concerns) and
// the warnings gathered on the way.
import { JsonKind, JsonObject, JsonValue } from "../json/value";

export class ParseCtx {
  error: string = "";
  errorPath: string = "";
  errorPos: i32 = -1;
  warnings: string[] = [];

  get failed(): bool {
    return this.errorPath.length > 0 || this.error.length > 0;
  }

  fail(path: string, message: string, pos: i32): void {
    if (this.failed) return;
    this.errorPath = path;
    this.error = message;
    this.errorPos = pos;
  }

  warn(path: string, message: string): void {
    this.warnings.push(path + ": " + message);
  }
}

// Member `key` of a fixed-shape object (a Rust struct field in MigTD): absent -> null; present
// twice -> an error, as serde rejects a duplicate field.
export function structField(ctx: ParseCtx, obj: JsonObject, key: string, path: string): JsonValue | null {
  const n = obj.count(key);
  if (n > 1) {
    ctx.fail(path + "." + key, "duplicate key \"" + key + "\"", obj.pos);
    return null;
  }
  return n == 0 ? null : obj.get(key);
}

export function requireObject(ctx: ParseCtx, v: JsonValue | null, path: string, parentPos: i32): JsonObject | null {
  if (v === null) {
    ctx.fail(path, "missing", parentPos);
    return null;
  }
  if (v.kind != JsonKind.Object) {
    ctx.fail(path, "expected an object, got " + v.kindName(), v.pos);
    return null;
  }
  return <JsonObject>v;
}

// Warns about members a fixed-shape object does not know (MigTD ignores them).
export function warnUnknownKeys(ctx: ParseCtx, obj: JsonObject, known: string[], path: string): void {
  for (let i = 0; i < obj.members.length; i++) {
    const k = obj.members[i].key;
    if (!known.includes(k)) ctx.warn(path, "unknown key \"" + k + "\" is ignored");
  }
}
