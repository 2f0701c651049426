// Library exports for the pre-migration's own quote verification path (session/session_attest.ts)
// and its GET_COLLATERAL codec, so tests and tools judge quotes exactly as a live session does.
import { bytesIn, returnString } from "./memory";
import { JsonWriter } from "../json/writer";
import { AttestError, errorName } from "../attest/errors";
import { X509Error } from "../x509/errors";
import { resultFor } from "../result/map";
import { parseCertificate } from "../x509/cert";
import { parseCollateralCached } from "../attest/collateral/parse_cache";
import { collateralFromQgs } from "../attest/collateral/from_qgs";
import { verifiedReportOf } from "../attest/verified_report";
import { renderVerdict } from "../attest/render";
import { toHex } from "../util/hex";
import { SessionCollateral, verifySessionQuote } from "../session/session_attest";
import { judgementTime } from "../session/time_floor";
import { decodeCollateralResponse } from "../session/collateral_request";

function errorFields(w: JsonWriter, code: i32, reason: string): void {
  if (code == AttestError.None) w.nul("error").nul("errorCode").num("resultCode", 0);
  else w.str("error", reason).str("errorCode", errorName(code)).num("resultCode", <f64>resultFor(code));
}

// Verifies a quote as a session does: collateral (JSON bundle, required), judged at the session's
// time given `floorSecs` as the floor this MigTD has reached. With `remember` != 0 it also uses
// and raises this instance's own floor, as a live session does. Adds "at" (the judgement time) and
// "report" (the 822-byte verified report, hex) when verification succeeds.
export function api_session_verify(quotePtr: usize, quoteLen: u32, rootPtr: usize, rootLen: u32, collPtr: usize, collLen: u32, floorSecs: i64, remember: i32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const rp = parseCertificate(bytesIn(rootPtr, rootLen));
  const root = rp.cert;
  if (root === null) {
    errorFields(w, X509Error.RootMalformed, "root CA: " + rp.error);
    return returnString(w.endObject().toString());
  }
  const cp = parseCollateralCached(bytesIn(collPtr, collLen));
  const coll = cp.collateral;
  if (coll === null) {
    errorFields(w, AttestError.CollateralMalformed, cp.error);
    return returnString(w.endObject().toString());
  }
  const sc = new SessionCollateral(coll, judgementTime(root, coll, floorSecs, remember != 0));
  const v = verifySessionQuote(bytesIn(quotePtr, quoteLen), root, sc, remember != 0);
  const f = v.failure;
  if (f !== null) errorFields(w, f.code, f.reason);
  else errorFields(w, AttestError.None, "");
  w.num("at", <f64>sc.at);
  renderVerdict(w, v);
  const ok = v.verified;
  if (ok !== null) w.str("report", toHex(verifiedReportOf(ok)));
  return returnString(w.endObject().toString());
}

// Decodes a completed GetQuote buffer holding a GET_COLLATERAL response and reads its collateral
// for `fmspc`: {"status", "error", "qgsError", "parts": "n,n,...", "collateral": bool}.
export function api_collateral_response(bufPtr: usize, bufLen: u32, fmspcPtr: usize, fmspcLen: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const r = decodeCollateralResponse(bytesIn(bufPtr, bufLen));
  w.str("status", "0x" + r.status.toString(16));
  w.num("qgsError", <f64>r.qgsError);
  const sizes = new Array<string>();
  for (let i = 0; i < r.blobs.length; i++) sizes.push(r.blobs[i].length.toString());
  w.str("parts", sizes.join(","));
  let error = r.error;
  let ok = false;
  if (error.length == 0 && r.blobs.length == 7) {
    const c = collateralFromQgs(r.blobs, bytesIn(fmspcPtr, fmspcLen));
    ok = c.collateral !== null;
    error = c.error;
  }
  if (error.length > 0) w.str("error", error);
  else w.nul("error");
  w.bool("collateral", ok);
  return returnString(w.endObject().toString());
}
