// Fetching PCS collateral from the host (migtd.md §1.7, §2.5 V1): GET_COLLATERAL for one FMSPC
// and PCK CA on a GetQuote shared buffer, completion on vector 0x51 or seen by polling, as
// quote_fetch.ts does for quotes. A busy service (VMCALL RETRY, buffer status in-flight error or
// "service unavailable") is retried with the same back-off as quotes, at most
// COLLATERAL_MAX_ATTEMPTS times; a QGS error, a malformed or oversized answer is a failure at once.
// The caller's deadline bounds the whole. A stepper driven by the session.
import { shared_alloc, shared_free, shared_gpa, shared_read, shared_write, random } from "../abi";
import { getQuote, setupEventNotifyInterrupt } from "../tdx/vmcall";
import { VECTOR_QUOTE, GHCI_RETRY } from "../tdx/leaves";
import { GHCI_QUOTE_HEADER, QUOTE_STATUS_IN_FLIGHT, QUOTE_STATUS_SUCCESS } from "./quote_request";
import { encodeCollateralRequest, decodeCollateralResponse } from "./collateral_request";
import { backoffDelay, FETCH_PENDING, FETCH_DONE, FETCH_FAILED } from "./quote_fetch";
import { Collateral } from "../attest/collateral/types";
import { collateralFromQgs } from "../attest/collateral/from_qgs";
import { parseQuote } from "../attest/quote";
import { parsePemChain } from "../attest/pckchain";
import { parsePckExtension } from "../attest/pckext";
import { commonName } from "../x509/name";

// 16 pages (64 KiB) like the quote buffer: real collateral is 15-40 KiB.
const COLLATERAL_BUFFER_PAGES: u32 = 16;
const COLLATERAL_BUFFER_SIZE: i32 = 16 * 4096;
export const COLLATERAL_MAX_ATTEMPTS: i32 = 6;

function rand16(): u32 {
  const b = new Uint8Array(2);
  if (random(b.dataStart, 2) != 0) return 0x8000;
  return <u32>b[0] | (<u32>b[1] << 8);
}

export class CollateralFetch {
  state: i32 = FETCH_PENDING;
  collateral: Collateral | null = null;
  error: string = "";
  attempts: i32 = 0;
  private buf: i32 = -1;
  private issued: bool = false;
  private retryAt: i64 = 0;
  private notify: bool = false;

  constructor(public fmspc: Uint8Array, public pckCa: string) {}

  private fail(why: string): i32 {
    this.error = why;
    this.state = FETCH_FAILED;
    this.release();
    return this.state;
  }

  private backoff(nowMs: i64, why: string): i32 {
    this.issued = false;
    if (this.attempts >= COLLATERAL_MAX_ATTEMPTS) return this.fail(why + " after " + this.attempts.toString() + " attempts");
    this.retryAt = nowMs + backoffDelay(this.attempts - 1, rand16());
    this.error = why;
    return FETCH_PENDING;
  }

  private issue(nowMs: i64): i32 {
    this.attempts++;
    const req = encodeCollateralRequest(this.fmspc, this.pckCa);
    if (this.buf < 0) this.buf = shared_alloc(COLLATERAL_BUFFER_PAGES);
    if (this.buf < 0) return this.fail("no shared memory for the collateral buffer");
    const zero = new Uint8Array(COLLATERAL_BUFFER_SIZE);
    shared_write(this.buf, 0, zero.dataStart, <u32>COLLATERAL_BUFFER_SIZE);
    if (shared_write(this.buf, 0, req.dataStart, <u32>req.length) != 0) return this.fail("cannot fill the collateral buffer");
    if (!this.notify) this.notify = setupEventNotifyInterrupt(VECTOR_QUOTE).ok;
    const r = getQuote(<u64>shared_gpa(this.buf), <u64>COLLATERAL_BUFFER_SIZE);
    if (r.tdxStatus == 0 && r.ghciStatus == GHCI_RETRY) return this.backoff(nowMs, "GetQuote(GET_COLLATERAL): VMM busy");
    if (!r.ok) return this.fail("GetQuote(GET_COLLATERAL) VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
    this.issued = true;
    return FETCH_PENDING;
  }

  // Advances; FETCH_PENDING, FETCH_DONE (collateral set) or FETCH_FAILED (error set).
  step(nowMs: i64): i32 {
    if (this.state != FETCH_PENDING) return this.state;
    if (!this.issued) {
      if (nowMs < this.retryAt) return FETCH_PENDING;
      return this.issue(nowMs);
    }
    const head = new Uint8Array(GHCI_QUOTE_HEADER);
    if (shared_read(this.buf, 0, head.dataStart, <u32>GHCI_QUOTE_HEADER) != 0) return this.fail("cannot read the collateral buffer");
    const status = load<u64>(head.dataStart + 8);
    if (status == QUOTE_STATUS_IN_FLIGHT || (status == QUOTE_STATUS_SUCCESS && load<u32>(head.dataStart + 20) == 0)) return FETCH_PENDING;
    const copy = new Uint8Array(COLLATERAL_BUFFER_SIZE);
    if (shared_read(this.buf, 0, copy.dataStart, <u32>COLLATERAL_BUFFER_SIZE) != 0) return this.fail("cannot read the collateral buffer");
    const resp = decodeCollateralResponse(copy);
    if (resp.error.length == 0 && resp.status != QUOTE_STATUS_SUCCESS) {
      return this.backoff(nowMs, "collateral service busy or failed (status 0x" + resp.status.toString(16) + ")");
    }
    if (resp.error.length > 0) return this.fail(resp.error);
    const parsed = collateralFromQgs(resp.blobs, this.fmspc);
    if (parsed.collateral === null) return this.fail(parsed.error);
    this.collateral = parsed.collateral;
    this.state = FETCH_DONE;
    this.release();
    return this.state;
  }

  get wakeAt(): i64 { return this.issued ? 0 : this.retryAt; }

  release(): void {
    if (this.buf >= 0) shared_free(this.buf);
    this.buf = -1;
  }
}

export class CollateralPlan {
  fetch: CollateralFetch | null = null;
  error: string = "";
}

// What to ask for a quote: its PCK certificate's FMSPC and the PCK CA's name as PCS spells it
// ("processor" / "platform", from the issuer's CN "Intel SGX PCK Processor|Platform CA").
export function collateralPlanFor(quote: Uint8Array): CollateralPlan {
  const out = new CollateralPlan();
  const p = parseQuote(quote);
  if (p.quote === null) { out.error = "own quote does not parse"; return out; }
  const chain = parsePemChain(p.quote!.pckChainPem, "PCK chain");
  if (chain.failure !== null) { out.error = chain.failure!.reason; return out; }
  const leaf = chain.certs[0];
  const pck = parsePckExtension(leaf);
  if (pck.info === null) { out.error = "PCK certificate: " + pck.error; return out; }
  const cn = commonName(leaf.issuer);
  let ca = "";
  if (cn.includes("Processor")) ca = "processor";
  else if (cn.includes("Platform")) ca = "platform";
  else { out.error = "PCK issuer '" + cn + "' is neither a processor nor a platform CA"; return out; }
  out.fetch = new CollateralFetch(pck.info!.fmspc, ca);
  return out;
}
