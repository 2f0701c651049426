// Bounded little-endian cursor over untrusted bytes (quotes, TDREPORTs, CCEL logs).
// Every read is checked against the cursor's end; a short read sets `failed` (sticky) and returns
// zeros / an empty view instead of trapping, so a parser can do a group of reads and test once.

export class LeReader {
  pos: i32;
  end: i32;
  failed: bool = false;

  constructor(public buf: Uint8Array, start: i32 = 0, end: i32 = -1) {
    const len = buf.length;
    this.end = end < 0 || end > len ? len : end;
    this.pos = start < 0 ? 0 : start > this.end ? this.end : start;
  }

  remaining(): i32 {
    return this.end - this.pos;
  }

  // True (and nothing consumed) when n more bytes are available.
  has(n: i32): bool {
    return n >= 0 && !this.failed && n <= this.end - this.pos;
  }

  private claim(n: i32): i32 {
    if (!this.has(n)) {
      this.failed = true;
      return -1;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): u32 {
    const at = this.claim(1);
    return at < 0 ? 0 : <u32>load<u8>(this.buf.dataStart + <usize>at);
  }

  u16(): u32 {
    const at = this.claim(2);
    return at < 0 ? 0 : <u32>load<u16>(this.buf.dataStart + <usize>at);
  }

  u32(): u32 {
    const at = this.claim(4);
    return at < 0 ? 0 : load<u32>(this.buf.dataStart + <usize>at);
  }

  u64(): u64 {
    const at = this.claim(8);
    return at < 0 ? 0 : load<u64>(this.buf.dataStart + <usize>at);
  }

  // A view of the next n bytes (no copy); empty on failure.
  take(n: i32): Uint8Array {
    const at = this.claim(n);
    return at < 0 ? new Uint8Array(0) : this.buf.subarray(at, at + n);
  }

  // A copy of the next n bytes, for values that outlive the input buffer.
  copy(n: i32): Uint8Array {
    const at = this.claim(n);
    return at < 0 ? new Uint8Array(0) : this.buf.slice(at, at + n);
  }

  skip(n: i32): void {
    this.claim(n);
  }

  // A sub-reader over the next n bytes; this reader moves past them.
  sub(n: i32): LeReader {
    const at = this.claim(n);
    if (at < 0) {
      const r = new LeReader(this.buf, 0, 0);
      r.failed = true;
      return r;
    }
    return new LeReader(this.buf, at, at + n);
  }
}

// Little-endian u32 at `off`, or 0 when out of range (for peeking without a cursor).
export function peekU32(buf: Uint8Array, off: i32): u32 {
  if (off < 0 || off > buf.length - 4) return 0;
  return load<u32>(buf.dataStart + <usize>off);
}
