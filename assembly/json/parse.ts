// A strict RFC 8259 JSON parser for untrusted bytes. It never traps: every problem becomes a
// JsonError carrying the byte offset where it was found.
//
// Accepted: exactly one value, optionally surrounded by space/tab/CR/LF. Rejected: trailing
// commas, comments, single quotes, leading zeros, NaN/Infinity, raw control characters in strings,
// malformed UTF-8 (in or outside strings), lone UTF-16 surrogates in \u escapes (as serde_json
// does), a byte-order mark, and anything past limits.ts.
// Duplicate keys are kept, in order (see value.ts): the parser has no opinion about them.
import { ByteBuf } from "./bytebuf";
import { JSON_MAX_CONTAINER_ENTRIES, JSON_MAX_DEPTH, JSON_MAX_INPUT_BYTES } from "./limits";
import { utf8SequenceLength } from "./utf8";
import { hexDigit } from "../util/hex";
import {
  JsonArray, JsonBool, JsonMember, JsonNull, JsonNumber, JsonObject, JsonString, JsonValue,
} from "./value";

export class JsonError {
  constructor(public pos: i32, public message: string) {}

  toString(): string {
    return this.message + " at byte " + this.pos.toString();
  }
}

export class JsonParse {
  value: JsonValue | null = null;
  error: JsonError | null = null;
}

export function parseJson(bytes: Uint8Array): JsonParse {
  const out = new JsonParse();
  if (bytes.length > JSON_MAX_INPUT_BYTES) {
    out.error = new JsonError(0, "document larger than " + JSON_MAX_INPUT_BYTES.toString() + " bytes");
    return out;
  }
  const p = new Parser(bytes);
  p.skipWs();
  if (p.pos >= bytes.length) {
    out.error = new JsonError(p.pos, "empty document");
    return out;
  }
  const v = p.value(0);
  if (v !== null) {
    p.skipWs();
    if (p.pos < bytes.length) p.fail("trailing characters after the value");
  }
  if (p.err !== null) {
    out.error = p.err;
    return out;
  }
  out.value = v;
  return out;
}

const QUOTE: u8 = 0x22;
const BACKSLASH: u8 = 0x5c;

function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

function describe(c: u8): string {
  if (c >= 0x21 && c < 0x7f) return "'" + String.fromCharCode(c) + "'";
  return "byte 0x" + (<u32>c).toString(16);
}

class Parser {
  pos: i32 = 0;
  err: JsonError | null = null;

  constructor(public b: Uint8Array) {}

  fail(message: string, at: i32 = -1): JsonValue | null {
    if (this.err === null) this.err = new JsonError(at < 0 ? this.pos : at, message);
    return null;
  }

  // The hot loops below read b[pos] unchecked right after testing pos < n (n = b.length): the
  // test is the bounds check, made once instead of twice per byte.
  skipWs(): void {
    const b = this.b;
    const n = b.length;
    while (this.pos < n) {
      const c = unchecked(b[this.pos]);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.pos++;
    }
  }

  value(depth: i32): JsonValue | null {
    const v = this.anyValue(depth);
    if (v !== null) v.end = this.pos;
    return v;
  }

  private anyValue(depth: i32): JsonValue | null {
    this.skipWs();
    if (this.pos >= this.b.length) return this.fail("unexpected end of input");
    const c = this.b[this.pos];
    if (c == 0x7b) return this.object(depth + 1);
    if (c == 0x5b) return this.array(depth + 1);
    if (c == QUOTE) return this.string();
    if (c == 0x74) return this.literal("true", new JsonBool(this.pos, true));
    if (c == 0x66) return this.literal("false", new JsonBool(this.pos, false));
    if (c == 0x6e) return this.literal("null", new JsonNull(this.pos));
    if (c == 0x2d || isDigit(c)) return this.number();
    return this.fail("unexpected " + describe(c));
  }

  private literal(word: string, v: JsonValue): JsonValue | null {
    const n = word.length;
    if (this.pos + n > this.b.length) return this.fail("invalid literal");
    for (let i = 0; i < n; i++) {
      if (<i32>this.b[this.pos + i] != word.charCodeAt(i)) return this.fail("invalid literal", this.pos + i);
    }
    this.pos += n;
    return v;
  }

  private number(): JsonValue | null {
    const b = this.b;
    const start = this.pos;
    let negative = false;
    if (b[this.pos] == 0x2d) {
      negative = true;
      this.pos++;
    }
    if (this.pos >= b.length || !isDigit(b[this.pos])) return this.fail("digit expected in number");
    const intStart = this.pos;
    if (b[this.pos] == 0x30) {
      this.pos++;
    } else {
      while (this.pos < b.length && isDigit(b[this.pos])) this.pos++;
    }
    const intEnd = this.pos;
    let integral = true;
    if (this.pos < b.length && b[this.pos] == 0x2e) {
      integral = false;
      this.pos++;
      if (this.pos >= b.length || !isDigit(b[this.pos])) return this.fail("digit expected after '.'");
      while (this.pos < b.length && isDigit(b[this.pos])) this.pos++;
    }
    if (this.pos < b.length && (b[this.pos] == 0x65 || b[this.pos] == 0x45)) {
      integral = false;
      this.pos++;
      if (this.pos < b.length && (b[this.pos] == 0x2b || b[this.pos] == 0x2d)) this.pos++;
      if (this.pos >= b.length || !isDigit(b[this.pos])) return this.fail("digit expected in exponent");
      while (this.pos < b.length && isDigit(b[this.pos])) this.pos++;
    }
    const text = String.UTF8.decodeUnsafe(b.dataStart + <usize>start, <usize>(this.pos - start), false);
    const num = new JsonNumber(start, text);
    num.negative = negative;
    num.integral = integral;
    if (integral) {
      let v: u64 = 0;
      let fits = true;
      for (let i = intStart; i < intEnd; i++) {
        const d = <u64>(b[i] - 0x30);
        if (v > (U64.MAX_VALUE - d) / 10) {
          fits = false;
          break;
        }
        v = v * 10 + d;
      }
      num.fitsU64 = fits;
      num.magnitude = fits ? v : 0;
    }
    return num;
  }

  private string(): JsonValue | null {
    const b = this.b;
    const open = this.pos;
    this.pos++;
    let runStart = this.pos;
    let buf: ByteBuf | null = null;
    const n = b.length;
    while (true) {
      if (this.pos >= n) return this.fail("unterminated string", open);
      const c = unchecked(b[this.pos]);
      if (c == QUOTE) break;
      if (c == BACKSLASH) {
        if (buf === null) buf = new ByteBuf();
        buf.pushRange(b, runStart, this.pos);
        if (!this.escape(buf)) return null;
        runStart = this.pos;
        continue;
      }
      if (c < 0x20) return this.fail("control character in string");
      if (c < 0x80) {
        this.pos++;
        continue;
      }
      const n = utf8SequenceLength(b, this.pos);
      if (n == 0) return this.fail("invalid UTF-8 in string");
      this.pos += n;
    }
    let value: string;
    if (buf === null) {
      value = String.UTF8.decodeUnsafe(b.dataStart + <usize>runStart, <usize>(this.pos - runStart), false);
    } else {
      buf.pushRange(b, runStart, this.pos);
      value = buf.toUtf8String();
    }
    this.pos++; // closing quote
    return new JsonString(open, value, buf !== null);
  }

  // At a backslash: decodes one escape into buf and advances past it; false on error.
  private escape(buf: ByteBuf): bool {
    const b = this.b;
    const at = this.pos;
    if (this.pos + 1 >= b.length) {
      this.fail("unterminated escape", at);
      return false;
    }
    const e = b[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case 0x22: buf.push(0x22); return true;
      case 0x5c: buf.push(0x5c); return true;
      case 0x2f: buf.push(0x2f); return true;
      case 0x62: buf.push(0x08); return true;
      case 0x66: buf.push(0x0c); return true;
      case 0x6e: buf.push(0x0a); return true;
      case 0x72: buf.push(0x0d); return true;
      case 0x74: buf.push(0x09); return true;
      case 0x75: break;
      default:
        this.fail("invalid escape", at);
        return false;
    }
    const hi = this.hex4();
    if (hi < 0) {
      this.fail("invalid \\u escape", at);
      return false;
    }
    let cp = <u32>hi;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
      this.fail("lone low surrogate in \\u escape", at);
      return false;
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (this.pos + 1 >= b.length || b[this.pos] != BACKSLASH || b[this.pos + 1] != 0x75) {
        this.fail("lone high surrogate in \\u escape", at);
        return false;
      }
      this.pos += 2;
      const lo = this.hex4();
      if (lo < 0xdc00 || lo > 0xdfff) {
        this.fail("high surrogate not followed by a low surrogate", at);
        return false;
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (<u32>lo - 0xdc00);
    }
    buf.pushCodePoint(cp);
    return true;
  }

  // Four hex digits at pos (advancing past them), or -1.
  private hex4(): i32 {
    if (this.pos + 4 > this.b.length) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexDigit(<i32>this.b[this.pos + i]);
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    this.pos += 4;
    return v;
  }

  private array(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting deeper than " + JSON_MAX_DEPTH.toString());
    const arr = new JsonArray(this.pos);
    this.pos++;
    this.skipWs();
    if (this.pos < this.b.length && this.b[this.pos] == 0x5d) {
      this.pos++;
      return arr;
    }
    while (true) {
      const v = this.value(depth);
      if (v === null) return null;
      if (arr.items.length >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many array items");
      arr.items.push(v);
      this.skipWs();
      if (this.pos >= this.b.length) return this.fail("unterminated array", arr.pos);
      const c = this.b[this.pos];
      if (c == 0x5d) {
        this.pos++;
        return arr;
      }
      if (c != 0x2c) return this.fail("expected ',' or ']' in array");
      this.pos++;
      this.skipWs();
      if (this.pos < this.b.length && this.b[this.pos] == 0x5d) return this.fail("trailing comma in array");
    }
  }

  private object(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting deeper than " + JSON_MAX_DEPTH.toString());
    const obj = new JsonObject(this.pos);
    this.pos++;
    this.skipWs();
    if (this.pos < this.b.length && this.b[this.pos] == 0x7d) {
      this.pos++;
      return obj;
    }
    while (true) {
      this.skipWs();
      if (this.pos >= this.b.length) return this.fail("unterminated object", obj.pos);
      if (this.b[this.pos] != QUOTE) return this.fail("object key must be a string");
      const keyPos = this.pos;
      const key = this.string();
      if (key === null) return null;
      this.skipWs();
      if (this.pos >= this.b.length || this.b[this.pos] != 0x3a) return this.fail("expected ':' after object key");
      this.pos++;
      const v = this.value(depth);
      if (v === null) return null;
      if (obj.members.length >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many object members");
      obj.members.push(new JsonMember((<JsonString>key).value, keyPos, v));
      this.skipWs();
      if (this.pos >= this.b.length) return this.fail("unterminated object", obj.pos);
      const c = this.b[this.pos];
      if (c == 0x7d) {
        this.pos++;
        return obj;
      }
      if (c != 0x2c) return this.fail("expected ',' or '}' in object");
      this.pos++;
      this.skipWs();
      if (this.pos < this.b.length && this.b[this.pos] == 0x7d) return this.fail("trailing comma in object");
    }
  }
}
