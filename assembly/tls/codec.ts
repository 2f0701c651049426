// Big-endian TLS presentation-language codec (RFC 8446 §3): a bounded cursor for untrusted
// messages and a growable writer. Reads past the end set a sticky `failed` flag and return zero,
// so a parser reads a whole structure and checks once (STYLE.md #6); nothing here traps.

export class TlsReader {
  failed: bool = false;
  constructor(public data: Uint8Array, public pos: i32 = 0, public end: i32 = -1) {
    if (end < 0 || end > data.length) this.end = data.length;
    if (pos < 0 || pos > this.end) { this.pos = this.end; this.failed = true; }
  }

  get remaining(): i32 { return this.end - this.pos; }
  atEnd(): bool { return this.pos >= this.end; }

  private claim(n: i32): i32 {
    if (this.failed || n < 0 || n > this.end - this.pos) { this.failed = true; return -1; }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): u32 { const at = this.claim(1); return at < 0 ? 0 : <u32>this.data[at]; }
  u16(): u32 {
    const at = this.claim(2);
    return at < 0 ? 0 : (<u32>this.data[at] << 8) | <u32>this.data[at + 1];
  }
  u24(): u32 {
    const at = this.claim(3);
    return at < 0 ? 0 : (<u32>this.data[at] << 16) | (<u32>this.data[at + 1] << 8) | <u32>this.data[at + 2];
  }

  // A view of the next n bytes (empty on failure).
  bytes(n: i32): Uint8Array {
    const at = this.claim(n);
    return at < 0 ? new Uint8Array(0) : this.data.subarray(at, at + n);
  }

  // A reader over the next n bytes.
  sub(n: i32): TlsReader {
    const at = this.claim(n);
    if (at < 0) { const r = new TlsReader(this.data, 0, 0); r.failed = true; return r; }
    return new TlsReader(this.data, at, at + n);
  }

  // Vectors with a 1-, 2- or 3-byte length prefix (§3.4).
  vec8(): TlsReader { return this.sub(<i32>this.u8()); }
  vec16(): TlsReader { return this.sub(<i32>this.u16()); }
  vec24(): TlsReader { return this.sub(<i32>this.u24()); }
  bytes8(): Uint8Array { return this.bytes(<i32>this.u8()); }
  bytes16(): Uint8Array { return this.bytes(<i32>this.u16()); }
  bytes24(): Uint8Array { return this.bytes(<i32>this.u24()); }

  // True when the structure was read exactly: nothing failed and nothing is left over.
  done(): bool { return !this.failed && this.pos == this.end; }
}

export class TlsWriter {
  private buf: Uint8Array;
  len: i32 = 0;

  constructor(capacity: i32 = 256) {
    this.buf = new Uint8Array(max(capacity, 16));
  }

  private reserve(n: i32): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    memory.copy(nb.dataStart, this.buf.dataStart, <usize>this.len);
    // The old buffer may hold application data written before the handshake completed (the
    // ExchangeInformation with a Migration Session Key): no copy is left behind for the GC.
    memory.fill(this.buf.dataStart, 0, <usize>this.len);
    this.buf = nb;
  }

  u8(v: u32): void { this.reserve(1); this.buf[this.len++] = <u8>v; }
  u16(v: u32): void { this.reserve(2); this.buf[this.len++] = <u8>(v >> 8); this.buf[this.len++] = <u8>v; }
  u24(v: u32): void { this.reserve(3); this.buf[this.len++] = <u8>(v >> 16); this.buf[this.len++] = <u8>(v >> 8); this.buf[this.len++] = <u8>v; }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    memory.copy(this.buf.dataStart + <usize>this.len, b.dataStart, <usize>b.length);
    this.len += b.length;
  }

  raw(ptr: usize, n: i32): void {
    this.reserve(n);
    memory.copy(this.buf.dataStart + <usize>this.len, ptr, <usize>n);
    this.len += n;
  }

  // Opens a length prefix of `width` bytes; close it with end(mark) once the contents are written.
  begin(width: i32): i32 {
    this.reserve(width);
    const mark = this.len;
    for (let i = 0; i < width; i++) this.buf[this.len++] = 0;
    return (mark << 2) | width;
  }

  end(token: i32): void {
    const mark = token >> 2;
    const width = token & 3;
    const n = this.len - mark - width;
    for (let i = 0; i < width; i++) this.buf[mark + i] = <u8>(n >> (8 * (width - 1 - i)));
  }

  bytes8(b: Uint8Array): void { this.u8(b.length); this.bytes(b); }
  bytes16(b: Uint8Array): void { this.u16(b.length); this.bytes(b); }
  bytes24(b: Uint8Array): void { this.u24(b.length); this.bytes(b); }

  // The written bytes as a new array.
  finish(): Uint8Array { return this.buf.slice(0, this.len); }

  // Zeroes the buffer (it may have held plaintext) and empties it.
  clear(): void {
    memory.fill(this.buf.dataStart, 0, <usize>this.len);
    this.len = 0;
  }

  get dataStart(): usize { return this.buf.dataStart; }
}
