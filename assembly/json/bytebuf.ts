// A growable byte buffer: the decoded bytes of a JSON string that contains escapes.
export class ByteBuf {
  data: Uint8Array = new Uint8Array(64);
  length: i32 = 0;

  private reserve(extra: i32): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    let cap = this.data.length << 1;
    while (cap < need) cap <<= 1;
    const grown = new Uint8Array(cap);
    grown.set(this.data.subarray(0, this.length), 0);
    this.data = grown;
  }

  push(b: u8): void {
    this.reserve(1);
    this.data[this.length++] = b;
  }

  pushRange(src: Uint8Array, from: i32, to: i32): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(n);
    memory.copy(this.data.dataStart + <usize>this.length, src.dataStart + <usize>from, <usize>n);
    this.length += n;
  }

  // Appends the UTF-8 encoding of a Unicode scalar value (cp <= 0x10FFFF, not a surrogate).
  pushCodePoint(cp: u32): void {
    if (cp < 0x80) {
      this.push(<u8>cp);
    } else if (cp < 0x800) {
      this.push(<u8>(0xc0 | (cp >> 6)));
      this.push(<u8>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      this.push(<u8>(0xe0 | (cp >> 12)));
      this.push(<u8>(0x80 | ((cp >> 6) & 0x3f)));
      this.push(<u8>(0x80 | (cp & 0x3f)));
    } else {
      this.push(<u8>(0xf0 | (cp >> 18)));
      this.push(<u8>(0x80 | ((cp >> 12) & 0x3f)));
      this.push(<u8>(0x80 | ((cp >> 6) & 0x3f)));
      this.push(<u8>(0x80 | (cp & 0x3f)));
    }
  }

  toUtf8String(): string {
    return String.UTF8.decodeUnsafe(this.data.dataStart, <usize>this.length, false);
  }
}
