// A strict RFC 8259 JSON parser for untrusted bytes. It never traps: every problem becomes a
// JsonError carrying the byte offset where it was found.
//
// Accepted: exactly one value, optionally surrounded by space/tab/CR/LF. Rejected: trailing
// commas, comments, single quotes, leading zeros, NaN/Infinity, raw control characters in strings,
// malformed UTF-8 (in or outside strings), lone UTF-16 surrogates in \u escapes (as serde_json
// does), a byte-order mark, and anything past limits.ts.
// Duplicate keys are kept, in order (see value.ts): the parser has no opinion about them.
import { JSON_MAX_CONTAINER_ENTRIES, JSON_MAX_DEPTH, JSON_MAX_INPUT_BYTES } from "./limits";
import { utf8SequenceLengthAt } from "./utf8";
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
const NO_BYTES = new Uint8Array(0);
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
  // The input's bytes are read with plain loads from `base`: every load below sits behind a test
  // against `n` (the input length), which is the bounds check, made once per byte instead of the
  // two a checked Uint8Array read would add.
  private base: usize;
  private n: i32;
  // Decoded bytes of the current string when it has escapes (reused from string to string).
  private scratch: Uint8Array = NO_BYTES;
  private scratchLen: i32 = 0;

  constructor(public b: Uint8Array) {
    this.base = b.dataStart;
    this.n = b.length;
  }

  fail(message: string, at: i32 = -1): JsonValue | null {
    if (this.err === null) this.err = new JsonError(at < 0 ? this.pos : at, message);
    return null;
  }

  @inline private at(i: i32): u8 {
    return load<u8>(this.base + <usize>i);
  }

  skipWs(): void {
    const base = this.base;
    const n = this.n;
    let pos = this.pos;
    while (pos < n) {
      const c = load<u8>(base + <usize>pos);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      pos++;
    }
    this.pos = pos;
  }

  value(depth: i32): JsonValue | null {
    const v = this.anyValue(depth);
    if (v !== null) v.end = this.pos;
    return v;
  }

  private anyValue(depth: i32): JsonValue | null {
    this.skipWs();
    if (this.pos >= this.n) return this.fail("unexpected end of input");
    const c = this.at(this.pos);
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
    if (this.pos + n > this.n) return this.fail("invalid literal");
    for (let i = 0; i < n; i++) {
      if (<i32>this.at(this.pos + i) != word.charCodeAt(i)) return this.fail("invalid literal", this.pos + i);
    }
    this.pos += n;
    return v;
  }

  private number(): JsonValue | null {
    const n = this.n;
    const start = this.pos;
    let pos = start;
    let negative = false;
    if (this.at(pos) == 0x2d) {
      negative = true;
      pos++;
    }
    if (pos >= n || !isDigit(this.at(pos))) {
      this.pos = pos;
      return this.fail("digit expected in number");
    }
    const intStart = pos;
    if (this.at(pos) == 0x30) {
      pos++;
    } else {
      while (pos < n && isDigit(this.at(pos))) pos++;
    }
    const intEnd = pos;
    let integral = true;
    if (pos < n && this.at(pos) == 0x2e) {
      integral = false;
      pos++;
      if (pos >= n || !isDigit(this.at(pos))) {
        this.pos = pos;
        return this.fail("digit expected after '.'");
      }
      while (pos < n && isDigit(this.at(pos))) pos++;
    }
    if (pos < n && (this.at(pos) == 0x65 || this.at(pos) == 0x45)) {
      integral = false;
      pos++;
      if (pos < n && (this.at(pos) == 0x2b || this.at(pos) == 0x2d)) pos++;
      if (pos >= n || !isDigit(this.at(pos))) {
        this.pos = pos;
        return this.fail("digit expected in exponent");
      }
      while (pos < n && isDigit(this.at(pos))) pos++;
    }
    this.pos = pos;
    const num = new JsonNumber(start, this.b.subarray(start, pos));
    num.negative = negative;
    num.integral = integral;
    if (integral) {
      let v: u64 = 0;
      let fits = true;
      for (let i = intStart; i < intEnd; i++) {
        const d = <u64>(this.at(i) - 0x30);
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

  // Scans the string at pos (an opening quote) and leaves pos past its closing quote. Returns the
  // index of its first content byte and -1 on error; the content is [start, pos - 1) of the input
  // when it has no escapes (`scratchLen` = -1), or else scratch[0 .. scratchLen) decoded.
  private scanString(): i32 {
    // Locals, not fields, in the loops: a field read goes through memory on every byte.
    const base = this.base;
    const n = this.n;
    const open = this.pos;
    let pos = open + 1;
    const start = pos;
    this.scratchLen = -1;
    // Strings without escapes (nearly all) are only validated: no copy, no decoding.
    while (true) {
      if (pos >= n) {
        this.fail("unterminated string", open);
        return -1;
      }
      const c = load<u8>(base + <usize>pos);
      if (c >= 0x20 && c < 0x80 && c != QUOTE && c != BACKSLASH) {
        pos++;
        continue;
      }
      if (c == QUOTE) {
        this.pos = pos + 1;
        return start;
      }
      if (c == BACKSLASH) break;
      if (c < 0x20) {
        this.pos = pos;
        this.fail("control character in string");
        return -1;
      }
      const l = utf8SequenceLengthAt(base, pos, n);
      if (l == 0) {
        this.pos = pos;
        this.fail("invalid UTF-8 in string");
        return -1;
      }
      pos += l;
    }
    // At the first escape: decode into scratch from here on. The decoded text is never longer
    // than the source text it comes from, so each step reserves at most what it consumed.
    this.scratchLen = 0;
    let runStart = start;
    while (true) {
      if (pos >= n) {
        this.fail("unterminated string", open);
        return -1;
      }
      const c = load<u8>(base + <usize>pos);
      if (c >= 0x20 && c < 0x80 && c != QUOTE && c != BACKSLASH) {
        pos++;
        continue;
      }
      if (c == QUOTE) break;
      if (c == BACKSLASH) {
        this.putRange(runStart, pos);
        this.pos = pos;
        if (!this.escape()) return -1;
        pos = this.pos;
        runStart = pos;
        continue;
      }
      if (c < 0x20) {
        this.pos = pos;
        this.fail("control character in string");
        return -1;
      }
      const l = utf8SequenceLengthAt(base, pos, n);
      if (l == 0) {
        this.pos = pos;
        this.fail("invalid UTF-8 in string");
        return -1;
      }
      pos += l;
    }
    this.putRange(runStart, pos);
    this.pos = pos + 1;
    return start;
  }

  private string(): JsonValue | null {
    const open = this.pos;
    const start = this.scanString();
    if (start < 0) return null;
    if (this.scratchLen < 0) return new JsonString(open, this.b.subarray(start, this.pos - 1), false);
    return new JsonString(open, this.scratch.slice(0, this.scratchLen), true);
  }

  // An object key: the same grammar as a string, made straight into a string.
  private key(): string | null {
    const start = this.scanString();
    if (start < 0) return null;
    if (this.scratchLen < 0) return String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(this.pos - 1 - start), false);
    return String.UTF8.decodeUnsafe(this.scratch.dataStart, <usize>this.scratchLen, false);
  }

  private reserve(extra: i32): void {
    const need = this.scratchLen + extra;
    if (need <= this.scratch.length) return;
    let cap = max(this.scratch.length << 1, 256);
    while (cap < need) cap <<= 1;
    const grown = new Uint8Array(cap);
    memory.copy(grown.dataStart, this.scratch.dataStart, <usize>this.scratchLen);
    this.scratch = grown;
  }

  private putRange(from: i32, to: i32): void {
    const k = to - from;
    if (k <= 0) return;
    this.reserve(k);
    memory.copy(this.scratch.dataStart + <usize>this.scratchLen, this.base + <usize>from, <usize>k);
    this.scratchLen += k;
  }

  private put(c: u32): void {
    this.reserve(1);
    store<u8>(this.scratch.dataStart + <usize>this.scratchLen, <u8>c);
    this.scratchLen++;
  }

  // Appends the UTF-8 encoding of a Unicode scalar value (cp <= 0x10FFFF, not a surrogate).
  private putCodePoint(cp: u32): void {
    if (cp < 0x80) {
      this.put(cp);
    } else if (cp < 0x800) {
      this.put(0xc0 | (cp >> 6));
      this.put(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      this.put(0xe0 | (cp >> 12));
      this.put(0x80 | ((cp >> 6) & 0x3f));
      this.put(0x80 | (cp & 0x3f));
    } else {
      this.put(0xf0 | (cp >> 18));
      this.put(0x80 | ((cp >> 12) & 0x3f));
      this.put(0x80 | ((cp >> 6) & 0x3f));
      this.put(0x80 | (cp & 0x3f));
    }
  }

  // At a backslash: decodes one escape into scratch and advances past it; false on error.
  private escape(): bool {
    const at = this.pos;
    if (this.pos + 1 >= this.n) {
      this.fail("unterminated escape", at);
      return false;
    }
    const e = this.at(this.pos + 1);
    this.pos += 2;
    switch (e) {
      case 0x22: this.put(0x22); return true;
      case 0x5c: this.put(0x5c); return true;
      case 0x2f: this.put(0x2f); return true;
      case 0x62: this.put(0x08); return true;
      case 0x66: this.put(0x0c); return true;
      case 0x6e: this.put(0x0a); return true;
      case 0x72: this.put(0x0d); return true;
      case 0x74: this.put(0x09); return true;
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
      if (this.pos + 1 >= this.n || this.at(this.pos) != BACKSLASH || this.at(this.pos + 1) != 0x75) {
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
    this.putCodePoint(cp);
    return true;
  }

  // Four hex digits at pos (advancing past them), or -1.
  private hex4(): i32 {
    if (this.pos + 4 > this.n) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexDigit(<i32>this.at(this.pos + i));
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
    if (this.pos < this.n && this.at(this.pos) == 0x5d) {
      this.pos++;
      return arr;
    }
    while (true) {
      const v = this.value(depth);
      if (v === null) return null;
      if (arr.items.length >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many array items");
      arr.items.push(v);
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated array", arr.pos);
      const c = this.at(this.pos);
      if (c == 0x5d) {
        this.pos++;
        return arr;
      }
      if (c != 0x2c) return this.fail("expected ',' or ']' in array");
      this.pos++;
      this.skipWs();
      if (this.pos < this.n && this.at(this.pos) == 0x5d) return this.fail("trailing comma in array");
    }
  }

  private object(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting deeper than " + JSON_MAX_DEPTH.toString());
    const obj = new JsonObject(this.pos);
    this.pos++;
    this.skipWs();
    if (this.pos < this.n && this.at(this.pos) == 0x7d) {
      this.pos++;
      return obj;
    }
    while (true) {
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated object", obj.pos);
      if (this.at(this.pos) != QUOTE) return this.fail("object key must be a string");
      const keyPos = this.pos;
      const key = this.key();
      if (key === null) return null;
      this.skipWs();
      if (this.pos >= this.n || this.at(this.pos) != 0x3a) return this.fail("expected ':' after object key");
      this.pos++;
      const v = this.value(depth);
      if (v === null) return null;
      if (obj.members.length >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many object members");
      obj.members.push(new JsonMember(key, keyPos, v));
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated object", obj.pos);
      const c = this.at(this.pos);
      if (c == 0x7d) {
        this.pos++;
        return obj;
      }
      if (c != 0x2c) return this.fail("expected ',' or '}' in object");
      this.pos++;
      this.skipWs();
      if (this.pos < this.n && this.at(this.pos) == 0x7d) return this.fail("trailing comma in object");
    }
  }
}
