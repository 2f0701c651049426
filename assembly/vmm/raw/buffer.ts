// A shared buffer of the RAW interface: the 12-byte header then the payload (migtd.md §1.6). The
// VMM writes into it at any time, so every read is a fresh private copy, checked before use.
import { shared_alloc, shared_free, shared_gpa, shared_read, shared_write } from "../../abi";
import { RAW_HEADER_SIZE, RAW_PAGE, DS_SUCCESS, DS_ERROR, DS_CANCELED } from "./wire";

// What a completed header says.
export const COMPLETION_PENDING: i32 = 0;
export const COMPLETION_SUCCESS: i32 = 1;
export const COMPLETION_CANCELED: i32 = 2;
export const COMPLETION_ERROR: i32 = 3;

export class RawHeader {
  constructor(public dataStatus: u64, public length: u32) {}
  get byte0(): u8 { return <u8>(this.dataStatus & 0xff); }
  get byte1(): u8 { return <u8>((this.dataStatus >> 8) & 0xff); }
  // Both fields zero: the VMM has not answered yet.
  get empty(): bool { return this.dataStatus == 0 && this.length == 0; }
  get completion(): i32 {
    const b0 = this.byte0;
    if (b0 == 0) return COMPLETION_PENDING;
    if (b0 == DS_SUCCESS) return COMPLETION_SUCCESS;
    if (b0 == DS_ERROR && this.byte1 == DS_CANCELED) return COMPLETION_CANCELED;
    return COMPLETION_ERROR;
  }
}

export const ANSWER_PENDING: i32 = 0;
export const ANSWER_NO_ID: i32 = 1;
export const ANSWER_ID: i32 = 2;
const answerHead: usize = memory.data(24, 8); // RAW_HEADER_SIZE + an 8-byte request id
export let answeredRequestId: u64 = 0;

export class RawBuffer {
  private constructor(public handle: i32, public pages: u32, public gpa: u64) {}

  static alloc(pages: u32): RawBuffer | null {
    const h = shared_alloc(pages);
    if (h < 0) return null;
    const gpa = shared_gpa(h);
    if (gpa < 0) { shared_free(h); return null; }
    return new RawBuffer(h, pages, <u64>gpa);
  }

  get size(): i32 { return <i32>this.pages * RAW_PAGE; }
  // Payload bytes the buffer holds after its header.
  get capacity(): i32 { return this.size - RAW_HEADER_SIZE; }

  // Header {data_status, length} followed by `payload` (may be empty). False when it does not fit.
  fill(dataStatus: u64, payload: Uint8Array): bool {
    if (payload.length > this.capacity) return false;
    const head = new Uint8Array(RAW_HEADER_SIZE);
    store<u64>(head.dataStart, dataStatus);
    store<u32>(head.dataStart + 8, <u32>payload.length);
    if (payload.length > 0 && shared_write(this.handle, <u32>RAW_HEADER_SIZE, payload.dataStart, <u32>payload.length) != 0) return false;
    return shared_write(this.handle, 0, head.dataStart, <u32>RAW_HEADER_SIZE) == 0;
  }

  // Raw bytes at `off` (pages that are not header + payload, e.g. log areas).
  writeAt(off: i32, bytes: Uint8Array): bool {
    if (off < 0 || off + bytes.length > this.size) return false;
    return shared_write(this.handle, <u32>off, bytes.dataStart, <u32>bytes.length) == 0;
  }

  header(): RawHeader | null {
    const head = new Uint8Array(RAW_HEADER_SIZE);
    if (shared_read(this.handle, 0, head.dataStart, <u32>RAW_HEADER_SIZE) != 0) return null;
    return new RawHeader(load<u64>(head.dataStart), load<u32>(head.dataStart + 8));
  }

  // Whether the VMM answered, and the request id its payload starts with, read in place without
  // allocating (into `answerHead`), so the id can be recorded in flight before anything that can
  // trap (session/inflight.ts): ANSWER_PENDING, ANSWER_NO_ID (unreadable, or a payload shorter
  // than an id, as parseRawRequest rejects it) or ANSWER_ID with the id in `answeredRequestId`.
  peekAnswer(): i32 {
    if (this.capacity < 8 || shared_read(this.handle, 0, answerHead, <u32>(RAW_HEADER_SIZE + 8)) != 0) return ANSWER_NO_ID;
    const status = load<u64>(answerHead);
    const length = load<u32>(answerHead + 8);
    if (status == 0 && length == 0) return ANSWER_PENDING;
    if (length < 8) return ANSWER_NO_ID;
    answeredRequestId = load<u64>(answerHead + RAW_HEADER_SIZE);
    return ANSWER_ID;
  }

  // A private copy of the first `len` payload bytes (len is clamped by the caller).
  payload(len: i32): Uint8Array | null {
    if (len < 0 || len > this.capacity) return null;
    const out = new Uint8Array(len);
    if (len > 0 && shared_read(this.handle, <u32>RAW_HEADER_SIZE, out.dataStart, <u32>len) != 0) return null;
    return out;
  }

  free(): void {
    if (this.handle >= 0) shared_free(this.handle);
    this.handle = -1;
  }
}

// Buffers the VMM may still write to after their owner is gone (a Receive outstanding when a
// session ends): kept until the request's ReportStatus is acknowledged, when the VMM has dropped
// the request's context (§2.1 step 7 "RAW context drop"), then freed.
class Retired {
  constructor(public requestId: u64, public buf: RawBuffer) {}
}
const retired: Retired[] = [];

export function retireUntilReported(requestId: u64, buf: RawBuffer): void {
  retired.push(new Retired(requestId, buf));
}

export function releaseRetired(requestId: u64): void {
  for (let i = 0; i < retired.length; ) {
    if (retired[i].requestId == requestId) { retired[i].buf.free(); retired.splice(i, 1); } else i++;
  }
}
