// A sequence of byte fields written out as one byte string, each preceded by its length (u32
// big-endian), so that no two different sequences give the same bytes ("ab","c" vs "a","bc"). The
// same encoding FieldDigest hashes, kept whole: a cache keyed by it compares the inputs
// themselves, which costs a memory comparison per lookup instead of hashing every byte of them
// (SHA-256 of a 15 KiB collateral was a tenth of a verification).
export class FieldKey {
  private parts: Uint8Array[] = [];
  private total: i32 = 0;

  field(b: Uint8Array): FieldKey {
    this.parts.push(b);
    this.total += 4 + b.length;
    return this;
  }

  // A count, as an eight-byte field.
  count(n: i64): FieldKey {
    const b = new Uint8Array(8);
    for (let i = 0; i < 8; i++) b[i] = <u8>(n >> (56 - 8 * i));
    return this.field(b);
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.total);
    const d = out.dataStart;
    let at: usize = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i];
      const n = <u32>p.length;
      store<u32>(d + at, bswap<u32>(n));
      memory.copy(d + at + 4, p.dataStart, <usize>n);
      at += 4 + <usize>n;
    }
    return out;
  }
}
