// The JSON value tree. Objects keep every member in document order, duplicates included: the
// parser never decides which of two equal keys wins. Consumers choose (see `JsonObject.count`);
// the policy reader rejects duplicates where Intel's MigTD does and takes the last elsewhere.
export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

// `pos`..`end` is the value's exact source text (collateral signatures cover such a span).
export class JsonValue {
  end: i32 = 0;
  constructor(public kind: JsonKind, public pos: i32) {}

  kindName(): string {
    switch (this.kind) {
      case JsonKind.Null: return "null";
      case JsonKind.Bool: return "boolean";
      case JsonKind.Number: return "number";
      case JsonKind.String: return "string";
      case JsonKind.Array: return "array";
      default: return "object";
    }
  }
}

export class JsonNull extends JsonValue {
  constructor(pos: i32) { super(JsonKind.Null, pos); }
}

export class JsonBool extends JsonValue {
  constructor(pos: i32, public value: bool) { super(JsonKind.Bool, pos); }
}

// A number keeps its source text (re-emitted verbatim) plus its integer value when it has one.
// The text is made on first use from the document (most readers only want `magnitude`).
export class JsonNumber extends JsonValue {
  negative: bool = false;
  // No fraction and no exponent.
  integral: bool = false;
  // integral and |value| <= u64::MAX; `magnitude` is then exact.
  fitsU64: bool = false;
  magnitude: u64 = 0;
  private memoText: string | null = null;
  // The number's source text is doc[pos .. end) (`end` is set by the parser once it is known).
  constructor(pos: i32, private doc: Uint8Array) { super(JsonKind.Number, pos); }

  get text(): string {
    let t = this.memoText;
    if (t === null) {
      t = String.UTF8.decodeUnsafe(this.doc.dataStart + <usize>this.pos, <usize>(this.end - this.pos), false);
      this.memoText = t;
    }
    return t;
  }

  // A non-negative integer literal that fits u64 (what a Rust `u64` field accepts).
  isU64(): bool { return this.integral && this.fitsU64 && !this.negative; }
}

// A string's UTF-8 bytes are `bytes` (escapes decoded); `value` is the same text as a string. Both
// are made on first use. Hex, base64, PEM and embedded JSON documents are read from `bytes`
// directly, with no round trip through UTF-16. Without escapes `bytes` is a view of the parsed
// document: a reader that keeps it past the document's lifetime (or while the document's buffer
// may change) copies it.
export class JsonString extends JsonValue {
  private memoValue: string | null = null;
  private memoBytes: Uint8Array | null = null;
  // The text is src[from .. from + len): a span of the document, or the decoded bytes whole.
  // `escaped`: the source used at least one backslash escape (Intel's borrowed-string fields
  // refuse those; see policy/parse_block.ts).
  constructor(pos: i32, private src: Uint8Array, private from: i32, private len: i32, public escaped: bool) {
    super(JsonKind.String, pos);
  }

  get bytes(): Uint8Array {
    const m = this.memoBytes;
    if (m !== null) return m;
    const b = this.from == 0 && this.len == this.src.length ? this.src : this.src.subarray(this.from, this.from + this.len);
    this.memoBytes = b;
    return b;
  }

  get value(): string {
    let v = this.memoValue;
    if (v === null) {
      v = String.UTF8.decodeUnsafe(this.src.dataStart + <usize>this.from, <usize>this.len, false);
      this.memoValue = v;
    }
    return v;
  }
}

export class JsonArray extends JsonValue {
  constructor(pos: i32, public items: JsonValue[]) { super(JsonKind.Array, pos); }
}

export class JsonMember {
  constructor(public key: string, public keyPos: i32, public value: JsonValue) {}
}

export class JsonObject extends JsonValue {
  constructor(pos: i32, public members: JsonMember[]) { super(JsonKind.Object, pos); }

  // The last member with this key, or null.
  get(key: string): JsonValue | null {
    for (let i = this.members.length - 1; i >= 0; i--) {
      if (this.members[i].key == key) return this.members[i].value;
    }
    return null;
  }

  count(key: string): i32 {
    let n = 0;
    for (let i = 0; i < this.members.length; i++) if (this.members[i].key == key) n++;
    return n;
  }

  // The first key that appears more than once, or null.
  firstDuplicate(): string | null {
    const seen = new Set<string>();
    for (let i = 0; i < this.members.length; i++) {
      const k = this.members[i].key;
      if (seen.has(k)) return k;
      seen.add(k);
    }
    return null;
  }
}
