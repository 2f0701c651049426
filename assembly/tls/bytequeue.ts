// A FIFO of bytes: appended at the tail, consumed from the head, compacted when the consumed
// prefix dominates. Holds incoming TLS bytes and partial handshake messages.
export class ByteQueue {
  private buf: Uint8Array = new Uint8Array(0);
  private head: i32 = 0;
  private tail: i32 = 0;

  get length(): i32 { return this.tail - this.head; }

  push(ptr: usize, n: i32): void {
    if (n <= 0) return;
    if (this.tail + n > this.buf.length) {
      const live = this.tail - this.head;
      let cap = max(this.buf.length, 1024);
      while (cap < live + n) cap *= 2;
      const nb = new Uint8Array(cap);
      memory.copy(nb.dataStart, this.buf.dataStart + <usize>this.head, <usize>live);
      memory.fill(this.buf.dataStart, 0, <usize>this.buf.length);
      this.buf = nb;
      this.head = 0;
      this.tail = live;
    }
    memory.copy(this.buf.dataStart + <usize>this.tail, ptr, <usize>n);
    this.tail += n;
  }

  pushBytes(b: Uint8Array): void { this.push(b.dataStart, b.length); }

  // Byte i of the queued data (i < length).
  at(i: i32): u8 { return this.buf[this.head + i]; }

  // Removes and returns the first n bytes as a new array (n <= length).
  take(n: i32): Uint8Array {
    const out = this.buf.slice(this.head, this.head + n);
    memory.fill(this.buf.dataStart + <usize>this.head, 0, <usize>n);
    this.head += n;
    if (this.head == this.tail) { this.head = 0; this.tail = 0; }
    return out;
  }

  clear(): void {
    memory.fill(this.buf.dataStart, 0, <usize>this.buf.length);
    this.head = 0;
    this.tail = 0;
  }
}
