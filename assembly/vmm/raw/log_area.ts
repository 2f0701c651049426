// RAW log areas (migtd.md §1.6, op 4 EnableLogArea): one shared 4 KiB page per vCPU that the host
// reads without asking the MigTD. Page = 40-byte header {signature[16] "MigTD LogArea 1\0",
// vcpu_index u32, reserved u32, start_offset u64, end_offset u64} then a ring of entries
// {log_entry_id u64, mig_request_id u64, level u8, reserved[3], length u32} + text.
//
// Ring convention (the spec fixes the layout, not the arithmetic; docs/host-interfaces.md): both
// offsets are page offsets in [40, 4096), initially 40; start = oldest entry, end = where the next
// entry goes, start == end = empty; entry bytes continue at offset 40 after offset 4095; when an
// entry does not fit, the oldest entries are dropped (start advances). One byte always stays free.
//
// Before EnableLogArea, lines go to a private provisional page that is copied into the host's page
// on enable. Release builds cap the host's level at info (3); the debug core allows trace.
import { RawBuffer } from "./buffer";
import { RAW_PAGE } from "./wire";

export const LOG_AREA_HEADER_SIZE: i32 = 40;
export const LOG_ENTRY_HEADER_SIZE: i32 = 24;
const RING: i32 = RAW_PAGE - LOG_AREA_HEADER_SIZE;
const SIGNATURE: string = "MigTD LogArea 1";
export const LEVEL_INFO: u8 = 3;
export const LEVEL_TRACE: u8 = 5;

let levelCap: u8 = LEVEL_INFO;

// The debug core lifts the release cap (called once from assembly/debug.ts).
export function allowAllLogLevels(): void { levelCap = LEVEL_TRACE; }
export function logLevelCap(): u8 { return levelCap; }

function initPage(page: Uint8Array, vcpu: u32): void {
  page.fill(0);
  const sig = String.UTF8.encode(SIGNATURE);
  page.set(Uint8Array.wrap(sig), 0); // the 16th byte stays 0
  store<u32>(page.dataStart + 16, vcpu);
  store<u64>(page.dataStart + 24, <u64>LOG_AREA_HEADER_SIZE);
  store<u64>(page.dataStart + 32, <u64>LOG_AREA_HEADER_SIZE);
}

export class LogArea {
  // Private copy of this vCPU's page (the provisional page until enabled).
  page: Uint8Array = new Uint8Array(RAW_PAGE);
  maxLevel: u8;
  enabled: bool = false;
  pages: RawBuffer[] = [];
  vcpuIndex: u32 = 0;
  private nextId: u64 = 1;

  constructor() {
    this.maxLevel = levelCap;
    initPage(this.page, 0);
  }

  private get start(): i32 { return <i32>load<u64>(this.page.dataStart + 24); }
  private get end(): i32 { return <i32>load<u64>(this.page.dataStart + 32); }
  private used(): i32 { return (this.end - this.start + RING) % RING; }

  // Ring position `off` advanced by n bytes.
  private advance(off: i32, n: i32): i32 {
    return LOG_AREA_HEADER_SIZE + (off - LOG_AREA_HEADER_SIZE + n) % RING;
  }

  private putByte(off: i32, b: u8): void { this.page[off] = b; }

  private readU32(off: i32): u32 {
    let v: u32 = 0;
    for (let i = 0; i < 4; i++) v |= (<u32>this.page[this.advance(off, i)]) << (8 * i);
    return v;
  }

  private write(off: i32, bytes: Uint8Array): i32 {
    let p = off;
    for (let i = 0; i < bytes.length; i++) { this.putByte(p, bytes[i]); p = this.advance(p, 1); }
    return p;
  }

  append(level: u32, requestId: u64, text: string): void {
    if (level == 0 || level > <u32>this.maxLevel) return;
    const body = Uint8Array.wrap(String.UTF8.encode(text));
    const maxText = RING - 1 - LOG_ENTRY_HEADER_SIZE;
    const len = min<i32>(body.length, maxText);
    const need = LOG_ENTRY_HEADER_SIZE + len;
    // Drop the oldest entries until this one fits.
    while (RING - 1 - this.used() < need) {
      const oldLen = <i32>this.readU32(this.advance(this.start, 20));
      store<u64>(this.page.dataStart + 24, <u64>this.advance(this.start, LOG_ENTRY_HEADER_SIZE + oldLen));
    }
    const head = new Uint8Array(LOG_ENTRY_HEADER_SIZE);
    store<u64>(head.dataStart, this.nextId++);
    store<u64>(head.dataStart + 8, requestId);
    head[16] = <u8>level;
    store<u32>(head.dataStart + 20, <u32>len);
    let p = this.write(this.end, head);
    p = this.write(p, body.subarray(0, len));
    store<u64>(this.page.dataStart + 32, <u64>p);
    this.publish();
  }

  // Copies the private page into the host's page of this vCPU.
  private publish(): void {
    if (!this.enabled || <i32>this.vcpuIndex >= this.pages.length) return;
    const buf = this.pages[this.vcpuIndex];
    writePage(buf, this.page);
  }

  // EnableLogArea: one page per vCPU, the provisional entries copied into ours. Returns the
  // ReportStatus data {num_vcpus u32, pad u32, per vCPU {gpa u64, size u64}} or null when shared
  // memory is unavailable. A second enable changes only the level.
  enable(level: u8, numVcpus: u32, vcpuIndex: u32): Uint8Array | null {
    this.maxLevel = min<u8>(level, levelCap);
    if (!this.enabled) {
      if (numVcpus == 0 || vcpuIndex >= numVcpus) return null;
      const pages: RawBuffer[] = [];
      for (let i: u32 = 0; i < numVcpus; i++) {
        const b = RawBuffer.alloc(1);
        if (b === null) { for (let j = 0; j < pages.length; j++) pages[j].free(); return null; }
        const p = new Uint8Array(RAW_PAGE);
        initPage(p, i);
        writePage(b, p);
        pages.push(b);
      }
      this.pages = pages;
      this.vcpuIndex = vcpuIndex;
      store<u32>(this.page.dataStart + 16, vcpuIndex);
      this.enabled = true;
      this.publish();
    }
    const n = this.pages.length;
    const out = new Uint8Array(8 + 16 * n);
    store<u32>(out.dataStart, <u32>n);
    for (let i = 0; i < n; i++) {
      store<u64>(out.dataStart + 8 + 16 * i, this.pages[i].gpa);
      store<u64>(out.dataStart + 16 + 16 * i, <u64>RAW_PAGE);
    }
    return out;
  }
}

function writePage(buf: RawBuffer, page: Uint8Array): void {
  buf.writeAt(0, page);
}
