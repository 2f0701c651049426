// The host VMM as a MigTD sees it: TDG.VP.VMCALL sub-functions (tdx-abi.md §4.3) and the
// Service-TD protocol (migtd.md §1.4): Query, WaitForRequest (a queue of requests, answered
// asynchronously with notify vector 0x50) and ReportStatus collection.
import { GuestTask, REG, Regs, readGuest, writeGuest } from "./guest.ts";
import { CMD, GUID, HEADER, PAGE, response, sameBytes } from "./service-wire.ts";
import { qgsResponse } from "./quote-service.ts";

export const GHCI_SUCCESS = 0n;
export const GHCI_RETRY = 1n;
export const GHCI_INVALID_OPERAND = 0x8000_0000_0000_0000n;
export const GHCI_ALIGN_ERROR = 0x8000_0000_0000_0002n;
// GetQuote buffer status values (tdx-abi.md §4.6).
export const QUOTE_STATUS_SUCCESS = 0n;
export const QUOTE_STATUS_IN_FLIGHT = 0xffff_ffff_ffff_ffffn;
export const QUOTE_STATUS_ERROR = 0x8000_0000_0000_0000n;
export const QUOTE_STATUS_UNAVAILABLE = 0x8000_0000_0000_0001n;

// The host's quote generation service: one QGS message in, one out (quote-service.ts).
export interface QuoteBackend {
  serve(msg: Uint8Array): Uint8Array;
}

// Failure injection for GetQuote, consumed one per request.
export type QuoteFault =
  | { kind: "retry" } // the VMCALL itself answers RETRY (too many requests in flight)
  | { kind: "status"; status: bigint } // completes with this buffer status and no data
  | { kind: "qgs-error"; code: number } // the QGS answers with this error code and no quote
  | { kind: "never" }; // stays IN_FLIGHT

export interface StatusReport {
  requestId: bigint;
  operation: number;
  status: number;
  at: number; // Date.now()
}

export interface VmmHooks {
  notify(vector: number): void;
  // Runs guest-memory work outside any call (completing an asynchronous response).
  runDetached(task: GuestTask<unknown>): void;
}

export class Vmm {
  serviceSupported = true;
  sharedBit = 1n << 47n;
  readonly queue: Uint8Array[] = [];
  readonly reports: StatusReport[] = [];
  notifyVectors = new Set<number>();
  waitsIssued = 0;
  responsesDelivered = 0;
  quoteRequests = 0;
  // GetQuote: without a backend every request completes with "service unavailable".
  quoteService: QuoteBackend | null = null;
  quoteDelayMs = 0;
  quoteFaults: QuoteFault[] = [];
  // A busy quote service: each quote request (told apart by the REPORTDATA of its TD report, as
  // every MigTD session quotes a fresh key) completes with "service unavailable" this many times
  // before it is served. migtd simulate --quote-busy N.
  quoteBusyPerRequest = 0;
  private readonly busyAnswered = new Map<string, number>();
  maxQuotesInFlight = 8;
  quotesInFlight = 0;
  quotesCompleted = 0;
  private pendingWait: { rsp: bigint; vector: number } | null = null;
  hooks: VmmHooks = { notify: () => {}, runDetached: () => {} };
  // The RAW interface's MigTD leaf (0x10006), when this VMM speaks it (raw-vmm.ts).
  raw: { vmcall(regs: Regs): GuestTask<bigint> } | null = null;
  // Called whenever something observable happens (a report, a delivered response).
  onChange: () => void = () => {};

  // Hands a WaitForRequest response (whole response page) to the MigTD: now if it is waiting,
  // else at its next WaitForRequest.
  enqueue(page: Uint8Array): void {
    this.queue.push(page);
    this.deliverPending();
  }

  private deliverPending(): void {
    if (!this.pendingWait || this.queue.length === 0) return;
    const { rsp, vector } = this.pendingWait;
    this.pendingWait = null;
    const page = this.queue.shift()!;
    const self = this;
    this.hooks.runDetached((function* () {
      yield* writeGuest(rsp, page);
      self.responsesDelivered++;
      if (vector) self.hooks.notify(vector);
      self.onChange();
    })());
  }

  *vmcall(regs: Regs): GuestTask<void> {
    regs[REG.RAX] = 0n; // the TDCALL itself succeeded; the GHCI status is in R10
    const sub = regs[REG.R11];
    const set = (ghci: bigint) => { regs[REG.R10] = ghci; };
    switch (sub) {
      case 0x10001n: // MapGPA: nothing to convert in a simulation
        return set(GHCI_SUCCESS);
      case 0x10004n: { // SetupEventNotifyInterrupt
        const v = regs[REG.R12];
        if (v < 32n || v > 255n) return set(GHCI_INVALID_OPERAND);
        this.notifyVectors.add(Number(v));
        return set(GHCI_SUCCESS);
      }
      case 0x10002n: // GetQuote
        return set(yield* this.getQuote(regs[REG.R12], regs[REG.R13]));
      case 0x10005n: // Service
        return set(yield* this.service(regs[REG.R12], regs[REG.R13], Number(regs[REG.R14] & 0xffn)));
      case 0x10006n: // MigTD (GHCI 1.5, vmcall-raw)
        return set(this.raw ? yield* this.raw.vmcall(regs) : GHCI_INVALID_OPERAND);
      default:
        return set(GHCI_INVALID_OPERAND);
    }
  }

  // GetQuote checks as QEMU does (tdx-abi.md §4.6), marks the buffer IN_FLIGHT and completes
  // later (after quoteDelayMs) outside the call, then raises 0x51 if the TD registered it. The
  // data is the guest library's framing (migtd.md §1.7): u32 big-endian length + QGS message.
  private *getQuote(gpa: bigint, size: bigint): GuestTask<bigint> {
    if ((gpa & this.sharedBit) === 0n) return GHCI_INVALID_OPERAND;
    if (gpa % 4096n !== 0n || size % 4096n !== 0n || size === 0n) return GHCI_ALIGN_ERROR;
    const head = yield* readGuest(gpa, 24);
    if (!head) return GHCI_INVALID_OPERAND;
    const v = new DataView(head.buffer, head.byteOffset);
    if (v.getBigUint64(0, true) !== 1n || v.getBigUint64(8, true) !== 0n || v.getUint32(20, true) !== 0) return GHCI_INVALID_OPERAND;
    const inLen = v.getUint32(16, true);
    if (BigInt(inLen) > size - 24n) return GHCI_INVALID_OPERAND;
    if (!this.quoteService) {
      this.quoteRequests++;
      v.setBigUint64(8, QUOTE_STATUS_UNAVAILABLE, true);
      if (!(yield* writeGuest(gpa, head))) return GHCI_INVALID_OPERAND;
      if (this.notifyVectors.has(0x51)) this.hooks.notify(0x51);
      return GHCI_SUCCESS;
    }
    let fault = this.quoteFaults.shift();
    if (fault?.kind === "retry" || this.quotesInFlight >= this.maxQuotesInFlight) return GHCI_RETRY;
    const data = yield* readGuest(gpa + 24n, inLen);
    if (!data) return GHCI_INVALID_OPERAND;
    this.quoteRequests++;
    fault ??= this.busyFault(data);
    v.setBigUint64(8, QUOTE_STATUS_IN_FLIGHT, true);
    if (!(yield* writeGuest(gpa, head))) return GHCI_INVALID_OPERAND;
    if (fault?.kind === "never") return GHCI_SUCCESS;
    this.quotesInFlight++;
    setTimeout(() => this.hooks.runDetached(this.completeQuote(gpa, Number(size), inLen, data, fault)), this.quoteDelayMs);
    return GHCI_SUCCESS;
  }

  // REPORTDATA sits at TDREPORT offset 128 (tdx-abi.md §5.1), after the 4-byte length and the
  // 24 bytes of GET_QUOTE_REQ (migtd.md §1.7).
  private busyFault(data: Uint8Array): QuoteFault | undefined {
    if (this.quoteBusyPerRequest <= 0 || data.length < 4 + 24 + 192) return undefined;
    const key = Buffer.from(data.subarray(4 + 24 + 128, 4 + 24 + 192)).toString("hex");
    const n = this.busyAnswered.get(key) ?? 0;
    if (n >= this.quoteBusyPerRequest) {
      this.busyAnswered.delete(key);
      return undefined;
    }
    this.busyAnswered.set(key, n + 1);
    return { kind: "status", status: QUOTE_STATUS_UNAVAILABLE };
  }

  private *completeQuote(gpa: bigint, size: number, inLen: number, data: Uint8Array, fault?: QuoteFault): GuestTask<void> {
    this.quotesInFlight--;
    let status = QUOTE_STATUS_ERROR;
    let out = new Uint8Array(0);
    if (fault?.kind === "status") {
      status = fault.status;
    } else if (!this.quoteService) {
      status = QUOTE_STATUS_UNAVAILABLE; // detached while the request was in flight
    } else if (data.length >= 4 && new DataView(data.buffer, data.byteOffset).getUint32(0, false) === data.length - 4) {
      const msg = data.subarray(4);
      const rsp = fault?.kind === "qgs-error" ? qgsResponse(fault.code, null) : this.quoteService.serve(msg);
      if (4 + rsp.length <= size - 24) {
        out = new Uint8Array(4 + rsp.length);
        new DataView(out.buffer).setUint32(0, rsp.length, false);
        out.set(rsp, 4);
        status = QUOTE_STATUS_SUCCESS;
      }
    }
    if (out.length > 0 && !(yield* writeGuest(gpa + 24n, out))) return;
    const head = new Uint8Array(24);
    const v = new DataView(head.buffer);
    v.setBigUint64(0, 1n, true);
    v.setBigUint64(8, status, true);
    v.setUint32(16, inLen, true);
    v.setUint32(20, out.length, true);
    if (!(yield* writeGuest(gpa, head))) return;
    this.quotesCompleted++;
    if (this.notifyVectors.has(0x51)) this.hooks.notify(0x51);
    this.onChange();
  }

  private *service(cmdGpa: bigint, rspGpa: bigint, vector: number): GuestTask<bigint> {
    if (vector !== 0 && vector < 32) return GHCI_INVALID_OPERAND;
    if (cmdGpa % 4096n !== 0n || rspGpa % 4096n !== 0n) return GHCI_ALIGN_ERROR;
    const cmd = yield* readGuest(cmdGpa, PAGE);
    if (!cmd) return GHCI_INVALID_OPERAND;
    const len = new DataView(cmd.buffer, cmd.byteOffset).getUint32(16, true);
    if (len < HEADER + 2 || len > PAGE) return GHCI_INVALID_OPERAND;
    const guid = cmd.subarray(0, 16);
    const command = cmd[HEADER + 1];
    const complete = function* (self: Vmm, page: Uint8Array): GuestTask<bigint> {
      if (!(yield* writeGuest(rspGpa, page))) return GHCI_INVALID_OPERAND;
      if (vector) self.hooks.notify(vector);
      self.onChange();
      return GHCI_SUCCESS;
    };
    if (sameBytes(guid, GUID.COMMON) && command === CMD.QUERY) {
      const data = new Uint8Array(20);
      data[1] = CMD.QUERY;
      data[2] = this.serviceSupported ? 0 : 1;
      data.set(cmd.subarray(HEADER + 4, HEADER + 20), 4);
      return yield* complete(this, response(GUID.COMMON, data));
    }
    if (!sameBytes(guid, GUID.MIGTD)) return GHCI_INVALID_OPERAND;
    if (command === CMD.WAIT_FOR_REQUEST) {
      this.waitsIssued++;
      this.pendingWait = { rsp: rspGpa, vector };
      this.onChange();
      if (this.queue.length > 0) {
        this.pendingWait = null;
        const page = this.queue.shift()!;
        this.responsesDelivered++;
        return yield* complete(this, page);
      }
      return GHCI_SUCCESS;
    }
    if (command === CMD.REPORT_STATUS) {
      if (len < HEADER + 12) return GHCI_INVALID_OPERAND;
      const v = new DataView(cmd.buffer, cmd.byteOffset);
      this.reports.push({
        requestId: v.getBigUint64(HEADER + 4, true),
        operation: cmd[HEADER + 2],
        status: cmd[HEADER + 3],
        at: Date.now(),
      });
      return yield* complete(this, response(GUID.MIGTD, Uint8Array.from([0, CMD.REPORT_STATUS, 0, 0])));
    }
    return GHCI_INVALID_OPERAND;
  }
}
