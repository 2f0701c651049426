// A byte stream to the peer MigTD. V1 carries the TLS stream unframed on every transport
// (migtd.md §2.2). Non-blocking: `send` queues, `pump` moves queued bytes out and received bytes
// in. Two implementations: a runtime channel (vsock, virtio-serial; docs/abi.md "Byte-stream
// channels") and the RAW interface's Send/Receive VMCALLs (raw_transport.ts). The session above
// sees only this class.
import { chan_open, chan_send, chan_recv, chan_close, CHAN_VSOCK, ABI_ERR_CLOSED } from "../abi";
import { RESULT_NETWORK_ERROR } from "../result/codes";

// Bytes read from the channel per pump call at most (one TLS record is at most 16 KiB + 256).
const RECV_CHUNK: i32 = 16 * 1024 + 512;
// Where chan_recv writes, shared by every channel (single-threaded; the bytes are copied out at
// once): most pumps find nothing to read, and a fresh zeroed 16 KiB buffer for each was a
// noticeable share of a session's allocations. What arrives is TLS records, nothing secret.
const RECV_BUF: usize = memory.data(RECV_CHUNK, 16);

export class Transport {
  protected out: Uint8Array = new Uint8Array(0);
  protected incoming: Uint8Array[] = [];
  peerClosed: bool = false;
  error: string = "";
  // The result code a failure of this transport is reported as (§1.3: transport errors are
  // NetworkError; a RAW cancellation by the VMM is VmmCanceled).
  errorCode: u8 = RESULT_NETWORK_ERROR;
  // Set by the session: false once it has every byte it will read. A transport whose reads are
  // requests the host can see (RAW Receive) then stops offering them.
  wantsInput: bool = true;

  get ok(): bool { return this.error.length == 0; }

  send(data: Uint8Array): void {
    if (data.length == 0) return;
    const merged = new Uint8Array(this.out.length + data.length);
    merged.set(this.out, 0);
    merged.set(data, this.out.length);
    this.out = merged;
  }

  // Bytes queued and not yet accepted by the other end.
  get pendingOutput(): i32 { return this.out.length; }

  // Moves bytes both ways without blocking. Returns true when anything moved.
  pump(): bool { return false; }

  // Everything received so far (and forgets it).
  take(): Uint8Array {
    let total = 0;
    for (let i = 0; i < this.incoming.length; i++) total += this.incoming[i].length;
    if (this.incoming.length == 1) {
      const only = this.incoming[0]; // a buffer of its own (pump made it), held nowhere else
      this.incoming = [];
      return only;
    }
    const all = new Uint8Array(total);
    let off = 0;
    for (let i = 0; i < this.incoming.length; i++) { all.set(this.incoming[i], off); off += this.incoming[i].length; }
    this.incoming = [];
    return all;
  }

  close(): void {}
}

// How a request reaches its peer: given by the host interface with the request, opened by the
// session once it has its quote.
export class TransportOpener {
  open(): Transport { const t = new Transport(); t.error = "no transport"; return t; }
  describe(): string { return "nothing"; }
}

// A runtime channel (chan_* imports).
export class ChannelTransport extends Transport {
  private handle: i32 = -1;

  static vsock(cid: u64, port: u32): ChannelTransport {
    const t = new ChannelTransport();
    const addr = new Uint8Array(12);
    store<u64>(addr.dataStart, cid);
    store<u32>(addr.dataStart + 8, port);
    t.handle = chan_open(CHAN_VSOCK, addr.dataStart, 12);
    if (t.handle < 0) t.error = "cannot open vsock " + cid.toString() + ":" + port.toString() + " (status " + t.handle.toString() + ")";
    return t;
  }

  get ok(): bool { return this.handle >= 0 && this.error.length == 0; }

  pump(): bool {
    if (!this.ok) return false;
    let moved = false;
    if (this.out.length > 0) {
      const n = chan_send(this.handle, this.out.dataStart, <u32>this.out.length);
      if (n < 0) { this.error = "channel send failed (status " + n.toString() + ")"; return moved; }
      if (n > 0) { this.out = this.out.slice(n); moved = true; }
    }
    while (!this.peerClosed) {
      const n = chan_recv(this.handle, RECV_BUF, <u32>RECV_CHUNK);
      if (n == 0) break;
      if (n == ABI_ERR_CLOSED) { this.peerClosed = true; break; }
      if (n < 0) { this.error = "channel receive failed (status " + n.toString() + ")"; break; }
      if (n > RECV_CHUNK) { this.error = "channel receive overran its buffer (" + n.toString() + " bytes)"; break; }
      const got = new Uint8Array(n);
      memory.copy(got.dataStart, RECV_BUF, <usize>n);
      this.incoming.push(got);
      moved = true;
    }
    return moved;
  }

  close(): void {
    if (this.handle >= 0) chan_close(this.handle);
    this.handle = -1;
  }
}

// vsock (cid, port) from the StreamSocketInfo HOB (§1.4).
export class VsockOpener extends TransportOpener {
  constructor(public cid: u64, public port: u32) { super(); }
  open(): Transport { return ChannelTransport.vsock(this.cid, this.port); }
  describe(): string { return "vsock " + this.cid.toString() + ":" + this.port.toString(); }
}
