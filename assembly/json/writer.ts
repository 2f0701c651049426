// The one JSON writer of the core: compact text built member by member (the library API's results,
// the policy verdict). Strings are quoted by write.ts (RFC 8259 §7); binary values are lowercase hex.
// Containers nest: begin*/end* pairs, with a key inside an object and without one inside an array.
import { toHexJson } from "../util/hex";
import { quoteJson, quoteJsonKey } from "./write";

export class JsonWriter {
  private parts: string[] = [];
  // One entry per open container: true until its first member is written.
  private first: bool[] = [true];

  private sep(): void {
    const n = this.first.length - 1;
    if (this.first[n]) this.first[n] = false;
    else this.parts.push(",");
  }

  private keyed(k: string): void {
    this.sep();
    this.parts.push(quoteJsonKey(k));
  }

  private open(k: string | null, bracket: string): JsonWriter {
    if (k !== null) this.keyed(k);
    else if (this.first.length > 1) this.sep();
    this.parts.push(bracket);
    this.first.push(true);
    return this;
  }

  private close(bracket: string): JsonWriter {
    this.first.pop();
    this.parts.push(bracket);
    return this;
  }

  beginObject(k: string | null = null): JsonWriter { return this.open(k, "{"); }
  endObject(): JsonWriter { return this.close("}"); }
  beginArray(k: string | null = null): JsonWriter { return this.open(k, "["); }
  endArray(): JsonWriter { return this.close("]"); }

  // `json` must already be valid JSON text.
  raw(k: string, json: string): JsonWriter {
    this.keyed(k);
    this.parts.push(json);
    return this;
  }

  str(k: string, v: string): JsonWriter { return this.raw(k, quoteJson(v)); }
  strOrNull(k: string, v: string | null): JsonWriter { return this.raw(k, v === null ? "null" : quoteJson(v)); }
  hex(k: string, v: Uint8Array): JsonWriter { return this.raw(k, toHexJson(v)); }
  int(k: string, v: i64): JsonWriter { return this.raw(k, v.toString()); }
  bool(k: string, v: bool): JsonWriter { return this.raw(k, v ? "true" : "false"); }
  nul(k: string): JsonWriter { return this.raw(k, "null"); }

  // Integral values print without a fraction; NaN and infinities become null.
  num(k: string, v: f64): JsonWriter {
    return this.raw(k, isFinite(v) ? (v == Math.floor(v) && Math.abs(v) < 9e15 ? (<i64>v).toString() : v.toString()) : "null");
  }

  // Array elements.
  itemStr(v: string): JsonWriter {
    this.sep();
    this.parts.push(quoteJson(v));
    return this;
  }

  itemHex(v: Uint8Array): JsonWriter {
    this.sep();
    this.parts.push(toHexJson(v));
    return this;
  }

  toString(): string {
    return this.parts.join("");
  }
}
