// Verified platforms kept across the verifications (and so the sessions) of one MigTD. A quote's
// PCK chain names its platform; with the collateral and the root it is checked against, it fixes
// everything a verification establishes before looking at the quote itself: the PCK chain to the
// root, the CRLs (signatures, dates, revocation of every certificate involved), the TCB info and
// QE identity (chains, signatures, dates, FMSPC / PCE-ID) and their parsed contents. A second
// quote from the same platform then costs its own signature and QE report check, and the TCB
// level matching, instead of a dozen ECDSA verifications and the parsing of every document.
//
// Keyed by the exact bytes (field_key.ts, compared whole rather than hashed): the root
// certificate, the PCK chain PEM and the collateral's identity (types.ts: the serial number the
// parse cache gave it, or a SHA-256 over its CRLs' DER and its signed documents with their
// signatures and chains). Any byte that differs is another key (new collateral bytes are a new
// parse, with a new serial), so a new CRL or TCB info is checked afresh.
// Only successes are stored, each for the window of instants at which every time check it passed
// would pass again (validity_window.ts): its end is the earliest of the certificates' notAfter and
// the CRLs', TCB info's and QE identity's own nextUpdate. Outside that window the entry is not
// used (past its end, dropped), so a verification gives the same result, failure reason included,
// with the cache and without it (test/attest/verified-platform.test.ts checks it differentially).
import { Certificate } from "../x509/cert";
import { ExpiringCache } from "../util/expiring_cache";
import { FieldKey } from "./field_key";
import { PckInfo } from "./pckext";
import { Collateral } from "./collateral/types";
import { CollateralFacts } from "./collateral/evaluate";

// A MigTD meets its own platform and its peers' (at most 12 concurrent sessions, migtd.md); 16
// platforms each with one collateral set. An entry holds parsed certificates and the parsed TCB
// info / QE identity (tens of KiB at most), so the bound also bounds memory.
export const PLATFORM_CACHE_CAPACITY: i32 = 16;

export class VerifiedPlatform {
  constructor(
    public readonly path: Certificate[], // the verified PCK chain, leaf first, anchor last
    public readonly pck: PckInfo, // the leaf's SGX extension
    public readonly facts: CollateralFacts,
  ) {}
}

export const platformCache = new ExpiringCache<VerifiedPlatform>(PLATFORM_CACHE_CAPACITY);

export function platformKey(root: Certificate, pckChainPem: Uint8Array, coll: Collateral): Uint8Array {
  return new FieldKey().field(root.raw).field(pckChainPem).field(coll.identity()).done();
}
