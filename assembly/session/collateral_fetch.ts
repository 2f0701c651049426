// Fetching PCS collateral from the host (migtd.md §1.7, §2.5 V1): GET_COLLATERAL for one FMSPC
// and PCK CA on a GetQuote shared buffer, completion on vector 0x51 or seen by polling, as
// quote_fetch.ts does for quotes. A busy service (VMCALL RETRY, buffer status in-flight error or
// "service unavailable") is retried with the same back-off as quotes (ghci_exchange.ts), at most
// COLLATERAL_MAX_ATTEMPTS times; a QGS error, a malformed or oversized answer is a failure at once.
// The caller's deadline bounds the whole. A stepper driven by the session.
import { encodeCollateralRequest, decodeCollateralResponse } from "./collateral_request";
import { GhciExchange, FETCH_PENDING } from "./ghci_exchange";
import { QUOTE_STATUS_SUCCESS } from "./quote_request";
import { Collateral } from "../attest/collateral/types";
import { collateralFromQgsCached } from "../attest/collateral/parse_cache";
import { parseQuote } from "../attest/quote";
import { parsePemChain } from "../attest/pckchain";
import { parsePckExtension } from "../attest/pckext";
import { commonName } from "../x509/name";

export const COLLATERAL_MAX_ATTEMPTS: i32 = 6;

export class CollateralFetch extends GhciExchange {
  collateral: Collateral | null = null;

  constructor(public fmspc: Uint8Array, public pckCa: string) {
    super("collateral", "GetQuote(GET_COLLATERAL)");
  }

  // Advances; FETCH_PENDING, FETCH_DONE (collateral set) or FETCH_FAILED (error set).
  step(nowMs: i64): i32 {
    if (this.state != FETCH_PENDING) return this.state;
    if (!this.issued) {
      if (nowMs < this.retryAt) return FETCH_PENDING;
      return this.send(nowMs, encodeCollateralRequest(this.fmspc, this.pckCa), COLLATERAL_MAX_ATTEMPTS);
    }
    const copy = this.received();
    if (copy === null) return this.state;
    const resp = decodeCollateralResponse(copy);
    if (resp.error.length == 0 && resp.status != QUOTE_STATUS_SUCCESS) {
      return this.backoff(nowMs, "collateral service busy or failed (status 0x" + resp.status.toString(16) + ")", COLLATERAL_MAX_ATTEMPTS);
    }
    if (resp.error.length > 0) return this.fail(resp.error);
    const parsed = collateralFromQgsCached(resp.blobs, this.fmspc);
    if (parsed.collateral === null) return this.fail(parsed.error);
    this.collateral = parsed.collateral;
    return this.done();
  }
}

export class CollateralPlan {
  fetch: CollateralFetch | null = null;
  error: string = "";
}

// What a PCK chain asks for, remembered by the chain's exact bytes. Every quote from one platform
// carries the same chain, and a MigTD plans collateral for its own quote and for each peer's in
// every session: parsing the chain and the PCK extension again each time was about a tenth of a
// pre-migration's CPU. The plan is a pure function of the bytes (parsing, no clock, no trust
// decision: the chain is verified later with the quote), so equal bytes give an equal plan; only
// successes are kept. A few entries cover this platform and the peers' platforms.
class PlanMemo {
  constructor(public pem: Uint8Array, public fmspc: Uint8Array, public ca: string) {}
}

const PLAN_MEMO_MAX: i32 = 4;
const planMemo: PlanMemo[] = [];
let planMemoNext: i32 = 0; // the entry to replace once the memo is full (round robin)

function planMemoFind(pem: Uint8Array): PlanMemo | null {
  for (let i = 0; i < planMemo.length; i++) {
    const m = planMemo[i];
    if (m.pem.length == pem.length && memory.compare(m.pem.dataStart, pem.dataStart, <usize>pem.length) == 0) return m;
  }
  return null;
}

function planMemoKeep(m: PlanMemo): void {
  if (planMemo.length < PLAN_MEMO_MAX) { planMemo.push(m); return; }
  planMemo[planMemoNext] = m;
  planMemoNext = (planMemoNext + 1) % PLAN_MEMO_MAX;
}

// Tests only: forget the remembered plans.
export function resetCollateralPlanMemo(): void {
  planMemo.length = 0;
  planMemoNext = 0;
}

// What to ask for a quote: its PCK certificate's FMSPC and the PCK CA's name as PCS spells it
// ("processor" / "platform", from the issuer's CN "Intel SGX PCK Processor|Platform CA").
export function collateralPlanFor(quote: Uint8Array): CollateralPlan {
  const out = new CollateralPlan();
  const p = parseQuote(quote);
  if (p.quote === null) { out.error = "own quote does not parse"; return out; }
  const pem = p.quote!.pckChainPem;
  const known = planMemoFind(pem);
  if (known !== null) {
    out.fetch = new CollateralFetch(known.fmspc.slice(), known.ca);
    return out;
  }
  const chain = parsePemChain(pem, "PCK chain");
  if (chain.failure !== null) { out.error = chain.failure!.reason; return out; }
  const leaf = chain.certs[0];
  const pck = parsePckExtension(leaf);
  if (pck.info === null) { out.error = "PCK certificate: " + pck.error; return out; }
  const cn = commonName(leaf.issuer);
  let ca = "";
  if (cn.includes("Processor")) ca = "processor";
  else if (cn.includes("Platform")) ca = "platform";
  else { out.error = "PCK issuer '" + cn + "' is neither a processor nor a platform CA"; return out; }
  planMemoKeep(new PlanMemo(pem.slice(), pck.info!.fmspc.slice(), ca));
  out.fetch = new CollateralFetch(pck.info!.fmspc, ca);
  return out;
}
