// Bounded little-endian reader over untrusted bytes (VMM buffers, quotes, TDREPORTs, CCEL logs).
// Every read is checked; the first failure sets `failed` and every later read returns zero or an
// empty array, so a parser can read a whole structure and test `failed` once (sticky failure,
// STYLE.md #5/#6). It never traps and never reads out of bounds.

export class Reader {
  pos: i32 = 0;
  failed: bool = false;

  constructor(public data: Uint8Array, public start: i32 = 0, public end: i32 = -1) {
    if (end < 0 || end > data.length) this.end = data.length;
    if (start < 0 || start > this.end) { this.start = this.end; this.failed = true; }
    this.pos = this.start;
  }

  get remaining(): i32 { return this.end - this.pos; }

  // True (and nothing consumed) when n more bytes are available.
  has(n: i32): bool { return !this.failed && n >= 0 && n <= this.end - this.pos; }

  // Claims n bytes; returns their offset in `data`, or -1 (and fails) when they are not there.
  private claim(n: i32): i32 {
    if (this.failed || n < 0 || n > this.end - this.pos) { this.failed = true; return -1; }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): u32 { const at = this.claim(1); return at < 0 ? 0 : <u32>this.data[at]; }
  u16(): u32 { const at = this.claim(2); return at < 0 ? 0 : <u32>load<u16>(this.data.dataStart + at); }
  u32(): u32 { const at = this.claim(4); return at < 0 ? 0 : load<u32>(this.data.dataStart + at); }
  u64(): u64 { const at = this.claim(8); return at < 0 ? 0 : load<u64>(this.data.dataStart + at); }

  // A copy of the next n bytes, for values that outlive the input (empty on failure).
  bytes(n: i32): Uint8Array {
    const at = this.claim(n);
    if (at < 0) return new Uint8Array(0);
    return this.data.slice(at, at + n);
  }

  // A view of the next n bytes, no copy (empty on failure).
  take(n: i32): Uint8Array {
    const at = this.claim(n);
    return at < 0 ? new Uint8Array(0) : this.data.subarray(at, at + n);
  }

  skip(n: i32): void { this.claim(n); }

  // True when the next n bytes are all zero (consumes them).
  zeros(n: i32): bool {
    const at = this.claim(n);
    if (at < 0) return false;
    for (let i = 0; i < n; i++) if (this.data[at + i] != 0) return false;
    return true;
  }

  // A reader over the next n bytes (consumes them from this one).
  sub(n: i32): Reader {
    const at = this.claim(n);
    if (at < 0) { const r = new Reader(this.data, 0, 0); r.failed = true; return r; }
    return new Reader(this.data, at, at + n);
  }
}

export function writeU32(buf: Uint8Array, off: i32, v: u32): void {
  store<u32>(buf.dataStart + off, v);
}

export function writeU64(buf: Uint8Array, off: i32, v: u64): void {
  store<u64>(buf.dataStart + off, v);
}

// Parsers that check what they read usually compare it too.
export { bytesEqual } from "./bytes";
