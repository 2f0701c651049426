// The host VMM's side of the RAW interface (GHCI 1.5 MigTD leaf, migtd.md §1.6): a request queue
// answered through WaitForRequest (vector 0x50), ReportStatus collection with acknowledgement,
// Send/Receive relayed to the peer MigTD's VMM keyed by request id (vector 0x52), cancellation
// and fault injection, and a reader of the MigTD's log areas.
import { GuestTask, REG, Regs, readGuest, writeGuest } from "./guest.ts";
import { GHCI_INVALID_OPERAND, GHCI_ALIGN_ERROR, GHCI_SUCCESS, type Vmm } from "./vmm.ts";
import { RAW, rawHeader } from "./raw-wire.ts";
import { LogEntry, parseLogArea, formatLogEntry } from "./raw-log-area.ts";
import type { Tamper } from "./relay.ts";

export interface RawRequestSpec {
  op: number;
  payload: Uint8Array;
  dataStatus?: bigint; // default 1 | op << 8
  length?: number; // the header's length field (default payload length)
}

// Cancels the nth (0-based) Send or Receive of a request: data_status byte 0 = 2, byte 1 = 3.
export interface RawCancel { fn: "send" | "receive"; requestId?: bigint; nth?: number }
// Completes the nth Receive of a request with success and 0 bytes (malformed, §1.6).
export interface RawReceiveFault { requestId?: bigint; nth?: number; kind: "zero-length" }

export interface RawReport {
  requestId: bigint;
  failed: number; // status byte 0
  code: number; // status byte 1
  statusWord: bigint;
  data: Uint8Array;
}

interface Pending { gpa: bigint; len: number; vector: number }

export class RawVmm {
  readonly queue: RawRequestSpec[] = [];
  readonly rawReports: RawReport[] = [];
  waitsIssued = 0;
  responsesDelivered = 0;
  relay: RawRelay | null = null;
  side: "a" | "b" = "a";
  cancels: RawCancel[] = [];
  receiveFaults: RawReceiveFault[] = [];
  // ReportStatus is acknowledged (header byte 0 = 1) unless this is false.
  acknowledge = true;
  // Without a relay (no peer MigTD): "hold" leaves Receives pending (the host waits for a peer);
  // "fail" completes Send and Receive with an error status, as a host with no route to a peer
  // would (the MigTD reports NetworkError, like a vsock that cannot connect).
  noPeer: "hold" | "fail" = "hold";
  readonly sendSizes: number[] = []; // payload bytes of every Send, in order
  // Observes every Send and Receive as it is issued (n = its index within the request).
  onCall: (fn: "send" | "receive", id: bigint, n: number) => void = () => {};
  readonly logPages: bigint[] = []; // GPAs from EnableLogArea
  readonly logEntries: LogEntry[] = []; // read so far (pollLogArea)
  echoLog = false;
  readonly inbox = new Map<bigint, Uint8Array[]>();
  private readonly receives = new Map<bigint, Pending>();
  private readonly sends = new Map<bigint, number>();
  private readonly receiveCount = new Map<bigint, number>();
  private readonly dropped = new Set<bigint>(); // contexts dropped after ReportStatus
  private pendingWait: Pending | null = null;

  constructor(private vmm: Vmm) {}

  enqueue(spec: RawRequestSpec): void {
    this.queue.push(spec);
    if (this.pendingWait) this.vmm.hooks.runDetached(this.deliver());
  }

  private *deliver(): GuestTask<void> {
    const w = this.pendingWait;
    if (!w || this.queue.length === 0) return;
    this.pendingWait = null;
    const spec = this.queue.shift()!;
    const room = w.len - RAW.HEADER;
    yield* writeGuest(w.gpa + BigInt(RAW.HEADER), spec.payload.subarray(0, room));
    yield* writeGuest(w.gpa, rawHeader(spec.dataStatus ?? (RAW.DS_SUCCESS | (BigInt(spec.op) << 8n)), spec.length ?? spec.payload.length));
    this.responsesDelivered++;
    if (w.vector) this.vmm.hooks.notify(w.vector);
    this.vmm.onChange();
  }

  private valid(gpa: bigint, len: number): bigint | null {
    if ((gpa & this.vmm.sharedBit) === 0n) return GHCI_INVALID_OPERAND;
    if (gpa % 4096n !== 0n || len % 4096 !== 0 || len === 0) return GHCI_ALIGN_ERROR;
    return null;
  }

  *vmcall(regs: Regs): GuestTask<bigint> {
    const r12 = regs[REG.R12];
    const fn = Number(r12 & 0xffffn);
    if (((r12 >> 16n) & 0xffn) !== RAW.VERSION || r12 >> 24n !== 0n) return GHCI_INVALID_OPERAND;
    switch (fn) {
      case RAW.FN.WAIT_FOR_REQUEST: {
        const len = Number(regs[REG.R13]);
        const gpa = regs[REG.R14];
        const bad = this.valid(gpa, len);
        if (bad !== null) return bad;
        this.waitsIssued++;
        this.pendingWait = { gpa, len, vector: Number(regs[REG.R15] & 0xffn) };
        this.vmm.onChange();
        if (this.queue.length > 0) yield* this.deliver();
        return GHCI_SUCCESS;
      }
      case RAW.FN.REPORT_STATUS:
        return yield* this.reportStatus(regs[REG.R13], regs[REG.R14], Number(regs[REG.R15]), regs[REG.RBX], Number(regs[REG.RDI] & 0xffn));
      case RAW.FN.SEND:
        return yield* this.send(regs[REG.R13], Number(regs[REG.R14]), regs[REG.R15], Number(regs[REG.RBX] & 0xffn));
      case RAW.FN.RECEIVE:
        return yield* this.receive(regs[REG.R13], Number(regs[REG.R14]), regs[REG.R15], Number(regs[REG.RBX] & 0xffn));
    }
    return GHCI_INVALID_OPERAND;
  }

  private *readBuffer(gpa: bigint, len: number): GuestTask<{ status: bigint; data: Uint8Array } | null> {
    const head = yield* readGuest(gpa, RAW.HEADER);
    if (!head) return null;
    const v = new DataView(head.buffer, head.byteOffset);
    const n = v.getUint32(8, true);
    if (n > len - RAW.HEADER) return null;
    const data = n > 0 ? yield* readGuest(gpa + BigInt(RAW.HEADER), n) : new Uint8Array(0);
    return data ? { status: v.getBigUint64(0, true), data } : null;
  }

  private *reportStatus(id: bigint, status: bigint, len: number, gpa: bigint, vector: number): GuestTask<bigint> {
    const bad = this.valid(gpa, len);
    if (bad !== null) return bad;
    const buf = yield* this.readBuffer(gpa, len);
    if (!buf) return GHCI_INVALID_OPERAND;
    const rep: RawReport = { requestId: id, failed: Number(status & 0xffn), code: Number((status >> 8n) & 0xffn), statusWord: status, data: buf.data };
    this.rawReports.push(rep);
    this.vmm.reports.push({ requestId: id, operation: 1, status: rep.code, at: Date.now() });
    if (rep.code === 0 && buf.data.length >= 8 && this.expectLogArea.has(id)) this.takeLogArea(buf.data);
    // The request is over: its transport context goes (pending Receives are dropped). A failed
    // pre-migration aborts the migration: the host cancels the request on the peer MigTD too,
    // which otherwise would wait for bytes that never come (RAW has no end of stream).
    this.receives.delete(id);
    this.dropped.add(id);
    if (rep.code !== 0 && this.relay?.abortPeerOnFailure) this.relay.cancel(id);
    if (this.acknowledge) {
      yield* writeGuest(gpa, rawHeader(RAW.DS_SUCCESS, buf.data.length));
      if (vector) this.vmm.hooks.notify(vector);
    } else {
      this.unacked.push({ gpa, len, vector });
    }
    this.vmm.onChange();
    return GHCI_SUCCESS;
  }

  // Ids of EnableLogArea requests (so their ReportStatus data is read as page addresses).
  readonly expectLogArea = new Set<bigint>();

  private takeLogArea(data: Uint8Array): void {
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const n = v.getUint32(0, true);
    this.logPages.length = 0;
    for (let i = 0; i < n && 8 + 16 * i + 16 <= data.length; i++) this.logPages.push(v.getBigUint64(8 + 16 * i, true));
  }

  private matchNth<T extends { requestId?: bigint; nth?: number }>(rules: T[], id: bigint, n: number): T | undefined {
    const i = rules.findIndex((r) => (r.requestId === undefined || r.requestId === id) && (r.nth ?? 0) === n);
    return i < 0 ? undefined : rules.splice(i, 1)[0];
  }

  private *send(id: bigint, len: number, gpa: bigint, vector: number): GuestTask<bigint> {
    const bad = this.valid(gpa, len);
    if (bad !== null) return bad;
    const buf = yield* this.readBuffer(gpa, len);
    if (!buf || buf.data.length > RAW.MAX_CHUNK) return GHCI_INVALID_OPERAND;
    const n = this.sends.get(id) ?? 0;
    this.sends.set(id, n + 1);
    this.onCall("send", id, n);
    this.sendSizes.push(buf.data.length);
    const cancel = this.matchNth(this.cancels.filter((c) => c.fn === "send"), id, n);
    if (cancel || this.relay?.cancelled(id)) {
      if (cancel) {
        this.cancels.splice(this.cancels.indexOf(cancel), 1);
        this.relay?.cancel(id);
      }
      yield* writeGuest(gpa, rawHeader(RAW.DS_CANCELED, 0));
    } else {
      const ok = this.relay ? this.relay.deliver(this.side, id, buf.data) : this.noPeer === "hold";
      yield* writeGuest(gpa, rawHeader(ok ? RAW.DS_SUCCESS : 2n, buf.data.length));
    }
    if (vector) this.vmm.hooks.notify(vector);
    this.vmm.onChange();
    return GHCI_SUCCESS;
  }

  private *receive(id: bigint, len: number, gpa: bigint, vector: number): GuestTask<bigint> {
    const bad = this.valid(gpa, len);
    if (bad !== null) return bad;
    const n = this.receiveCount.get(id) ?? 0;
    this.receiveCount.set(id, n + 1);
    this.onCall("receive", id, n);
    const cancel = this.matchNth(this.cancels.filter((c) => c.fn === "receive"), id, n);
    if (cancel || this.relay?.cancelled(id)) {
      if (cancel) {
        this.cancels.splice(this.cancels.indexOf(cancel), 1);
        this.relay?.cancel(id);
      }
      yield* writeGuest(gpa, rawHeader(RAW.DS_CANCELED, 0));
      if (vector) this.vmm.hooks.notify(vector);
      return GHCI_SUCCESS;
    }
    const fault = this.matchNth(this.receiveFaults, id, n);
    if (fault) {
      yield* writeGuest(gpa, rawHeader(RAW.DS_SUCCESS, 0));
      if (vector) this.vmm.hooks.notify(vector);
      return GHCI_SUCCESS;
    }
    if (!this.relay && this.noPeer === "fail") {
      yield* writeGuest(gpa, rawHeader(2n, 0));
      if (vector) this.vmm.hooks.notify(vector);
      return GHCI_SUCCESS;
    }
    this.receives.set(id, { gpa, len, vector });
    yield* this.fill(id);
    return GHCI_SUCCESS;
  }

  // Completes the pending Receive of `id` with what the peer sent, if anything.
  *fill(id: bigint): GuestTask<void> {
    const r = this.receives.get(id);
    const q = this.inbox.get(id);
    if (!r) return;
    if (this.relay?.cancelled(id)) {
      this.receives.delete(id);
      yield* writeGuest(r.gpa, rawHeader(RAW.DS_CANCELED, 0));
      if (r.vector) this.vmm.hooks.notify(r.vector);
      return;
    }
    if (this.relay?.broken(this.side, id)) {
      this.receives.delete(id);
      yield* writeGuest(r.gpa, rawHeader(2n, 0)); // the relay is gone: an error, not a cancellation
      if (r.vector) this.vmm.hooks.notify(r.vector);
      return;
    }
    if (!q || q.length === 0) return;
    this.receives.delete(id);
    const room = r.len - RAW.HEADER;
    const all = Buffer.concat(q);
    const take = all.subarray(0, Math.min(room, all.length));
    q.length = 0;
    if (take.length < all.length) q.push(new Uint8Array(all.subarray(take.length)));
    yield* writeGuest(r.gpa + BigInt(RAW.HEADER), new Uint8Array(take));
    yield* writeGuest(r.gpa, rawHeader(RAW.DS_SUCCESS, take.length));
    if (r.vector) this.vmm.hooks.notify(r.vector);
    this.vmm.onChange();
  }

  // The VMM cancels the pending Receive of `id` (a migration aborted by the host).
  cancelPending(id: bigint): boolean {
    const r = this.receives.get(id);
    if (!r) return false;
    this.receives.delete(id);
    const vmm = this.vmm;
    vmm.hooks.runDetached((function* () {
      yield* writeGuest(r.gpa, rawHeader(RAW.DS_CANCELED, 0));
      if (r.vector) vmm.hooks.notify(r.vector);
    })());
    return true;
  }

  hasPendingReceive(id: bigint): boolean { return this.receives.has(id); }

  // ReportStatus buffers not acknowledged yet (acknowledge = false).
  private readonly unacked: Pending[] = [];

  // Acknowledges every ReportStatus held back so far.
  acknowledgeAll(): void {
    const held = this.unacked.splice(0);
    const vmm = this.vmm;
    vmm.hooks.runDetached((function* () {
      for (const p of held) {
        yield* writeGuest(p.gpa, rawHeader(RAW.DS_SUCCESS, 0));
        if (p.vector) vmm.hooks.notify(p.vector);
      }
      vmm.onChange();
    })());
  }

  // Bytes from the peer for request `id`.
  push(id: bigint, bytes: Uint8Array): void {
    if (this.dropped.has(id)) return;
    const q = this.inbox.get(id) ?? [];
    q.push(bytes);
    this.inbox.set(id, q);
    this.vmm.hooks.runDetached(this.fill(id));
  }

  // A relay failure: the pending Receive of `id` completes with an error.
  wake(id: bigint): void {
    this.vmm.hooks.runDetached(this.fill(id));
  }

  // Reads every log page and keeps the entries not seen before (log_entry_id grows).
  pollLogArea(): void {
    const pages = [...this.logPages];
    if (pages.length === 0) return;
    const self = this;
    this.vmm.hooks.runDetached((function* () {
      for (const gpa of pages) {
        const page = yield* readGuest(gpa, 4096);
        if (!page) continue;
        const { entries } = parseLogArea(page);
        const last = self.logEntries.filter((e) => e.vcpu === entries[0]?.vcpu).reduce((m, e) => (e.id > m ? e.id : m), 0n);
        for (const e of entries) {
          if (e.id <= last) continue;
          self.logEntries.push(e);
          if (self.echoLog) console.log(`vmm log-area ${self.side}: ${formatLogEntry(e)}`);
        }
      }
    })());
  }

  // The raw bytes of log page i (for tests).
  readLogPage(i: number, done: (page: Uint8Array | null) => void): void {
    const gpa = this.logPages[i];
    this.vmm.hooks.runDetached((function* () { done(gpa === undefined ? null : yield* readGuest(gpa, 4096)); })());
  }
}

// The VMM relay between two MigTDs on the RAW interface: a Send of request id X on one side
// becomes Receive data of request id X on the other (both MigTDs are given the same id, as a
// deployment's host pairs them). Tamper rules as relay.ts: alter a byte, drop, or break the
// relay after N bytes (truncate and disconnect: there is no half-close in RAW, so both fail the
// request's pending and later transport calls).
export class RawRelay {
  tamper: Tamper[] = [];
  abortPeerOnFailure = true;
  readonly bytes = { "a->b": 0, "b->a": 0 };
  private sent = new Map<string, number>();
  private cut = new Set<string>();
  constructor(private a: RawVmm, private b: RawVmm) {
    a.relay = this;
    a.side = "a";
    b.relay = this;
    b.side = "b";
  }

  private readonly cancelledIds = new Set<bigint>();

  // The host cancels request `id` on both MigTDs: every pending and later Send/Receive of it
  // completes with the cancellation status.
  cancel(id: bigint): void {
    this.cancelledIds.add(id);
    this.a.wake(id);
    this.b.wake(id);
  }

  cancelled(id: bigint): boolean { return this.cancelledIds.has(id); }

  broken(_side: "a" | "b", id: bigint): boolean {
    return this.cut.has(`x${id}`);
  }

  // Returns false when the relay for this request is broken.
  deliver(from: "a" | "b", id: bigint, input: Uint8Array): boolean {
    if (this.cut.has(`x${id}`)) return false;
    const dir = from === "a" ? "a->b" : "b->a";
    const key = `${dir}${id}`;
    const start = this.sent.get(key) ?? 0;
    this.sent.set(key, start + input.length);
    let bytes = input;
    const t = this.tamper.find((r) => r.direction === dir);
    if (t) {
      const keep = Math.max(0, t.after - start);
      if (t.action === "alter") {
        if (keep < bytes.length) { bytes = bytes.slice(); bytes[keep] ^= t.xor ?? 0x01; }
      } else if (keep < bytes.length) {
        bytes = bytes.subarray(0, keep);
        if (t.action !== "drop") {
          this.cut.add(`x${id}`);
          if (bytes.length > 0) this.to(from).push(id, bytes);
          this.a.wake(id);
          this.b.wake(id);
          return false;
        }
      }
    }
    if (bytes.length > 0) {
      this.bytes[dir] += bytes.length;
      this.to(from).push(id, bytes);
    }
    return true;
  }

  private to(from: "a" | "b"): RawVmm { return from === "a" ? this.b : this.a; }
}
