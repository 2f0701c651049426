// Library exports for attestation (CLI and tests): raw pointers in, a JSON document out
// (assembly/api/memory.ts describes the buffer protocol). Each result carries "error" (null when
// fine), the AttestError name and the MigTD result code it maps to.
import { bytesIn, returnString } from "./memory";
import { JsonWriter } from "../json/writer";
import { parseCcelResult } from "../eventlog/ccel";
import { renderCcel } from "../eventlog/render";
import { rtmrMatchMask } from "../eventlog/compare";
import { AttestError, errorName } from "../attest/errors";
import { X509Error } from "../x509/errors";
import { resultFor } from "../result/map";
import { parseCertificate } from "../x509/cert";
import { Collateral } from "../attest/collateral/types";
import { parseCollateralCached } from "../attest/collateral/parse_cache";
import { verifyQuote } from "../attest/verify";
import { verifiedReportOf } from "../attest/verified_report";
import { parseQuote } from "../attest/quote";
import { parseTdReport } from "../attest/tdreport";
import { parseCcelTable } from "../eventlog/acpi";
import { renderVerdict, renderQuote, renderTdReport } from "../attest/render";

function errorFields(w: JsonWriter, code: i32, reason: string): void {
  if (code == AttestError.None) {
    w.nul("error").nul("errorCode").num("resultCode", 0);
  } else {
    w.str("error", reason).str("errorCode", errorName(code)).num("resultCode", <f64>resultFor(code));
  }
}

// Parses and replays a CCEL log. With rtmrLen == 192 (RTMR0..3 concatenated) also compares.
export function api_eventlog(logPtr: usize, logLen: u32, rtmrPtr: usize, rtmrLen: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const res = parseCcelResult(bytesIn(logPtr, logLen));
  const log = res.log;
  if (log === null) {
    errorFields(w, AttestError.EventLogMalformed, res.error);
    return returnString(w.endObject().toString());
  }
  let code = AttestError.None;
  let reason = "";
  if (rtmrLen == 192) {
    const given = bytesIn(rtmrPtr, rtmrLen);
    const rtmrs = new Array<Uint8Array>(4);
    for (let i = 0; i < 4; i++) rtmrs[i] = given.subarray(i * 48, i * 48 + 48);
    const mask = rtmrMatchMask(log, rtmrs);
    w.num("rtmrMatchMask", <f64>mask);
    if (mask != 0xf) {
      code = AttestError.EventLogRtmrMismatch;
      reason = "replayed RTMRs differ from the reported ones (match mask 0x" + mask.toString(16) + ")";
    }
  }
  errorFields(w, code, reason);
  renderCcel(w, log);
  return returnString(w.endObject().toString());
}

// Verifies a quote against a root CA (DER, required) and optional collateral (JSON, collLen 0 =
// none) at `nowSecs` (Unix seconds, supplied by the caller).
export function api_quote_verify(quotePtr: usize, quoteLen: u32, rootPtr: usize, rootLen: u32, collPtr: usize, collLen: u32, nowSecs: i64): usize {
  const w = new JsonWriter();
  w.beginObject();
  const rp = parseCertificate(bytesIn(rootPtr, rootLen));
  const root = rp.cert;
  if (root === null) {
    errorFields(w, X509Error.RootMalformed, "root CA: " + rp.error);
    w.bool("verified", false).nul("tcbStatus");
    return returnString(w.endObject().toString());
  }
  let coll: Collateral | null = null;
  if (collLen > 0) {
    const cp = parseCollateralCached(bytesIn(collPtr, collLen));
    coll = cp.collateral;
    if (coll === null) {
      errorFields(w, AttestError.CollateralMalformed, cp.error);
      w.bool("verified", false).nul("tcbStatus");
      return returnString(w.endObject().toString());
    }
  }
  const v = verifyQuote(bytesIn(quotePtr, quoteLen), root, coll, nowSecs);
  const f = v.failure;
  if (f !== null) errorFields(w, f.code, f.reason);
  else errorFields(w, AttestError.None, "");
  renderVerdict(w, v);
  const ok = v.verified;
  if (ok !== null) w.hex("report", verifiedReportOf(ok));
  return returnString(w.endObject().toString());
}

// Parses a quote without verifying it (fields, lengths); for tools and the event-log comparison.
export function api_quote_parse(quotePtr: usize, quoteLen: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const p = parseQuote(bytesIn(quotePtr, quoteLen));
  const q = p.quote;
  const f = p.failure;
  if (q === null || f !== null) {
    errorFields(w, f !== null ? f.code : AttestError.QuoteMalformed, f !== null ? f.reason : "malformed");
  } else {
    errorFields(w, AttestError.None, "");
    renderQuote(w, q);
  }
  return returnString(w.endObject().toString());
}

// Parses a 1024-byte TDREPORT and checks its internal hashes.
export function api_tdreport(ptr: usize, len: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const p = parseTdReport(bytesIn(ptr, len));
  const f = p.failure;
  if (f !== null) errorFields(w, f.code, f.reason);
  else errorFields(w, AttestError.None, "");
  renderTdReport(w, p);
  return returnString(w.endObject().toString());
}

// Parses a CCEL ACPI table (56 bytes).
export function api_ccel_table(ptr: usize, len: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const p = parseCcelTable(bytesIn(ptr, len));
  const t = p.table;
  if (t === null) {
    errorFields(w, AttestError.EventLogMalformed, p.error);
  } else {
    errorFields(w, AttestError.None, "");
    w.num("revision", <f64>t.revision).num("ccType", <f64>t.ccType).num("ccSubtype", <f64>t.ccSubtype);
    w.num("laml", <f64>t.laml).str("lasa", "0x" + t.lasa.toString(16));
  }
  return returnString(w.endObject().toString());
}
