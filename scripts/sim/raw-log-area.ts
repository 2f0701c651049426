// The host's reader of a MigTD's RAW log areas (migtd.md §1.6): one 4 KiB page per vCPU, a
// 40-byte header then a ring of entries. Ring arithmetic as docs/host-interfaces.md states it:
// offsets in [40, 4096), start = oldest entry, end = next free byte, bytes continue at 40 after
// 4095, start == end = empty.
import { RAW } from "./raw-wire.ts";

export interface LogEntry {
  vcpu: number;
  id: bigint;
  requestId: bigint;
  level: number;
  text: string;
}

export const LEVELS = ["", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];

export class LogAreaError extends Error {}

export function parseLogArea(page: Uint8Array): { vcpu: number; start: number; end: number; entries: LogEntry[] } {
  if (page.length !== 4096) throw new LogAreaError(`log page of ${page.length} bytes`);
  const sig = new TextDecoder().decode(page.subarray(0, 16));
  if (sig !== RAW.LOG_SIGNATURE) throw new LogAreaError(`bad signature ${JSON.stringify(sig)}`);
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const vcpu = v.getUint32(16, true);
  const start = Number(v.getBigUint64(24, true));
  const end = Number(v.getBigUint64(32, true));
  const H = RAW.LOG_HEADER;
  const ring = 4096 - H;
  if (start < H || start >= 4096 || end < H || end >= 4096) throw new LogAreaError(`offsets ${start}..${end} outside the ring`);
  const at = (off: number, i: number) => page[H + ((off - H + i) % ring)];
  const bytes = (off: number, n: number) => Uint8Array.from({ length: n }, (_, i) => at(off, i));
  const entries: LogEntry[] = [];
  let p = start;
  let used = (end - start + ring) % ring;
  while (used > 0) {
    if (used < RAW.LOG_ENTRY_HEADER) throw new LogAreaError("truncated entry header");
    const h = bytes(p, RAW.LOG_ENTRY_HEADER);
    const hv = new DataView(h.buffer);
    const len = hv.getUint32(20, true);
    if (RAW.LOG_ENTRY_HEADER + len > used) throw new LogAreaError("entry runs past end_offset");
    entries.push({
      vcpu, id: hv.getBigUint64(0, true), requestId: hv.getBigUint64(8, true), level: h[16],
      text: new TextDecoder().decode(bytes(H + ((p - H + RAW.LOG_ENTRY_HEADER) % ring), len)),
    });
    p = H + ((p - H + RAW.LOG_ENTRY_HEADER + len) % ring);
    used -= RAW.LOG_ENTRY_HEADER + len;
  }
  return { vcpu, start, end, entries };
}

export function formatLogEntry(e: LogEntry): string {
  const req = e.requestId === RAW.NO_REQUEST ? "-" : `0x${e.requestId.toString(16)}`;
  return `vcpu${e.vcpu} #${e.id} [${LEVELS[e.level] ?? e.level}] req ${req}: ${e.text}`;
}
