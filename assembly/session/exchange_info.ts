// ExchangeInformation, the 40-byte record each MigTD sends inside TLS (migtd.md §2.1):
// MSK as 4 x u64 (the sender's MIG_ENC_KEY), min_ver u16, max_ver u16, 4 reserved zero bytes.
// And the version negotiation both sides compute identically (§2.1 step 8).
import { wipe } from "../crypto/wipe";

export const EXCHANGE_INFO_SIZE: i32 = 40;

export class ExchangeInfo {
  key: StaticArray<u64> = new StaticArray<u64>(4);
  minVersion: u32 = 0;
  maxVersion: u32 = 0;

  wipe(): void {
    for (let i = 0; i < 4; i++) this.key[i] = 0;
  }
}

export function encodeExchangeInfo(key: StaticArray<u64>, minVersion: u32, maxVersion: u32): Uint8Array {
  const b = new Uint8Array(EXCHANGE_INFO_SIZE);
  for (let i = 0; i < 4; i++) store<u64>(b.dataStart + 8 * <usize>i, key[i]);
  store<u16>(b.dataStart + 32, <u16>minVersion);
  store<u16>(b.dataStart + 34, <u16>maxVersion);
  return b;
}

// Null unless exactly 40 bytes with zero reserved bytes. The input is wiped either way: it holds
// the peer's key.
export function decodeExchangeInfo(b: Uint8Array): ExchangeInfo | null {
  if (b.length != EXCHANGE_INFO_SIZE) { wipe(b); return null; }
  if (load<u32>(b.dataStart + 36) != 0) { wipe(b); return null; }
  const info = new ExchangeInfo();
  for (let i = 0; i < 4; i++) info.key[i] = load<u64>(b.dataStart + 8 * <usize>i);
  info.minVersion = <u32>load<u16>(b.dataStart + 32);
  info.maxVersion = <u32>load<u16>(b.dataStart + 34);
  wipe(b);
  return info;
}

// Export range [a, b] of the source and import range [c, d] of the destination: fails (-1) when
// a > b, c > d, b < c or d < a; else min(b, d) (migtd.md §2.1 step 8).
export function negotiateVersion(a: u32, b: u32, c: u32, d: u32): i32 {
  if (a > b || c > d || b < c || d < a) return -1;
  return <i32>min<u32>(b, d);
}
