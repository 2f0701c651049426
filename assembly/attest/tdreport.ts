// Checking a TDREPORT_STRUCT (output of TDG.MR.REPORT; layout in tdx/report.ts), TDX 1.0 and 1.5.
// The MAC can only be checked by the TDX module on the same platform; what can be checked anywhere
// is the report's internal consistency:
//   TEE_TCB_INFO_HASH = SHA-384(TEE_TCB_INFO) and
//   TEE_INFO_HASH     = SHA-384(TDINFO).
// SERVTD_HASH exists from TDX 1.5; in 1.0 it is reserved (zero).
import { sha384 } from "../crypto/sha512";
import { bytesEqual } from "../util/bytes";
import {
  REPORT_TYPE_TDX, TDINFO_OFFSET, TDINFO_SIZE, TDREPORT_SIZE, TEE_TCB_INFO_OFFSET, TEE_TCB_INFO_SIZE, TdReportView,
} from "../tdx/report";
import { AttestError, Failure } from "./errors";

export class TdReportParse {
  report: TdReportView | null = null; // set whenever the size is right, even if a check failed
  teeTcbInfoHashOk: bool = false;
  teeInfoHashOk: bool = false;
  failure: Failure | null = null;
}

export function parseTdReport(b: Uint8Array): TdReportParse {
  const out = new TdReportParse();
  const t = TdReportView.of(b.slice(0));
  if (t === null) {
    out.failure = new Failure(AttestError.ReportMalformed, "TDREPORT must be " + TDREPORT_SIZE.toString() + " bytes, got " + b.length.toString());
    return out;
  }
  out.report = t;
  if (t.reportType != REPORT_TYPE_TDX) {
    out.failure = new Failure(AttestError.ReportMalformed, "REPORTTYPE.TYPE is not TDX (0x81)");
    return out;
  }
  const tcbInfo = b.subarray(TEE_TCB_INFO_OFFSET, TEE_TCB_INFO_OFFSET + TEE_TCB_INFO_SIZE);
  const tdInfo = b.subarray(TDINFO_OFFSET, TDINFO_OFFSET + TDINFO_SIZE);
  out.teeTcbInfoHashOk = bytesEqual(sha384(tcbInfo), t.teeTcbInfoHash);
  out.teeInfoHashOk = bytesEqual(sha384(tdInfo), t.teeInfoHash);
  if (!out.teeTcbInfoHashOk) out.failure = new Failure(AttestError.ReportHashMismatch, "TEE_TCB_INFO_HASH does not match TEE_TCB_INFO");
  else if (!out.teeInfoHashOk) out.failure = new Failure(AttestError.ReportHashMismatch, "TEE_INFO_HASH does not match TDINFO");
  return out;
}
