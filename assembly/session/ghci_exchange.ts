// One request/response exchange on a GetQuote shared buffer (GHCI GetQuote, tdx-abi.md §4.6;
// migtd.md §1.7): the buffer is zeroed and filled with the request, completion is signalled on
// vector 0x51 or seen by polling the status, and a busy VMM or service is retried after a
// back-off computed from now. quote_fetch.ts (GET_QUOTE) and collateral_fetch.ts
// (GET_COLLATERAL) are the two exchanges; each says what to send, how to read the answer and how
// long to keep trying. A stepper driven by the session.
import { random, shared_alloc, shared_free, shared_gpa, shared_read, shared_write } from "../abi";
import { getQuote, setupEventNotifyInterrupt } from "../tdx/vmcall";
import { VECTOR_QUOTE, GHCI_RETRY } from "../tdx/leaves";
import { GHCI_QUOTE_HEADER, QUOTE_STATUS_IN_FLIGHT, QUOTE_STATUS_SUCCESS } from "./quote_request";

export const FETCH_PENDING: i32 = 0;
export const FETCH_DONE: i32 = 1;
export const FETCH_FAILED: i32 = 2;

// 16 pages (64 KiB), as MigTD's attestation library uses (migtd.md §1.7); real collateral is
// 15-40 KiB.
export const EXCHANGE_BUFFER_PAGES: u32 = 16;
export const EXCHANGE_BUFFER_SIZE: i32 = 16 * 4096;

// Back-off while the service is busy: the first retry soon (a busy QGS is usually busy for one
// request's time), doubling up to a cap, each wait drawn uniformly from [w/2, w] so that the
// sessions of one MigTD (up to 12) do not retry in lock-step.
export const FIRST_BACKOFF_MS: i64 = 20;
export const MAX_BACKOFF_MS: i64 = 1000;

// The wait before retry number `retries` (0-based), given a random 16-bit value.
export function backoffDelay(retries: i32, rand16: u32): i64 {
  let w = FIRST_BACKOFF_MS;
  for (let i = 0; i < retries && w < MAX_BACKOFF_MS; i++) w <<= 1;
  if (w > MAX_BACKOFF_MS) w = MAX_BACKOFF_MS;
  const half = w >> 1;
  return half + ((<i64>(rand16 & 0xffff) * (w - half)) >> 16);
}

function rand16(): u32 {
  const b = new Uint8Array(2);
  if (random(b.dataStart, 2) != 0) return 0x8000; // no entropy: the middle of the window
  return <u32>b[0] | (<u32>b[1] << 8);
}

let notifyRegistered = false;

export class GhciExchange {
  state: i32 = FETCH_PENDING;
  error: string = "";
  retries: i32 = 0;
  protected issued: bool = false;
  protected retryAt: i64 = 0;
  private buf: i32 = -1;

  // `what` names the exchange in errors ("quote", "collateral"); `op` the request in VMCALL errors.
  constructor(private what: string, private op: string) {}

  protected fail(why: string): i32 {
    this.error = why;
    this.state = FETCH_FAILED;
    this.release();
    return this.state;
  }

  // A busy answer: schedule the next attempt relative to now, keeping the reason so that a
  // session that runs out of time while the service stays busy can say why. `limit` > 0 gives up
  // after that many attempts in all; 0 leaves the bound to the caller's deadline.
  protected backoff(nowMs: i64, why: string, limit: i32 = 0): i32 {
    this.issued = false;
    if (limit > 0 && this.retries + 1 >= limit) return this.fail(why + " after " + (this.retries + 1).toString() + " attempts");
    this.retryAt = nowMs + backoffDelay(this.retries, rand16());
    this.retries++;
    this.error = why + " (" + this.retries.toString() + " retries so far)";
    return FETCH_PENDING;
  }

  // Sends `req` on the (re)zeroed buffer. FETCH_PENDING when in flight or backing off.
  protected send(nowMs: i64, req: Uint8Array, limit: i32 = 0): i32 {
    if (this.buf < 0) this.buf = shared_alloc(EXCHANGE_BUFFER_PAGES);
    if (this.buf < 0) return this.fail("no shared memory for the " + this.what + " buffer");
    const zero = new Uint8Array(EXCHANGE_BUFFER_SIZE);
    shared_write(this.buf, 0, zero.dataStart, <u32>EXCHANGE_BUFFER_SIZE);
    if (shared_write(this.buf, 0, req.dataStart, <u32>req.length) != 0) return this.fail("cannot fill the " + this.what + " buffer");
    if (!notifyRegistered) {
      // Without the notification the completion is still seen by polling.
      if (setupEventNotifyInterrupt(VECTOR_QUOTE).ok) notifyRegistered = true;
    }
    const r = getQuote(<u64>shared_gpa(this.buf), <u64>EXCHANGE_BUFFER_SIZE);
    if (r.tdxStatus == 0 && r.ghciStatus == GHCI_RETRY) return this.backoff(nowMs, this.op + ": VMM busy", limit);
    if (!r.ok) return this.fail(this.op + " VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
    this.issued = true;
    return FETCH_PENDING;
  }

  // The whole buffer once the VMM has completed the request; null while it is in flight, or on
  // a failure (state FETCH_FAILED, error set).
  protected received(): Uint8Array | null {
    const head = new Uint8Array(GHCI_QUOTE_HEADER);
    if (shared_read(this.buf, 0, head.dataStart, <u32>GHCI_QUOTE_HEADER) != 0) { this.fail("cannot read the " + this.what + " buffer"); return null; }
    const status = load<u64>(head.dataStart + 8);
    if (status == QUOTE_STATUS_IN_FLIGHT || (status == QUOTE_STATUS_SUCCESS && load<u32>(head.dataStart + 20) == 0)) return null;
    const copy = new Uint8Array(EXCHANGE_BUFFER_SIZE);
    if (shared_read(this.buf, 0, copy.dataStart, <u32>EXCHANGE_BUFFER_SIZE) != 0) { this.fail("cannot read the " + this.what + " buffer"); return null; }
    return copy;
  }

  protected done(): i32 {
    this.state = FETCH_DONE;
    this.release();
    return this.state;
  }

  // The time of the next retry, for the driver's sleep (0 when not backing off).
  get wakeAt(): i64 { return this.issued ? 0 : this.retryAt; }

  release(): void {
    if (this.buf >= 0) shared_free(this.buf);
    this.buf = -1;
  }
}
