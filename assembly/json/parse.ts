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
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

// The index of the first byte at or after pos that a string scan must look at (a quote, a
// backslash, a control character or a non-ASCII byte), or a position within 7 bytes of n. Eight
// bytes per step: a byte b is interesting when b >= 0x80, b < 0x20 (b - 0x20 borrows), or b ^ 0x22
// or b ^ 0x5c is zero; each test sets that byte's high bit (and no other byte's test is needed to
// be exact: any set bit only stops the skip, and the byte loop then decides).
@inline function plainRun(base: usize, pos: i32, n: i32): i32 {
  while (pos + 8 <= n) {
    const x = load<u64>(base + <usize>pos);
    const q = x ^ (ONES * 0x22);
    const b = x ^ (ONES * 0x5c);
    const t = (x | ((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
    if (t != 0) break;
    pos += 8;
  }
  return pos;
}
const NO_BYTES = new Uint8Array(0);
const KEY_MEMO: i32 = 16; // a power of two
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
  // Recent unescaped keys: source offset (-1 = empty slot), length and text; replaced in turn.
  private keyStart: StaticArray<i32> = new StaticArray<i32>(KEY_MEMO).fill(-1);
  private keyLen: StaticArray<i32> = new StaticArray<i32>(KEY_MEMO);
  private keyText: StaticArray<string> = new StaticArray<string>(KEY_MEMO);
  private keyNext: i32 = 0;
  // Entries of the containers being parsed (see array()).
  private items: JsonValue[] = [];
  private members: JsonMember[] = [];

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

  // Inlined: called between every two tokens, where a call cost more than the skipping.
  @inline skipWs(): void {
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
    const num = new JsonNumber(start, this.b);
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

  // A string byte at pos that is neither printable ASCII nor a quote or backslash: a control
  // character (an error) or the first byte of a UTF-8 sequence. Returns the position after it, or
  // -1 having failed with pos at it.
  private otherChar(base: usize, pos: i32, n: i32): i32 {
    if (load<u8>(base + <usize>pos) < 0x20) {
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
    return pos + l;
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
    // Strings without escapes (nearly all) are only validated: no copy, no decoding. From the
    // first escape on, the text is decoded into scratch (out >= 0 from then on).
    let d: usize = 0;
    let out = -1;
    let runStart = start;
    while (true) {
      pos = plainRun(base, pos, n);
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
        if (out < 0) {
          // The decoded text is never longer than the source text it comes from, so the rest of
          // the input bounds it: scratch is made that large once (and reused by later strings),
          // and the stores need no further checks.
          if (this.scratch.length < n - start) this.scratch = new Uint8Array(n - start);
          d = this.scratch.dataStart;
          out = 0;
        }
        memory.copy(d + <usize>out, base + <usize>runStart, <usize>(pos - runStart));
        out += pos - runStart;
        this.pos = pos;
        out = this.escape(d, out);
        if (out < 0) return -1;
        pos = this.pos;
        runStart = pos;
        continue;
      }
      pos = this.otherChar(base, pos, n);
      if (pos < 0) return -1;
    }
    if (out >= 0) {
      memory.copy(d + <usize>out, base + <usize>runStart, <usize>(pos - runStart));
      this.scratchLen = out + pos - runStart;
    }
    this.pos = pos + 1;
    return start;
  }

  private string(): JsonValue | null {
    const open = this.pos;
    const start = this.scanString();
    if (start < 0) return null;
    if (this.scratchLen < 0) return new JsonString(open, this.b, start, this.pos - 1 - start, false);
    return new JsonString(open, this.scratch.slice(0, this.scratchLen), 0, this.scratchLen, true);
  }

  // An object key: the same grammar as a string, made straight into a string. Documents repeat
  // a few keys many times (a TCB info has 32 "svn" per level), so unescaped keys are looked up
  // among the recent ones by their source bytes first: strings are immutable, sharing one is the
  // same as making it again.
  private key(): string | null {
    const start = this.scanString();
    if (start < 0) return null;
    if (this.scratchLen >= 0) return String.UTF8.decodeUnsafe(this.scratch.dataStart, <usize>this.scratchLen, false);
    const len = this.pos - 1 - start;
    const base = this.base;
    const at = base + <usize>start;
    const ks = this.keyStart;
    const kl = this.keyLen;
    for (let i = 0; i < KEY_MEMO; i++) {
      if (unchecked(kl[i]) != len) continue;
      const s = unchecked(ks[i]);
      if (s >= 0 && memory.compare(base + <usize>s, at, <usize>len) == 0) return unchecked(this.keyText[i]);
    }
    const k = String.UTF8.decodeUnsafe(at, <usize>len, false);
    const slot = this.keyNext;
    unchecked((ks[slot] = start));
    unchecked((this.keyLen[slot] = len));
    unchecked((this.keyText[slot] = k));
    this.keyNext = (slot + 1) & (KEY_MEMO - 1);
    return k;
  }

  // At a backslash: decodes one escape to d + out and advances past it; the new output length, or
  // -1 on error. The output never outgrows the input consumed (2 source bytes give 1, 6 give at
  // most 3, 12 give 4), which is what sizes scratch.
  private escape(d: usize, out: i32): i32 {
    const at = this.pos;
    if (this.pos + 1 >= this.n) {
      this.fail("unterminated escape", at);
      return -1;
    }
    const e = this.at(this.pos + 1);
    this.pos += 2;
    let c: u32 = 0;
    switch (e) {
      case 0x22: c = 0x22; break;
      case 0x5c: c = 0x5c; break;
      case 0x2f: c = 0x2f; break;
      case 0x62: c = 0x08; break;
      case 0x66: c = 0x0c; break;
      case 0x6e: c = 0x0a; break;
      case 0x72: c = 0x0d; break;
      case 0x74: c = 0x09; break;
      case 0x75: c = 0x100; break;
      default:
        this.fail("invalid escape", at);
        return -1;
    }
    if (c < 0x100) {
      store<u8>(d + <usize>out, <u8>c);
      return out + 1;
    }
    const hi = this.hex4();
    if (hi < 0) {
      this.fail("invalid \\u escape", at);
      return -1;
    }
    let cp = <u32>hi;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
      this.fail("lone low surrogate in \\u escape", at);
      return -1;
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (this.pos + 1 >= this.n || this.at(this.pos) != BACKSLASH || this.at(this.pos + 1) != 0x75) {
        this.fail("lone high surrogate in \\u escape", at);
        return -1;
      }
      this.pos += 2;
      const lo = this.hex4();
      if (lo < 0xdc00 || lo > 0xdfff) {
        this.fail("high surrogate not followed by a low surrogate", at);
        return -1;
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (<u32>lo - 0xdc00);
    }
    // UTF-8 of a Unicode scalar value (cp <= 0x10FFFF, not a surrogate).
    const p = d + <usize>out;
    if (cp < 0x80) {
      store<u8>(p, <u8>cp);
      return out + 1;
    }
    if (cp < 0x800) {
      store<u8>(p, <u8>(0xc0 | (cp >> 6)));
      store<u8>(p + 1, <u8>(0x80 | (cp & 0x3f)));
      return out + 2;
    }
    if (cp < 0x10000) {
      store<u8>(p, <u8>(0xe0 | (cp >> 12)));
      store<u8>(p + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
      store<u8>(p + 2, <u8>(0x80 | (cp & 0x3f)));
      return out + 3;
    }
    store<u8>(p, <u8>(0xf0 | (cp >> 18)));
    store<u8>(p + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
    store<u8>(p + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(p + 3, <u8>(0x80 | (cp & 0x3f)));
    return out + 4;
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

  // Containers collect their entries on parser-wide stacks and take an array of the exact size
  // when they close: growing an array per container was a large share of the allocations.
  private array(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting deeper than " + JSON_MAX_DEPTH.toString());
    const open = this.pos;
    this.pos++;
    this.skipWs();
    if (this.pos < this.n && this.at(this.pos) == 0x5d) {
      this.pos++;
      return new JsonArray(open, []);
    }
    const stack = this.items;
    const mark = stack.length;
    while (true) {
      const v = this.value(depth);
      if (v === null) return null;
      if (stack.length - mark >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many array items");
      stack.push(v);
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated array", open);
      const c = this.at(this.pos);
      if (c == 0x5d) {
        this.pos++;
        const items = stack.slice(mark);
        stack.length = mark;
        return new JsonArray(open, items);
      }
      if (c != 0x2c) return this.fail("expected ',' or ']' in array");
      this.pos++;
      this.skipWs();
      if (this.pos < this.n && this.at(this.pos) == 0x5d) return this.fail("trailing comma in array");
    }
  }

  private object(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting deeper than " + JSON_MAX_DEPTH.toString());
    const open = this.pos;
    this.pos++;
    this.skipWs();
    if (this.pos < this.n && this.at(this.pos) == 0x7d) {
      this.pos++;
      return new JsonObject(open, []);
    }
    const stack = this.members;
    const mark = stack.length;
    while (true) {
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated object", open);
      if (this.at(this.pos) != QUOTE) return this.fail("object key must be a string");
      const keyPos = this.pos;
      const key = this.key();
      if (key === null) return null;
      this.skipWs();
      if (this.pos >= this.n || this.at(this.pos) != 0x3a) return this.fail("expected ':' after object key");
      this.pos++;
      const v = this.value(depth);
      if (v === null) return null;
      if (stack.length - mark >= JSON_MAX_CONTAINER_ENTRIES) return this.fail("too many object members");
      stack.push(new JsonMember(key, keyPos, v));
      this.skipWs();
      if (this.pos >= this.n) return this.fail("unterminated object", open);
      const c = this.at(this.pos);
      if (c == 0x7d) {
        this.pos++;
        const members = stack.slice(mark);
        stack.length = mark;
        return new JsonObject(open, members);
      }
      if (c != 0x2c) return this.fail("expected ',' or '}' in object");
      this.pos++;
      this.skipWs();
      if (this.pos < this.n && this.at(this.pos) == 0x7d) return this.fail("trailing comma in object");
    }
  }
}
