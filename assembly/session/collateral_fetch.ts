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
