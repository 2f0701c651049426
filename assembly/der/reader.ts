// Bounded DER reader (X.690 §8 with the DER restrictions of §10). One TLV at a time from a window
// [pos, end) of the input: only single-byte tags (all X.509/CRL tags are), definite lengths in
// minimal form, no length past the window. `sub()` gives a reader over one element's contents,
// `atEnd()` lets callers reject trailing bytes. Errors are sticky values, never traps.
import { TAG_BIT_STRING, TAG_BOOLEAN, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_NULL } from "./tags";
import { decodeOidAt } from "./oid";

// A decoded element: tag, the whole encoding (for signatures over TBS and name comparison) and
// the contents. Both arrays are views into the input, made when first asked for (most readers
// want only one of them, and each view is an allocation).
export class Tlv {
  private memoRaw: Uint8Array | null = null;
  private memoContent: Uint8Array | null = null;

  constructor(public tag: i32, private buf: Uint8Array, private start: i32, private body: i32, private end: i32) {}

  get raw(): Uint8Array {
    let r = this.memoRaw;
    if (r === null) {
      r = this.buf.subarray(this.start, this.end);
      this.memoRaw = r;
    }
    return r;
  }

  get content(): Uint8Array {
    let c = this.memoContent;
    if (c === null) {
      c = this.buf.subarray(this.body, this.end);
      this.memoContent = c;
    }
    return c;
  }
}

// Nesting bound: certificates need ~8 levels; anything deeper is malformed or hostile.
export const DER_MAX_DEPTH: i32 = 32;

export class DerReader {
  pos: i32;
  end: i32;
  error: string = "";
  depth: i32;

  constructor(public buf: Uint8Array, start: i32 = 0, end: i32 = -1, depth: i32 = 0) {
    this.end = end < 0 || end > buf.length ? buf.length : end;
    this.pos = start < 0 ? 0 : start > this.end ? this.end : start;
    this.depth = depth;
  }

  static of(b: Uint8Array): DerReader {
    return new DerReader(b, 0, b.length, 0);
  }

  // Set with the first error (a flag: `failed` is asked before every element).
  private bad: bool = false;

  get failed(): bool {
    return this.bad;
  }

  // Keeps the first error; an empty message fails nothing (as before the flag existed).
  fail(msg: string): void {
    if (!this.bad && msg.length > 0) {
      this.error = msg;
      this.bad = true;
    }
  }

  atEnd(): bool {
    return this.pos >= this.end;
  }

  // The next tag without consuming it, or -1 at the end / after an error.
  peekTag(): i32 {
    if (this.failed || this.pos >= this.end) return -1;
    return <i32>load<u8>(this.buf.dataStart + <usize>this.pos);
  }

  // Where the element last scanned by `scan` lies in buf: [hStart, hEnd), contents from hBody.
  private hStart: i32 = 0;
  private hBody: i32 = 0;
  private hEnd: i32 = 0;

  // Decodes the header of the next element and consumes it; its tag, or -1 (and error set) when
  // malformed. Reads buf's memory directly: every read below is behind a test against `end`
  // (never past buf.length, see the constructor).
  private scan(): i32 {
    if (this.failed) return -1;
    const start = this.pos;
    if (this.end - start < 2) {
      this.fail("DER: truncated element");
      return -1;
    }
    const base = this.buf.dataStart;
    const tag = <i32>load<u8>(base + <usize>start);
    if ((tag & 0x1f) == 0x1f) {
      this.fail("DER: multi-byte tags are not supported");
      return -1;
    }
    let p = start + 2;
    const first = <i32>load<u8>(base + <usize>(start + 1));
    let len: i32 = 0;
    if (first < 0x80) {
      len = first;
    } else {
      const n = first & 0x7f;
      // Indefinite form (0x80) is BER only; more than 3 length bytes (16 MiB) exceeds any input.
      if (n == 0 || n > 3) {
        this.fail("DER: unsupported length form");
        return -1;
      }
      if (this.end - p < n) {
        this.fail("DER: truncated length");
        return -1;
      }
      if (load<u8>(base + <usize>p) == 0) {
        this.fail("DER: non-minimal length");
        return -1;
      }
      for (let i = 0; i < n; i++) len = (len << 8) | <i32>load<u8>(base + <usize>(p + i));
      p += n;
      if (len < 0x80) {
        this.fail("DER: non-minimal length");
        return -1;
      }
    }
    if (len > this.end - p) {
      this.fail("DER: length runs past the enclosing element");
      return -1;
    }
    this.hStart = start;
    this.hBody = p;
    this.hEnd = p + len;
    this.pos = p + len;
    return tag;
  }

  // Reads one TLV; null (and error set) when malformed.
  read(): Tlv | null {
    const tag = this.scan();
    if (tag < 0) return null;
    return new Tlv(tag, this.buf, this.hStart, this.hBody, this.hEnd);
  }

  // Checks that the next element carries `tag` (error set otherwise).
  private expectTag(tag: i32): bool {
    const t = this.peekTag();
    if (t != tag) {
      this.fail("DER: expected tag 0x" + tag.toString(16) + ", found 0x" + (t < 0 ? "none" : t.toString(16)));
      return false;
    }
    return true;
  }

  // Reads one TLV that must carry `tag`.
  expect(tag: i32): Tlv | null {
    if (!this.expectTag(tag)) return null;
    return this.read();
  }

  // The contents of the next element, which must carry `tag` (a view), or null.
  contentOf(tag: i32): Uint8Array | null {
    if (!this.expectTag(tag) || this.scan() < 0) return null;
    return this.buf.subarray(this.hBody, this.hEnd);
  }

  // Scans the next element, which must carry `tag`; its contents are then buf[hBody, hEnd)
  // (read in place by the small readers below, which need no view of them). False on error.
  private scanTag(tag: i32): bool {
    return this.expectTag(tag) && this.scan() >= 0;
  }

  // Where the contents of the element last scanned lie (valid after a successful `contentSpan`).
  get spanStart(): i32 {
    return this.hBody;
  }

  get spanEnd(): i32 {
    return this.hEnd;
  }

  // `contentOf` without the view: true when the next element carries `tag` and is well formed;
  // its contents are then buf[spanStart, spanEnd).
  contentSpan(tag: i32): bool {
    return this.scanTag(tag);
  }

  // Narrows this reader to the contents of the next element, which must carry `tag`, as `sub`
  // does with a new reader: the caller reads them here and calls `leave` with the value returned
  // (the enclosing window's end; -1 on error, when the reader is failed as `sub` fails it). For
  // loops over many small elements (CRL entries), where a reader apiece was most of the cost.
  enter(tag: i32): i32 {
    if (!this.scanTag(tag)) return -1;
    if (this.depth + 1 > DER_MAX_DEPTH) {
      this.fail("DER: nesting too deep");
      return -1;
    }
    const outer = this.end;
    this.pos = this.hBody;
    this.end = this.hEnd;
    this.depth++;
    return outer;
  }

  // Ends an `enter`: the element must have been consumed whole (as `finish(what)` requires), and
  // reading resumes after it.
  leave(outer: i32, what: string): void {
    if (outer < 0) return;
    this.finish(what);
    this.pos = this.end;
    this.end = outer;
    this.depth--;
  }

  // A reader over the contents of the next element, which must carry `tag`. On error it returns a
  // reader that is already failed with the same message, so callers may chain and check once.
  sub(tag: i32): DerReader {
    if (!this.expectTag(tag) || this.scan() < 0) return this.failedChild();
    if (this.depth + 1 > DER_MAX_DEPTH) {
      this.fail("DER: nesting too deep");
      return this.failedChild();
    }
    return new DerReader(this.buf, this.hBody, this.hEnd, this.depth + 1);
  }

  private failedChild(): DerReader {
    const r = new DerReader(this.buf, 0, 0, this.depth + 1);
    r.fail(this.error.length > 0 ? this.error : "DER: error");
    return r;
  }

  // Consumes the next element (any tag) without making anything of it; false (error set) when
  // it is malformed.
  skip(): bool {
    return this.scan() >= 0;
  }

  // Optional element: consumed and returned only when the next tag matches.
  optional(tag: i32): Tlv | null {
    if (this.peekTag() != tag) return null;
    return this.read();
  }

  // Moves a child's error up to this reader (keeps the first).
  absorb(child: DerReader): void {
    if (child.bad) this.fail(child.error);
  }

  // Requires the window to be fully consumed (DER leaves no trailing bytes inside an element).
  finish(what: string): void {
    if (!this.failed && this.pos != this.end) this.fail("DER: trailing bytes in " + what);
  }

  // --- primitive types ---

  // INTEGER contents, minimal (X.690 §8.3.2), as big-endian two's complement bytes.
  integer(): Uint8Array | null {
    const c = this.contentOf(TAG_INTEGER);
    if (c === null) return null;
    if (c.length == 0) {
      this.fail("DER: empty INTEGER");
      return null;
    }
    if (c.length > 1 && ((c[0] == 0 && (c[1] & 0x80) == 0) || (c[0] == 0xff && (c[1] & 0x80) != 0))) {
      this.fail("DER: non-minimal INTEGER");
      return null;
    }
    return c;
  }

  // A small non-negative INTEGER (versions, path lengths); -1 on error or when out of range.
  // The same checks as `integer()`, read in place (no view).
  smallInt(): i32 {
    if (!this.scanTag(TAG_INTEGER)) return -1;
    const p = this.buf.dataStart + <usize>this.hBody;
    const n = this.hEnd - this.hBody;
    if (n == 0) {
      this.fail("DER: empty INTEGER");
      return -1;
    }
    const c0 = <i32>load<u8>(p);
    if (n > 1) {
      const c1 = <i32>load<u8>(p + 1);
      if ((c0 == 0 && (c1 & 0x80) == 0) || (c0 == 0xff && (c1 & 0x80) != 0)) {
        this.fail("DER: non-minimal INTEGER");
        return -1;
      }
    }
    if ((c0 & 0x80) != 0 || n > 4) {
      this.fail("DER: INTEGER out of range");
      return -1;
    }
    let v: i32 = 0;
    for (let i = 0; i < n; i++) v = (v << 8) | <i32>load<u8>(p + <usize>i);
    return v;
  }

  // BOOLEAN: DER allows only 0x00 and 0xFF (X.690 §11.1).
  boolean(): bool {
    if (!this.scanTag(TAG_BOOLEAN)) return false;
    const b = this.hEnd - this.hBody == 1 ? <i32>load<u8>(this.buf.dataStart + <usize>this.hBody) : -1;
    if (b != 0 && b != 0xff) {
      this.fail("DER: bad BOOLEAN");
      return false;
    }
    return b == 0xff;
  }

  // BIT STRING with no unused bits (keys and signatures), as the bytes after the unused-bits octet.
  bitStringBytes(): Uint8Array | null {
    if (!this.expectTag(TAG_BIT_STRING) || this.scan() < 0) return null;
    const body = this.hBody;
    if (this.hEnd - body < 1 || load<u8>(this.buf.dataStart + <usize>body) != 0) {
      this.fail("DER: BIT STRING with unused bits where whole octets are required");
      return null;
    }
    return this.buf.subarray(body + 1, this.hEnd);
  }

  // BIT STRING as a flag set (keyUsage): bit 0 is the most significant bit of the first octet.
  // Returns the first 16 flags as a u32 (bit i = named bit i); -1 on error.
  bitFlags(): i32 {
    const c = this.contentOf(TAG_BIT_STRING);
    if (c === null) return -1;
    if (c.length < 1 || c[0] > 7 || (c.length == 1 && c[0] != 0)) {
      this.fail("DER: bad BIT STRING");
      return -1;
    }
    const unused = <i32>c[0];
    if (c.length > 1 && (<i32>c[c.length - 1] & ((1 << unused) - 1)) != 0) {
      this.fail("DER: BIT STRING unused bits not zero");
      return -1;
    }
    let v: i32 = 0;
    for (let i = 0; i < 16; i++) {
      const byte = 1 + (i >> 3);
      if (byte >= c.length) break;
      if ((<i32>c[byte] & (0x80 >> (i & 7))) != 0) v |= 1 << i;
    }
    return v;
  }

  octetString(): Uint8Array | null {
    return this.contentOf(TAG_OCTET_STRING);
  }

  // OBJECT IDENTIFIER in dotted form ("1.2.840.10045.2.1"); "" on error.
  oid(): string {
    if (!this.expectTag(TAG_OID) || this.scan() < 0) return "";
    const s = decodeOidAt(this.buf.dataStart + <usize>this.hBody, this.hEnd - this.hBody);
    if (s.length == 0) this.fail("DER: malformed OBJECT IDENTIFIER");
    return s;
  }

  // NULL (AlgorithmIdentifier parameters).
  nullValue(): void {
    if (!this.expectTag(TAG_NULL) || this.scan() < 0) return;
    if (this.hEnd != this.hBody) this.fail("DER: NULL with contents");
  }
}
