// Obtaining this MigTD's own TD quote (migtd.md §1.7): TDG.MR.REPORT with the caller's
// REPORTDATA, GetQuote on a shared buffer, completion signalled on vector 0x51 (or seen by
// polling the status), retries with exponential back-off while the quote service is busy,
// regenerating the TD report each attempt as MigTD does. A stepper driven by the main loop.
import { shared_alloc, shared_free, shared_gpa, shared_read, shared_write } from "../abi";
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
const MAX_RETRIES: i32 = 5;
const FIRST_BACKOFF_MS: i64 = 1000;

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

  private issue(): i32 {
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
    if (r.tdxStatus == 0 && r.ghciStatus == GHCI_RETRY) return this.backoff(0, "GetQuote: VMM busy");
    if (!r.ok) return this.fail("GetQuote VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
    this.issued = true;
    return FETCH_PENDING;
  }

  private backoff(nowMs: i64, why: string): i32 {
    if (this.retries >= MAX_RETRIES) return this.fail(why + "; gave up after " + MAX_RETRIES.toString() + " retries");
    this.retryAt = nowMs + (FIRST_BACKOFF_MS << this.retries);
    this.retries++;
    this.issued = false;
    return FETCH_PENDING;
  }

  // Advances; returns FETCH_PENDING, FETCH_DONE (quote set) or FETCH_FAILED (error set).
  step(nowMs: i64): i32 {
    if (this.state != FETCH_PENDING) return this.state;
    if (!this.issued) {
      if (nowMs < this.retryAt) return FETCH_PENDING;
      return this.issue();
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
