// A bounded map from a digest of some bytes to what was established about those bytes, valid over
// [from, until] (Unix seconds). Its users keep results that are pure functions of the bytes the
// digest covers and of a judgement instant, and that cost far more to recompute than to look up
// (parsed and verified collateral, attest/verified_platform.ts; parsed collateral,
// attest/collateral/parse_cache.ts).
//
// No clock: the caller passes the instant it judges at. An entry asked for after its `until` is
// dropped (the result it holds is no longer what a fresh computation would give, and a later
// instant cannot revive it); one asked for before its `from` is a miss but stays. Replacement is
// FIFO once `capacity` entries are held: lookups are linear over at most a few dozen digests,
// cheaper than any of the work an entry saves.
import { bytesEqual } from "./bytes";

export const FOREVER: i64 = i64.MAX_VALUE;
export const SINCE_ALWAYS: i64 = i64.MIN_VALUE;

export class ExpiringCache<T> {
  private keys: Uint8Array[] = [];
  private values: T[] = [];
  private from: i64[] = [];
  private until: i64[] = [];
  private next: i32 = 0; // the slot the next insertion replaces once full
  enabled: bool = true;
  hits: i32 = 0;
  misses: i32 = 0;
  expired: i32 = 0;

  constructor(public readonly capacity: i32) {}

  get size(): i32 {
    return this.keys.length;
  }

  // The value stored under `key` if `now` lies in its validity interval, else null.
  get(key: Uint8Array, now: i64): T | null {
    if (!this.enabled) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (!bytesEqual(unchecked(this.keys[i]), key)) continue;
      if (now > unchecked(this.until[i])) {
        this.drop(i);
        this.expired++;
        break;
      }
      if (now < unchecked(this.from[i])) break;
      this.hits++;
      return unchecked(this.values[i]);
    }
    this.misses++;
    return null;
  }

  // Stores (or replaces) the value for `key`; an empty interval stores nothing. The cache keeps a
  // copy of `key`, unless `owned`: the caller then hands over a key nothing else refers to or
  // changes (one just made by FieldKey.done()), and copying kilobytes of collateral again would
  // be waste.
  put(key: Uint8Array, value: T, from: i64, until: i64, owned: bool = false): void {
    if (!this.enabled || from > until) return;
    for (let i = 0; i < this.keys.length; i++) {
      if (bytesEqual(this.keys[i], key)) {
        this.values[i] = value;
        this.from[i] = from;
        this.until[i] = until;
        return;
      }
    }
    if (this.keys.length < this.capacity) {
      this.keys.push(owned ? key : key.slice());
      this.values.push(value);
      this.from.push(from);
      this.until.push(until);
      return;
    }
    const k = this.next;
    this.keys[k] = owned ? key : key.slice();
    this.values[k] = value;
    this.from[k] = from;
    this.until[k] = until;
    this.next = (k + 1) % this.capacity;
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.from = [];
    this.until = [];
    this.next = 0;
    this.hits = 0;
    this.misses = 0;
    this.expired = 0;
  }

  // Removes slot i. The bound holds whatever happens; the replacement order after a removal is only
  // roughly oldest-first, which costs at most an early re-verification.
  private drop(i: i32): void {
    this.keys.splice(i, 1);
    this.values.splice(i, 1);
    this.from.splice(i, 1);
    this.until.splice(i, 1);
    if (this.next > i) this.next--;
    if (this.next >= this.keys.length) this.next = 0;
  }
}
