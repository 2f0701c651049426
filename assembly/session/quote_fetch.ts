// Obtaining this MigTD's own TD quote (migtd.md §1.7): TDG.MR.REPORT with the caller's
// REPORTDATA, GetQuote on a shared buffer, completion signalled on vector 0x51 (or seen by
// polling the status), retries with capped exponential back-off and jitter while the quote
// service is busy (until the caller's deadline), regenerating the TD report each attempt as MigTD
// does. A stepper driven by the main loop.
import { mrReport } from "../tdx/tdcall";
import { TdReportView } from "../tdx/report";
import { parseQuote } from "../attest/quote";
import { bytesEqual } from "../util/bytes";
import { encodeQuoteRequest, decodeQuoteResponse, QUOTE_STATUS_SUCCESS } from "./quote_request";
import { GhciExchange } from "./ghci_exchange";
export { FETCH_PENDING, FETCH_DONE, FETCH_FAILED, backoffDelay, FIRST_BACKOFF_MS, MAX_BACKOFF_MS } from "./ghci_exchange";
import { FETCH_PENDING } from "./ghci_exchange";

// Busy answers are retried until the session's quote deadline (premigration.ts), which is what
// bounds them (Intel's MigTD gives up after 5; a busy QGS must only delay a session).
export class QuoteFetch extends GhciExchange {
  quote: Uint8Array | null = null;
  // The TD report the outstanding GetQuote carries: the quote must be of exactly this report.
  private report: Uint8Array = new Uint8Array(0);

  constructor(private reportData: Uint8Array) {
    super("quote", "GetQuote");
  }

  private issue(nowMs: i64): i32 {
    const report = mrReport(this.reportData);
    if (!report.ok) return this.fail("TDG.MR.REPORT failed, status 0x" + report.status.toString(16));
    this.report = report.bytes;
    return this.send(nowMs, encodeQuoteRequest(report.bytes));
  }

  // Advances; returns FETCH_PENDING, FETCH_DONE (quote set) or FETCH_FAILED (error set).
  step(nowMs: i64): i32 {
    if (this.state != FETCH_PENDING) return this.state;
    if (!this.issued) {
      if (nowMs < this.retryAt) return FETCH_PENDING;
      return this.issue(nowMs);
    }
    const copy = this.received();
    if (copy === null) return this.state;
    const resp = decodeQuoteResponse(copy);
    if (resp.status != QUOTE_STATUS_SUCCESS) return this.backoff(nowMs, "quote service busy or failed (status 0x" + resp.status.toString(16) + ")");
    if (resp.quote === null) return this.fail(resp.error);
    // The quote becomes the "self" side of the policy and the peer's view of us; a VMM must not be
    // able to pass off another TD's quote (same platform, same REPORTDATA) as ours.
    if (!quoteCarriesReport(resp.quote!, this.report)) return this.fail("the quote service returned a quote of another TD report");
    this.quote = resp.quote;
    return this.done();
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
