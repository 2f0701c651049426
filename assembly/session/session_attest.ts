// How a pre-migration verifies a quote (migtd.md §2.5 V1): with the collateral the host gave this
// session for the FMSPC in question, at the session's judgement time (time_floor.ts). The peer
// verifier runs it on our own quote and on the peer's; api/session.ts exposes it so that tests
// judge real quotes by exactly this path.
import { Certificate } from "../x509/cert";
import { Collateral } from "../attest/collateral/types";
import { QuoteVerdict, verifyQuote } from "../attest/verify";
import { AttestError, Failure } from "../attest/errors";
import { judgementTime, raiseFloor } from "./time_floor";

export class SessionCollateral {
  constructor(public collateral: Collateral, public at: i64) {}

  // The collateral with its judgement time given this MigTD's root and floor.
  static of(root: Certificate, coll: Collateral): SessionCollateral {
    return new SessionCollateral(coll, judgementTime(root, coll));
  }
}

// `remember` raises this MigTD's time floor to the judgement time once the collateral has verified.
// True when the collateral has a TCB info for this FMSPC (upper-case hex), or one that names no
// FMSPC outside its signed body (bundle formats; evaluate.ts checks the signed one).
export function coversFmspc(c: Collateral, fmspc: string): bool {
  for (let i = 0; i < c.platforms.length; i++) {
    const p = c.platforms[i].fmspc;
    if (p.length == 0 || p == fmspc) return true;
  }
  return false;
}

export function verifySessionQuote(quote: Uint8Array, root: Certificate, sc: SessionCollateral, remember: bool = true): QuoteVerdict {
  const v = verifyQuote(quote, root, sc.collateral, sc.at);
  if (v.verified !== null) {
    if (v.verified!.tcb === null) {
      // verifyQuote evaluates collateral whenever it is given; a verdict without a TCB status
      // would mean it was skipped, which the session never accepts.
      v.failure = new Failure(AttestError.CollateralMalformed, "quote verified without a TCB evaluation");
      v.verified = null;
      return v;
    }
    // Every signature in the collateral verified: its dates are Intel's.
    if (remember) raiseFloor(sc.at);
  }
  return v;
}
