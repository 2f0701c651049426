// The RAW transport (migtd.md §1.6, §2.2 "vmcall-raw"): the peer byte stream travels in Send and
// Receive calls of the MigTD VMCALL leaf, keyed by the request id; the VMM relays them to the peer
// MigTD. One Send and one Receive are outstanding at a time; the VMM completes each by setting
// data_status byte 0 to 1 (and raises vector 0x52), or cancels it (byte 0 = 2, byte 1 = 3),
// which ends the session with VmmCanceled (10).
import { Transport, TransportOpener } from "./transport";
import { RawBuffer, RawHeader, COMPLETION_PENDING, COMPLETION_SUCCESS, COMPLETION_CANCELED, retireUntilReported } from "../vmm/raw/buffer";
import { rawSend, rawReceive } from "../vmm/raw/leaf";
import { RAW_MAX_CHUNK, RAW_STREAM_PAGES, RAW_HEADER_SIZE, RAW_PAGE } from "../vmm/raw/wire";
import { VECTOR_CHANNEL } from "../tdx/leaves";
import { RawError } from "../result/raw";
import { resultFor } from "../result/map";
import { u64Hex } from "../util/hex";

export class RawTransport extends Transport {
  private sendBuf: RawBuffer | null = null;
  private recvBuf: RawBuffer | null = null;
  private sending: i32 = 0; // payload bytes of the outstanding Send (0: none)
  private receiving: bool = false;
  // Calls issued, for the log.
  sends: i32 = 0;
  receives: i32 = 0;

  // The Receive buffer is the spec's 16 pages for the whole session; a Send buffer is sized for
  // its chunk and freed once the VMM completes it (12 sessions share one shared pool).
  constructor(public requestId: u64) {
    super();
    this.recvBuf = RawBuffer.alloc(RAW_STREAM_PAGES);
    if (this.recvBuf === null) this.fail(RawError.NoSharedMemory, "no shared memory for the RAW Receive buffer");
  }

  // The first failure is kept (sticky); its result code is what the session reports.
  failure: RawError = RawError.None;

  private fail(failure: RawError, why: string): bool {
    if (this.error.length == 0) { this.error = why; this.failure = failure; this.errorCode = resultFor(failure); }
    return false;
  }

  // A completed header: true to go on, false when the call failed (error set).
  private check(h: RawHeader | null, what: string): bool {
    if (h === null) return this.fail(RawError.CallFailed, "cannot read the " + what + " buffer");
    const c = h.completion;
    if (c == COMPLETION_CANCELED) return this.fail(RawError.Canceled, "the VMM cancelled " + what + " of request " + u64Hex(this.requestId));
    if (c != COMPLETION_SUCCESS) return this.fail(RawError.CallFailed, what + " failed: data_status 0x" + h.dataStatus.toString(16));
    return true;
  }

  pump(): bool {
    if (!this.ok) return false;
    let moved = false;
    if (this.sending > 0) {
      const sb = this.sendBuf!;
      const h = sb.header();
      if (h === null || h.completion != COMPLETION_PENDING) {
        if (!this.check(h, "Send")) return moved;
        this.out = this.out.slice(this.sending);
        this.sending = 0;
        sb.free();
        this.sendBuf = null;
        moved = true;
      }
    }
    if (this.sending == 0 && this.out.length > 0) {
      const n = min<i32>(this.out.length, RAW_MAX_CHUNK);
      const sb = RawBuffer.alloc(<u32>((RAW_HEADER_SIZE + n + RAW_PAGE - 1) / RAW_PAGE));
      if (sb === null) return this.fail(RawError.NoSharedMemory, "no shared memory for a RAW Send buffer");
      this.sendBuf = sb;
      if (!sb.fill(0, this.out.subarray(0, n))) return this.fail(RawError.CallFailed, "cannot fill the Send buffer");
      const r = rawSend(this.requestId, sb.gpa, <u64>sb.size, VECTOR_CHANNEL);
      if (!r.ok) return this.fail(RawError.CallFailed, "Send VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
      this.sending = n;
      this.sends++;
    }
    // A Receive is offered at the start of a pump when none is outstanding (not right after one
    // completes), so a session that has all it needs leaves no Receive behind.
    const rb = this.recvBuf!;
    if (!this.receiving && this.wantsInput) {
      if (!rb.fill(0, new Uint8Array(0))) return this.fail(RawError.CallFailed, "cannot fill the Receive buffer");
      const r = rawReceive(this.requestId, rb.gpa, <u64>rb.size, VECTOR_CHANNEL);
      if (!r.ok) return this.fail(RawError.CallFailed, "Receive VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
      this.receiving = true;
      this.receives++;
    }
    if (this.receiving) {
      const h = rb.header();
      if (h === null || h.completion != COMPLETION_PENDING) {
        if (!this.check(h, "Receive")) return moved;
        const len = <i32>h!.length;
        // §1.6: a successful Receive of zero bytes is malformed.
        if (h!.length == 0) return this.fail(RawError.ReceiveEmpty, "malformed Receive: success with 0 bytes");
        if (h!.length > <u32>rb.capacity) return this.fail(RawError.ReceiveTooLong, "malformed Receive: length " + h!.length.toString() + " exceeds the buffer");
        const data = rb.payload(len);
        if (data === null) return this.fail(RawError.CallFailed, "cannot read the Receive buffer");
        this.incoming.push(data);
        this.receiving = false;
        moved = true;
      }
    }
    return moved;
  }

  // Dropping the context: buffers the VMM may still complete are kept until ReportStatus is
  // acknowledged (buffer.ts).
  close(): void {
    if (this.sendBuf !== null) { if (this.sending > 0) retireUntilReported(this.requestId, this.sendBuf!); else this.sendBuf!.free(); }
    if (this.recvBuf !== null) { if (this.receiving) retireUntilReported(this.requestId, this.recvBuf!); else this.recvBuf!.free(); }
    this.sendBuf = null;
    this.recvBuf = null;
    this.sending = 0;
    this.receiving = false;
  }
}

export class RawOpener extends TransportOpener {
  constructor(public requestId: u64) { super(); }
  open(): Transport { return new RawTransport(this.requestId); }
  describe(): string { return "vmcall-raw request " + u64Hex(this.requestId); }
}
