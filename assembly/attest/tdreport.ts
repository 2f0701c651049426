// TDREPORT_STRUCT (1024 bytes, output of TDG.MR.REPORT; tdx-abi.md §5.1, migtd.md §2.7), TDX 1.0
// and 1.5. The MAC can only be checked by the TDX module on the same platform; what can be checked
// anywhere is the report's internal consistency:
//   TEE_TCB_INFO_HASH = SHA-384(TEE_TCB_INFO, bytes 256..495) and
//   TEE_INFO_HASH     = SHA-384(TDINFO, bytes 512..1024).
// SERVTD_HASH (TDINFO @400) exists from TDX 1.5; in 1.0 it is reserved (zero).
import { sha384 } from "../crypto/sha512";
import { bytesEqual } from "./bytes";
import { LeReader } from "./le";
import { AttestError, Failure } from "./errors";

export const TDREPORT_LEN: i32 = 1024;
export const REPORT_TYPE_TDX: u32 = 0x81;

export class TdReport {
  reportType: u32 = 0;
  reportSubtype: u32 = 0;
  reportVersion: u32 = 0;
  cpuSvn: Uint8Array = new Uint8Array(0);
  teeTcbInfoHash: Uint8Array = new Uint8Array(0);
  teeInfoHash: Uint8Array = new Uint8Array(0);
  reportData: Uint8Array = new Uint8Array(0);
  mac: Uint8Array = new Uint8Array(0);
  // TEE_TCB_INFO
  valid: Uint8Array = new Uint8Array(0);
  teeTcbSvn: Uint8Array = new Uint8Array(0);
  mrSeam: Uint8Array = new Uint8Array(0);
  mrSignerSeam: Uint8Array = new Uint8Array(0);
  seamAttributes: Uint8Array = new Uint8Array(0);
  teeTcbSvn2: Uint8Array = new Uint8Array(0);
  // TDINFO
  tdAttributes: Uint8Array = new Uint8Array(0);
  xfam: Uint8Array = new Uint8Array(0);
  mrtd: Uint8Array = new Uint8Array(0);
  mrConfigId: Uint8Array = new Uint8Array(0);
  mrOwner: Uint8Array = new Uint8Array(0);
  mrOwnerConfig: Uint8Array = new Uint8Array(0);
  rtmr: Uint8Array[] = [];
  servtdHash: Uint8Array = new Uint8Array(0);
  // Consistency checks.
  teeTcbInfoHashOk: bool = false;
  teeInfoHashOk: bool = false;
}

export class TdReportParse {
  report: TdReport | null = null; // set whenever the layout parsed, even if a hash check failed
  failure: Failure | null = null;
}

export function parseTdReport(b: Uint8Array): TdReportParse {
  const out = new TdReportParse();
  if (b.length != TDREPORT_LEN) {
    out.failure = new Failure(AttestError.ReportMalformed, "TDREPORT must be 1024 bytes, got " + b.length.toString());
    return out;
  }
  const r = new LeReader(b);
  const t = new TdReport();
  t.reportType = r.u8();
  t.reportSubtype = r.u8();
  t.reportVersion = r.u8();
  r.skip(1 + 12);
  t.cpuSvn = r.copy(16);
  t.teeTcbInfoHash = r.copy(48);
  t.teeInfoHash = r.copy(48);
  t.reportData = r.copy(64);
  r.skip(32);
  t.mac = r.copy(32);
  t.valid = r.copy(8); // 256
  t.teeTcbSvn = r.copy(16);
  t.mrSeam = r.copy(48);
  t.mrSignerSeam = r.copy(48);
  t.seamAttributes = r.copy(8);
  t.teeTcbSvn2 = r.copy(16);
  r.skip(95 + 17); // to 512
  t.tdAttributes = r.copy(8);
  t.xfam = r.copy(8);
  t.mrtd = r.copy(48);
  t.mrConfigId = r.copy(48);
  t.mrOwner = r.copy(48);
  t.mrOwnerConfig = r.copy(48);
  for (let i = 0; i < 4; i++) t.rtmr.push(r.copy(48));
  t.servtdHash = r.copy(48);
  out.report = t;
  if (t.reportType != REPORT_TYPE_TDX) {
    out.failure = new Failure(AttestError.ReportMalformed, "REPORTTYPE.TYPE is not TDX (0x81)");
    return out;
  }
  t.teeTcbInfoHashOk = bytesEqual(sha384(b.subarray(256, 495)), t.teeTcbInfoHash);
  t.teeInfoHashOk = bytesEqual(sha384(b.subarray(512, 1024)), t.teeInfoHash);
  if (!t.teeTcbInfoHashOk) out.failure = new Failure(AttestError.ReportHashMismatch, "TEE_TCB_INFO_HASH does not match TEE_TCB_INFO");
  else if (!t.teeInfoHashOk) out.failure = new Failure(AttestError.ReportHashMismatch, "TEE_INFO_HASH does not match TDINFO");
  return out;
}
