// A small JSON writer for the library API's results (the CLI and tests parse them). Strings are
// escaped per RFC 8259 §7; binary values are written as lowercase hex.
import { toHex } from "../util/hex";

export class JsonWriter {
  private parts: string[] = [];
  private first: bool[] = [true];

  private sep(): void {
    const n = this.first.length - 1;
    if (this.first[n]) this.first[n] = false;
    else this.parts.push(",");
  }

  private keyed(k: string): void {
    this.sep();
    this.parts.push(quote(k) + ":");
  }

  beginObject(k: string | null = null): JsonWriter {
    if (k !== null) this.keyed(k);
    else if (this.first.length > 1) this.sep();
    this.parts.push("{");
    this.first.push(true);
    return this;
  }

  endObject(): JsonWriter {
    this.first.pop();
    this.parts.push("}");
    return this;
  }

  beginArray(k: string | null = null): JsonWriter {
    if (k !== null) this.keyed(k);
    else if (this.first.length > 1) this.sep();
    this.parts.push("[");
    this.first.push(true);
    return this;
  }

  endArray(): JsonWriter {
    return this.endObject().fixArray();
  }

  private fixArray(): JsonWriter {
    this.parts[this.parts.length - 1] = "]";
    return this;
  }

  str(k: string, v: string): JsonWriter {
    this.keyed(k);
    this.parts.push(quote(v));
    return this;
  }

  strOrNull(k: string, v: string | null): JsonWriter {
    this.keyed(k);
    this.parts.push(v === null ? "null" : quote(v));
    return this;
  }

  hex(k: string, v: Uint8Array): JsonWriter {
    return this.str(k, toHex(v));
  }

  num(k: string, v: f64): JsonWriter {
    this.keyed(k);
    this.parts.push(isFinite(v) ? (v == Math.floor(v) && Math.abs(v) < 9e15 ? (<i64>v).toString() : v.toString()) : "null");
    return this;
  }

  bool(k: string, v: bool): JsonWriter {
    this.keyed(k);
    this.parts.push(v ? "true" : "false");
    return this;
  }

  nul(k: string): JsonWriter {
    this.keyed(k);
    this.parts.push("null");
    return this;
  }

  // Array elements.
  itemStr(v: string): JsonWriter {
    this.sep();
    this.parts.push(quote(v));
    return this;
  }

  itemHex(v: Uint8Array): JsonWriter {
    return this.itemStr(toHex(v));
  }

  toString(): string {
    return this.parts.join("");
  }
}

export function quote(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 34) out += "\\\"";
    else if (c == 92) out += "\\\\";
    else if (c == 10) out += "\\n";
    else if (c == 13) out += "\\r";
    else if (c == 9) out += "\\t";
    else if (c < 0x20) out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}
