// SHA-256 over a sequence of byte fields, each preceded by its length (u32 big-endian), so that
// no two different sequences hash the same input ("ab","c" vs "a","bc"). The identity of parsed
// collateral and of a platform's verification inputs in the verification caches.
import { Sha256 } from "../crypto/sha256";

export class FieldDigest {
  private h: Sha256 = new Sha256();
  private len: Uint8Array = new Uint8Array(4);

  field(b: Uint8Array): FieldDigest {
    const n = <u32>b.length;
    this.len[0] = <u8>(n >> 24);
    this.len[1] = <u8>(n >> 16);
    this.len[2] = <u8>(n >> 8);
    this.len[3] = <u8>n;
    this.h.update(this.len);
    this.h.update(b);
    return this;
  }

  // A count, as an eight-byte field.
  count(n: i64): FieldDigest {
    const b = new Uint8Array(8);
    for (let i = 0; i < 8; i++) b[i] = <u8>(n >> (56 - 8 * i));
    return this.field(b);
  }

  text(s: string): FieldDigest {
    return this.field(Uint8Array.wrap(String.UTF8.encode(s)));
  }

  done(): Uint8Array {
    return this.h.final();
  }
}
