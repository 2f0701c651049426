// A strict, bounded JSON reader (RFC 8259) for collateral. Each value remembers its byte span in
// the source because Intel signs the exact bytes of the "tcbInfo" / "enclaveIdentity" member
// (Intel PCS API: the signature covers the JSON object as served). Errors are values.

export const JSON_MAX_DEPTH: i32 = 64;

export enum JsonKind { Null, Bool, Number, String, Array, Object }

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  b: bool = false;
  n: f64 = 0;
  s: string = "";
  items: JsonValue[] = [];
  keys: string[] = [];
  start: i32 = 0; // span in the source, [start, end)
  end: i32 = 0;

  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] == key) return this.items[i];
    return null;
  }

  str(key: string): string | null {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.String ? v.s : null;
  }

  // A finite integer member, or i64.MIN_VALUE.
  int(key: string): i64 {
    const v = this.get(key);
    if (v === null || v.kind != JsonKind.Number || v.n != Math.floor(v.n) || Math.abs(v.n) > 9e15) return i64.MIN_VALUE;
    return <i64>v.n;
  }

  arr(key: string): JsonValue[] | null {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.Array ? v.items : null;
  }
}

export class JsonParse {
  value: JsonValue | null = null;
  error: string = "";
}

class Parser {
  pos: i32 = 0;
  error: string = "";
  constructor(public src: Uint8Array) {}

  fail(msg: string): JsonValue | null {
    if (this.error.length == 0) this.error = "JSON: " + msg + " at byte " + this.pos.toString();
    return null;
  }

  ws(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.pos++;
    }
  }

  value(depth: i32): JsonValue | null {
    if (depth > JSON_MAX_DEPTH) return this.fail("nesting too deep");
    this.ws();
    if (this.pos >= this.src.length) return this.fail("unexpected end");
    const c = <i32>this.src[this.pos];
    const v = new JsonValue();
    v.start = this.pos;
    if (c == 0x7b) {
      if (!this.object(v, depth)) return null;
    } else if (c == 0x5b) {
      if (!this.array(v, depth)) return null;
    } else if (c == 0x22) {
      const s = this.string();
      if (s === null) return null;
      v.kind = JsonKind.String;
      v.s = s;
    } else if (c == 0x74 && this.lit("true")) {
      v.kind = JsonKind.Bool;
      v.b = true;
    } else if (c == 0x66 && this.lit("false")) {
      v.kind = JsonKind.Bool;
    } else if (c == 0x6e && this.lit("null")) {
      v.kind = JsonKind.Null;
    } else if (c == 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (!this.number(v)) return null;
    } else {
      return this.fail("unexpected character");
    }
    v.end = this.pos;
    return v;
  }

  lit(w: string): bool {
    if (this.pos + w.length > this.src.length) return false;
    for (let i = 0; i < w.length; i++) if (<i32>this.src[this.pos + i] != w.charCodeAt(i)) return false;
    this.pos += w.length;
    return true;
  }

  object(v: JsonValue, depth: i32): bool {
    v.kind = JsonKind.Object;
    this.pos++;
    this.ws();
    if (this.pos < this.src.length && this.src[this.pos] == 0x7d) {
      this.pos++;
      return true;
    }
    while (true) {
      this.ws();
      if (this.pos >= this.src.length || this.src[this.pos] != 0x22) {
        this.fail("expected a member name");
        return false;
      }
      const k = this.string();
      if (k === null) return false;
      this.ws();
      if (this.pos >= this.src.length || this.src[this.pos] != 0x3a) {
        this.fail("expected ':'");
        return false;
      }
      this.pos++;
      const item = this.value(depth + 1);
      if (item === null) return false;
      v.keys.push(k);
      v.items.push(item);
      this.ws();
      if (this.pos >= this.src.length) {
        this.fail("unterminated object");
        return false;
      }
      const c = this.src[this.pos++];
      if (c == 0x7d) return true;
      if (c != 0x2c) {
        this.fail("expected ',' or '}'");
        return false;
      }
    }
    return false;
  }

  array(v: JsonValue, depth: i32): bool {
    v.kind = JsonKind.Array;
    this.pos++;
    this.ws();
    if (this.pos < this.src.length && this.src[this.pos] == 0x5d) {
      this.pos++;
      return true;
    }
    while (true) {
      const item = this.value(depth + 1);
      if (item === null) return false;
      v.items.push(item);
      this.ws();
      if (this.pos >= this.src.length) {
        this.fail("unterminated array");
        return false;
      }
      const c = this.src[this.pos++];
      if (c == 0x5d) return true;
      if (c != 0x2c) {
        this.fail("expected ',' or ']'");
        return false;
      }
    }
    return false;
  }

  number(v: JsonValue): bool {
    const start = this.pos;
    if (this.src[this.pos] == 0x2d) this.pos++;
    let digits = 0;
    while (this.pos < this.src.length && this.src[this.pos] >= 0x30 && this.src[this.pos] <= 0x39) {
      this.pos++;
      digits++;
    }
    if (digits == 0) {
      this.fail("bad number");
      return false;
    }
    if (this.pos < this.src.length && this.src[this.pos] == 0x2e) {
      this.pos++;
      let f = 0;
      while (this.pos < this.src.length && this.src[this.pos] >= 0x30 && this.src[this.pos] <= 0x39) {
        this.pos++;
        f++;
      }
      if (f == 0) {
        this.fail("bad number");
        return false;
      }
    }
    if (this.pos < this.src.length && (this.src[this.pos] == 0x65 || this.src[this.pos] == 0x45)) {
      this.pos++;
      if (this.pos < this.src.length && (this.src[this.pos] == 0x2b || this.src[this.pos] == 0x2d)) this.pos++;
      let e = 0;
      while (this.pos < this.src.length && this.src[this.pos] >= 0x30 && this.src[this.pos] <= 0x39) {
        this.pos++;
        e++;
      }
      if (e == 0) {
        this.fail("bad number");
        return false;
      }
    }
    v.kind = JsonKind.Number;
    v.n = parseFloat(String.UTF8.decodeUnsafe(this.src.dataStart + <usize>start, <usize>(this.pos - start)));
    return true;
  }

  string(): string | null {
    this.pos++; // opening quote
    let out = "";
    let runStart = this.pos;
    while (true) {
      if (this.pos >= this.src.length) {
        this.fail("unterminated string");
        return null;
      }
      const c = <i32>this.src[this.pos];
      if (c == 0x22 || c == 0x5c) {
        out += String.UTF8.decodeUnsafe(this.src.dataStart + <usize>runStart, <usize>(this.pos - runStart));
        this.pos++;
        if (c == 0x22) return out;
        if (this.pos >= this.src.length) {
          this.fail("bad escape");
          return null;
        }
        const e = <i32>this.src[this.pos++];
        if (e == 0x22) out += "\"";
        else if (e == 0x5c) out += "\\";
        else if (e == 0x2f) out += "/";
        else if (e == 0x62) out += "\b";
        else if (e == 0x66) out += "\f";
        else if (e == 0x6e) out += "\n";
        else if (e == 0x72) out += "\r";
        else if (e == 0x74) out += "\t";
        else if (e == 0x75) {
          const u = this.hex4();
          if (u < 0) {
            this.fail("bad \\u escape");
            return null;
          }
          out += String.fromCharCode(u);
        } else {
          this.fail("bad escape");
          return null;
        }
        runStart = this.pos;
      } else if (c < 0x20) {
        this.fail("control character in string");
        return null;
      } else {
        this.pos++;
      }
    }
    return null;
  }

  hex4(): i32 {
    if (this.pos + 4 > this.src.length) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = <i32>this.src[this.pos + i];
      let d = -1;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    this.pos += 4;
    return v;
  }
}

export function parseJson(src: Uint8Array): JsonParse {
  const p = new Parser(src);
  const out = new JsonParse();
  const v = p.value(0);
  if (v !== null) {
    p.ws();
    if (p.pos != src.length) p.fail("trailing characters");
  }
  if (p.error.length > 0) out.error = p.error;
  else out.value = v;
  return out;
}
