// Obtaining this MigTD's own TD quote (migtd.md §1.7): TDG.MR.REPORT with the caller's
// REPORTDATA, GetQuote on a shared buffer, completion signalled on vector 0x51 (or seen by
// polling the status), retries with capped exponential back-off and jitter while the quote
// service is busy (until the caller's deadline), regenerating the TD report each attempt as MigTD
// does. A stepper driven by the main loop.
import { random, shared_alloc, shared_free, shared_gpa, shared_read, shared_write } from "../abi";
import { mrReport } from "../tdx/tdcall";
import { getQuote, setupEventNotifyInterrupt } from "../tdx/vmcall";
import { VECTOR_QUOTE, GHCI_RETRY } from "../tdx/leaves";
import { TdReportView } from "../tdx/report";
import { parseQuote } from "../attest/quote";
import { bytesEqual } from "../util/bytes";
import {
  encodeQuoteRequest, decodeQuoteResponse, GHCI_QUOTE_HEADER, QUOTE_STATUS_IN_FLIGHT, QUOTE_STATUS_SUCCESS,
} from "./quote_request";

// 16 pages (64 KiB), as MigTD's attestation library uses (migtd.md §1.7).
const QUOTE_BUFFER_PAGES: u32 = 16;
const QUOTE_BUFFER_SIZE: i32 = 16 * 4096;
// Back-off while the quote service is busy: the first retry soon (a busy QGS is usually busy for
// one request's time), doubling up to a cap, each wait drawn uniformly from [w/2, w] so that the
// sessions of one MigTD (up to 12) do not retry in lock-step. Retries continue until the session's
// quote deadline (premigration.ts), which is what bounds them.
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

export const FETCH_PENDING: i32 = 0;
export const FETCH_DONE: i32 = 1;
export const FETCH_FAILED: i32 = 2;

let notifyRegistered = false;

export class QuoteFetch {
  state: i32 = FETCH_PENDING;
  quote: Uint8Array | null = null;
  error: string = "";
  private buf: i32 = -1;
  private issued: bool = false;
  private retries: i32 = 0;
  private retryAt: i64 = 0;
  // The TD report the outstanding GetQuote carries: the quote must be of exactly this report.
  private report: Uint8Array = new Uint8Array(0);

  constructor(private reportData: Uint8Array) {}

  private fail(why: string): i32 {
    this.error = why;
    this.state = FETCH_FAILED;
    this.release();
    return this.state;
  }

  private issue(nowMs: i64): i32 {
    const report = mrReport(this.reportData);
    if (!report.ok) return this.fail("TDG.MR.REPORT failed, status 0x" + report.status.toString(16));
    this.report = report.bytes;
    const req = encodeQuoteRequest(report.bytes);
    if (this.buf < 0) this.buf = shared_alloc(QUOTE_BUFFER_PAGES);
    if (this.buf < 0) return this.fail("no shared memory for the quote buffer");
    const zero = new Uint8Array(QUOTE_BUFFER_SIZE);
    shared_write(this.buf, 0, zero.dataStart, <u32>QUOTE_BUFFER_SIZE);
    if (shared_write(this.buf, 0, req.dataStart, <u32>req.length) != 0) return this.fail("cannot fill the quote buffer");
    if (!notifyRegistered) {
      const n = setupEventNotifyInterrupt(VECTOR_QUOTE);
      if (n.ok) notifyRegistered = true; // without it we still see completion by polling
    }
    const r = getQuote(<u64>shared_gpa(this.buf), <u64>QUOTE_BUFFER_SIZE);
    if (r.tdxStatus == 0 && r.ghciStatus == GHCI_RETRY) return this.backoff(nowMs, "GetQuote: VMM busy");
    if (!r.ok) return this.fail("GetQuote VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
    this.issued = true;
    return FETCH_PENDING;
  }

  // Schedules the next attempt relative to now. The reason is kept so that a session that runs
  // out of time while the service stays busy can say why.
  private backoff(nowMs: i64, why: string): i32 {
    this.retryAt = nowMs + backoffDelay(this.retries, rand16());
    this.retries++;
    this.error = why + " (" + this.retries.toString() + " retries so far)";
    this.issued = false;
    return FETCH_PENDING;
  }

  // Advances; returns FETCH_PENDING, FETCH_DONE (quote set) or FETCH_FAILED (error set).
  step(nowMs: i64): i32 {
    if (this.state != FETCH_PENDING) return this.state;
    if (!this.issued) {
      if (nowMs < this.retryAt) return FETCH_PENDING;
      return this.issue(nowMs);
    }
    const head = new Uint8Array(GHCI_QUOTE_HEADER);
    if (shared_read(this.buf, 0, head.dataStart, <u32>GHCI_QUOTE_HEADER) != 0) return this.fail("cannot read the quote buffer");
    const status = load<u64>(head.dataStart + 8);
    if (status == QUOTE_STATUS_IN_FLIGHT || (status == QUOTE_STATUS_SUCCESS && load<u32>(head.dataStart + 20) == 0)) return FETCH_PENDING;
    const copy = new Uint8Array(QUOTE_BUFFER_SIZE);
    if (shared_read(this.buf, 0, copy.dataStart, <u32>QUOTE_BUFFER_SIZE) != 0) return this.fail("cannot read the quote buffer");
    const resp = decodeQuoteResponse(copy);
    if (resp.status != QUOTE_STATUS_SUCCESS) return this.backoff(nowMs, "quote service busy or failed (status 0x" + resp.status.toString(16) + ")");
    if (resp.quote === null) return this.fail(resp.error);
    // The quote becomes the "self" side of the policy and the peer's view of us; a VMM must not be
    // able to pass off another TD's quote (same platform, same REPORTDATA) as ours.
    if (!quoteCarriesReport(resp.quote!, this.report)) return this.fail("the quote service returned a quote of another TD report");
    this.quote = resp.quote;
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

// True when the quote's TD body is the one the TDX module put in `report` (tdx-abi.md §5.1-5.2):
// TEE_TCB_INFO fields, TDINFO measurements and REPORTDATA, byte for byte.
export function quoteCarriesReport(quote: Uint8Array, report: Uint8Array): bool {
  const view = TdReportView.of(report);
  const parsed = parseQuote(quote);
  if (view === null || parsed.quote === null) return false;
  const b = parsed.quote!.body;
  if (!bytesEqual(b.teeTcbSvn, view.teeTcbSvn) || !bytesEqual(b.mrSeam, view.mrSeam) || !bytesEqual(b.mrSignerSeam, view.mrSignerSeam)) return false;
  if (!bytesEqual(b.seamAttributes, view.seamAttributes) || !bytesEqual(b.tdAttributes, view.attributesBytes) || !bytesEqual(b.xfam, view.xfamBytes)) return false;
  if (!bytesEqual(b.mrtd, view.mrTd) || !bytesEqual(b.mrConfigId, view.mrConfigId) || !bytesEqual(b.mrOwner, view.mrOwner) || !bytesEqual(b.mrOwnerConfig, view.mrOwnerConfig)) return false;
  if (b.rtmr.length != 4) return false;
  for (let i = 0; i < 4; i++) if (!bytesEqual(b.rtmr[i], view.rtmr(i))) return false;
  return bytesEqual(b.reportData, view.reportData);
}
