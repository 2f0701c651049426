// Parsed collateral kept by the bytes it was parsed from (field_key.ts: the cache compares them
// with the bytes of each lookup, which is far cheaper than hashing them). Every session of a MigTD
// fetches the collateral for its FMSPC again (session/collateral_fetch.ts), and the host answers
// with the same bytes until Intel publishes new ones; parsing them (JSON, hex, PEM, DER CRLs) was
// most of a repeated verification's work. Parsing is a pure function of the bytes, so handing out
// the earlier result is exactly a fresh parse; the parsed objects are never changed afterwards
// (types.ts), and their signatures, chains and dates are still checked by every verification
// (or by verified_platform.ts for the instants at which they were already found valid). Only
// successful parses are kept. Entries carry no validity window: a parse does not judge time.
import { ExpiringCache, FOREVER, SINCE_ALWAYS } from "../../util/expiring_cache";
import { FieldKey } from "../field_key";
import { Collateral, CollateralParse } from "./types";
import { parseCollateral } from "./load";
import { collateralFromQgs } from "./from_qgs";

// Collateral is one set per FMSPC and format: the MigTD's own and its peers' platforms, 15-160
// KiB of text each (an entry keeps a copy of its bytes besides the parsed objects).
export const PARSE_CACHE_CAPACITY: i32 = 8;

export const parseCache = new ExpiringCache<Collateral>(PARSE_CACHE_CAPACITY);

const FORMAT_BUNDLE: i64 = 1; // load.ts: a JSON bundle
const FORMAT_QGS: i64 = 2; // from_qgs.ts: the seven parts of a GET_COLLATERAL answer

function hit(c: Collateral): CollateralParse {
  const out = new CollateralParse();
  out.collateral = c;
  return out;
}

function keep(key: Uint8Array, p: CollateralParse): CollateralParse {
  const c = p.collateral;
  if (c !== null) {
    c.nameBySerial();
    parseCache.put(key, c, SINCE_ALWAYS, FOREVER, true); // key: a FieldKey made for this call
  }
  return p;
}

// parseCollateral (load.ts) through the cache.
export function parseCollateralCached(src: Uint8Array): CollateralParse {
  if (!parseCache.enabled) return parseCollateral(src);
  const key = new FieldKey().count(FORMAT_BUNDLE).field(src).done();
  const c = parseCache.get(key, 0);
  return c !== null ? hit(c) : keep(key, parseCollateral(src));
}

// collateralFromQgs (from_qgs.ts) through the cache.
export function collateralFromQgsCached(blobs: Uint8Array[], fmspc: Uint8Array): CollateralParse {
  if (!parseCache.enabled) return collateralFromQgs(blobs, fmspc);
  const h = new FieldKey().count(FORMAT_QGS).field(fmspc).count(blobs.length);
  for (let i = 0; i < blobs.length; i++) h.field(blobs[i]);
  const key = h.done();
  const c = parseCache.get(key, 0);
  return c !== null ? hit(c) : keep(key, collateralFromQgs(blobs, fmspc));
}
