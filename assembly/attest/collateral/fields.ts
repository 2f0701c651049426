// Reading collateral members out of a parsed JSON tree (assembly/json/). Every accessor answers
// null (or i64.MIN_VALUE) when the member is absent or of another kind, so a reader can fetch a
// group of fields and check once. Collateral takes the first member of a name: Intel PCS documents
// have no duplicates, and the signed bytes are checked separately.
import { parseJson } from "../../json/parse";
import { JsonArray, JsonKind, JsonNumber, JsonObject, JsonString, JsonValue } from "../../json/value";

export class CollateralJson {
  value: JsonValue | null = null;
  error: string = "";
}

export function parseCollateralJson(src: Uint8Array): CollateralJson {
  const j = parseJson(src);
  const out = new CollateralJson();
  const e = j.error;
  if (e !== null) out.error = "JSON: " + e.toString();
  else out.value = j.value;
  return out;
}

export function member(v: JsonValue, key: string): JsonValue | null {
  if (v.kind != JsonKind.Object) return null;
  const ms = (<JsonObject>v).members;
  for (let i = 0; i < ms.length; i++) if (ms[i].key == key) return ms[i].value;
  return null;
}

export function stringOf(v: JsonValue): string | null {
  return v.kind == JsonKind.String ? (<JsonString>v).value : null;
}

// A string's UTF-8 bytes (see JsonString.bytes: possibly a view of the document), or null.
export function bytesOfString(v: JsonValue): Uint8Array | null {
  return v.kind == JsonKind.String ? (<JsonString>v).bytes : null;
}

// The same, as bytes the caller owns (a copy when they are a view of the document).
export function ownedBytesOfString(v: JsonValue): Uint8Array | null {
  if (v.kind != JsonKind.String) return null;
  const s = <JsonString>v;
  return s.escaped ? s.bytes : s.bytes.slice();
}

// Integers up to 2^53 are exact in f64, so a plain integer literal that small has the value its
// digits say: parseFloat of its text would give the same number.
const EXACT_INT_MAX: u64 = 1 << 53;

// The value of a number (NaN for other kinds).
export function numberOf(v: JsonValue): f64 {
  if (v.kind != JsonKind.Number) return NaN;
  const n = <JsonNumber>v;
  if (n.integral && n.fitsU64 && n.magnitude <= EXACT_INT_MAX) {
    const m = <f64>n.magnitude;
    return n.negative ? -m : m;
  }
  return parseFloat(n.text);
}

export function itemsOf(v: JsonValue): JsonValue[] | null {
  return v.kind == JsonKind.Array ? (<JsonArray>v).items : null;
}

export function strMember(v: JsonValue, key: string): string | null {
  const m = member(v, key);
  return m === null ? null : stringOf(m);
}

export function bytesMember(v: JsonValue, key: string): Uint8Array | null {
  const m = member(v, key);
  return m === null ? null : bytesOfString(m);
}

export function ownedBytesMember(v: JsonValue, key: string): Uint8Array | null {
  const m = member(v, key);
  return m === null ? null : ownedBytesOfString(m);
}

// An integral number member within ±9e15, or i64.MIN_VALUE.
export function intMember(v: JsonValue, key: string): i64 {
  const m = member(v, key);
  if (m === null) return i64.MIN_VALUE;
  const n = numberOf(m);
  if (isNaN(n) || n != Math.floor(n) || Math.abs(n) > 9e15) return i64.MIN_VALUE;
  return <i64>n;
}

export function arrMember(v: JsonValue, key: string): JsonValue[] | null {
  const m = member(v, key);
  return m === null ? null : itemsOf(m);
}
