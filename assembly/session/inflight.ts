// The set of migration requests in flight, mirrored into the runtime's persist area so that
// after a trap the next instance can report each of them as InitializationError (0xFF) instead of
// leaving the VMM waiting forever (docs/abi.md "Trap recovery"). Layout: u32 magic, u32 count,
// count x u64 request id.
//
// A request must be recorded here before the core does anything with it that can trap, and
// almost anything can: a trap is typically memory.grow failing inside the allocator. So adding,
// removing and saving never allocate (a fixed table and a static persist image), and the host
// interfaces record a request id read in place from the VMM's answer, before they copy or parse
// it (service_host.ts, raw_host.ts).
import { persist_read, persist_write, PERSIST_MAX } from "../abi";

// Intel's MigTD serves at most this many requests at once (migtd.md §1.8).
export const MAX_CONCURRENT_REQUESTS: i32 = 12;
const PERSIST_MAGIC: u32 = 0x5044_544d; // "MTDP"
// 8 + 8 x MAX_CONCURRENT_REQUESTS: the persist image of a full table.
const IMAGE_BYTES: i32 = 104;
const image: usize = memory.data(IMAGE_BYTES, 8);
assert(8 + 8 * MAX_CONCURRENT_REQUESTS <= IMAGE_BYTES, "the persist image holds a full table");

export class InFlight {
  // At most MAX_CONCURRENT_REQUESTS: a WaitForRequest is issued only while fewer are in flight,
  // and a previous instance's orphans are at most that many (recover()).
  private ids: StaticArray<u64> = new StaticArray<u64>(MAX_CONCURRENT_REQUESTS);
  private n: i32 = 0;

  has(id: u64): bool {
    for (let i = 0; i < this.n; i++) if (unchecked(this.ids[i]) == id) return true;
    return false;
  }
  get count(): i32 { return this.n; }

  // False only when the table is full (which the accept gate above rules out).
  add(id: u64): bool {
    if (!this.has(id)) {
      if (this.n >= MAX_CONCURRENT_REQUESTS) return false;
      unchecked(this.ids[this.n++] = id);
    }
    this.save();
    return true;
  }

  remove(id: u64): void {
    for (let i = 0; i < this.n; i++) {
      if (unchecked(this.ids[i]) != id) continue;
      for (let j = i + 1; j < this.n; j++) unchecked(this.ids[j - 1] = this.ids[j]);
      this.n--;
      break;
    }
    this.save();
  }

  save(): void {
    store<u32>(image, PERSIST_MAGIC);
    store<u32>(image + 4, <u32>this.n);
    for (let i = 0; i < this.n; i++) store<u64>(image + 8 + 8 * <usize>i, unchecked(this.ids[i]));
    persist_write(image, <u32>(8 + 8 * this.n));
  }

  // Ids a previous instance left in flight (empty when it ended cleanly or never ran).
  static recover(): u64[] {
    const buf = new Uint8Array(<i32>PERSIST_MAX);
    const len = persist_read(buf.dataStart, PERSIST_MAX);
    const out: u64[] = [];
    if (len < 8 || load<u32>(buf.dataStart) != PERSIST_MAGIC) return out;
    const n = <i32>load<u32>(buf.dataStart + 4);
    if (n < 0 || n > MAX_CONCURRENT_REQUESTS || 8 + 8 * n > len) return out;
    for (let i = 0; i < n; i++) out.push(load<u64>(buf.dataStart + 8 + 8 * <usize>i));
    return out;
  }
}
