// Reading a property's `reference` (spec migtd.md §3.2). The JSON type decides the kind:
// integer -> Integer; array of bytes -> Array; "self" -> Local; "a..b" -> IntegerRange; any other
// string -> String. Anything else (negative or fractional numbers, integers above u64, arrays with
// non-byte items, booleans, null, objects) makes the policy invalid, as in MigTD.
import { JsonArray, JsonKind, JsonNumber, JsonString, JsonValue } from "../json/value";
import { stringifyJson } from "../json/write";
import { RefKind, Reference } from "./model";

export class RefParse {
  ref: Reference | null = null;
  error: string = "";
}

function refError(msg: string): RefParse {
  const r = new RefParse();
  r.error = msg;
  return r;
}

export function parseReference(v: JsonValue): RefParse {
  const ref = new Reference();
  ref.json = stringifyJson(v);
  if (v.kind == JsonKind.Number) {
    const n = <JsonNumber>v;
    if (!n.isU64()) return refError("a numeric reference must be a non-negative integer below 2^64, got " + n.text);
    ref.kind = RefKind.Integer;
    ref.integer = n.magnitude;
  } else if (v.kind == JsonKind.String) {
    const s = (<JsonString>v).value;
    if (s == "self") {
      ref.kind = RefKind.Local;
    } else if (parseRange(s, ref)) {
      ref.kind = RefKind.IntegerRange;
    } else {
      ref.kind = RefKind.String;
      ref.text = s;
    }
  } else if (v.kind == JsonKind.Array) {
    const a = <JsonArray>v;
    const bytes = new Uint8Array(a.items.length);
    for (let i = 0; i < a.items.length; i++) {
      const item = a.items[i];
      if (item.kind != JsonKind.Number || !(<JsonNumber>item).isU64() || (<JsonNumber>item).magnitude > 255) {
        return refError("array reference item " + i.toString() + " is not a byte (0..255)");
      }
      bytes[i] = <u8>(<JsonNumber>item).magnitude;
    }
    ref.kind = RefKind.Array;
    ref.bytes = bytes;
  } else {
    return refError("reference must be an integer, a string or an array of bytes, got " + v.kindName());
  }
  const out = new RefParse();
  out.ref = ref;
  return out;
}

// "a..b" with exactly one ".." separator (split left to right); an empty bound means 0 / u64::MAX;
// a bound is an optional '+' then decimal digits that fit u64. Anything else is not a range (and
// the reference is then a plain String).
export function parseRange(s: string, ref: Reference): bool {
  const parts = s.split("..");
  if (parts.length != 2) return false;
  const lo = parseBound(parts[0], 0);
  const hi = parseBound(parts[1], U64.MAX_VALUE);
  if (!lo.ok || !hi.ok) return false;
  ref.rangeStart = lo.value;
  ref.rangeEnd = hi.value;
  return true;
}

class Bound {
  constructor(public ok: bool, public value: u64) {}
}

function parseBound(s: string, empty: u64): Bound {
  if (s.length == 0) return new Bound(true, empty);
  let i = s.charCodeAt(0) == 0x2b ? 1 : 0;
  if (i >= s.length) return new Bound(false, 0);
  let v: u64 = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return new Bound(false, 0);
    const d = <u64>(c - 0x30);
    if (v > (U64.MAX_VALUE - d) / 10) return new Bound(false, 0);
    v = v * 10 + d;
  }
  return new Bound(true, v);
}
