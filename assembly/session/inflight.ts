// The set of migration requests in flight, mirrored into the runtime's persist area so that
// after a trap the next instance can report each of them as InitializationError (0xFF) instead of
// leaving the VMM waiting forever (docs/abi.md "Trap recovery"). Layout: u32 magic, u32 count,
// count x u64 request id.
import { persist_read, persist_write, PERSIST_MAX } from "../abi";

// Intel's MigTD serves at most this many requests at once (migtd.md §1.8).
export const MAX_CONCURRENT_REQUESTS: i32 = 12;
const PERSIST_MAGIC: u32 = 0x5044_544d; // "MTDP"

export class InFlight {
  ids: u64[] = [];

  has(id: u64): bool { return this.ids.includes(id); }
  get count(): i32 { return this.ids.length; }

  add(id: u64): void {
    if (!this.has(id)) this.ids.push(id);
    this.save();
  }

  remove(id: u64): void {
    const i = this.ids.indexOf(id);
    if (i >= 0) this.ids.splice(i, 1);
    this.save();
  }

  save(): void {
    const n = this.ids.length;
    const buf = new Uint8Array(8 + 8 * n);
    store<u32>(buf.dataStart, PERSIST_MAGIC);
    store<u32>(buf.dataStart + 4, <u32>n);
    for (let i = 0; i < n; i++) store<u64>(buf.dataStart + 8 + 8 * <usize>i, this.ids[i]);
    persist_write(buf.dataStart, <u32>buf.length);
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
