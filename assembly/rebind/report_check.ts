// A peer's TD report in a rebinding certificate (migtd.md §2.9): both MigTDs run on one platform,
// so instead of a quote the peer shows a TDREPORT_STRUCT, and the TDX module itself says whether
// its REPORTMACSTRUCT was made here (TDG.MR.VERIFYREPORT). The MAC covers only the first 256
// bytes; the rest is bound through the two hashes in it: tee_tcb_info_hash = SHA-384(TEE_TCB_INFO)
// and tee_info_hash = SHA-384(TDINFO_STRUCT) (non-zero for a TD). The report's REPORTDATA binds
// the certificate key as a quote's does (§2.4).
import { sha384 } from "../crypto/sha512";
import { bytesEqual, isAllZero } from "../util/bytes";
import { Failure } from "../result/failure";
import { RebindError } from "../result/rebind";
import {
  TDREPORT_SIZE, REPORT_TYPE_TDX, RM_REPORT_TYPE, REPORTMAC_SIZE, RM_TEE_TCB_INFO_HASH, RM_TEE_INFO_HASH, RM_REPORTDATA,
  TEE_TCB_INFO_OFFSET, TEE_TCB_INFO_SIZE, TDINFO_OFFSET, TDINFO_SIZE,
} from "../tdx/report";
import { TDX_SUCCESS } from "../tdx/leaves";
import { u64Hex } from "../util/hex";

// TDG.MR.VERIFYREPORT, given to the checker by its caller (the session issues the TDCALL), so the
// check itself stays free of I/O.
export class ReportMacCheck {
  // TDX status of verifying this 256-byte REPORTMACSTRUCT (0 = made on this platform).
  verify(macStruct: Uint8Array): u64 { return 1; }
}

// Null when the report is this platform's and bound to `certKeyHash` (SHA-384 of the key).
export function checkPeerReport(report: Uint8Array, certKeyHash: Uint8Array, mac: ReportMacCheck): Failure | null {
  if (report.length != TDREPORT_SIZE) return new Failure(RebindError.ReportMalformed, "the TD report extension holds " + report.length.toString() + " bytes, not 1024");
  if (report[RM_REPORT_TYPE] != REPORT_TYPE_TDX) return new Failure(RebindError.ReportMalformed, "the TD report is of type 0x" + report[RM_REPORT_TYPE].toString(16) + ", not TDX");
  const status = mac.verify(report.subarray(0, REPORTMAC_SIZE));
  if (status != TDX_SUCCESS) return new Failure(RebindError.ReportMacInvalid, "TDG.MR.VERIFYREPORT refused the peer's report (status " + u64Hex(status) + "): not made on this platform");
  const tcb = sha384(report.subarray(TEE_TCB_INFO_OFFSET, TEE_TCB_INFO_OFFSET + TEE_TCB_INFO_SIZE));
  if (!bytesEqual(tcb, report.subarray(RM_TEE_TCB_INFO_HASH, RM_TEE_TCB_INFO_HASH + 48))) {
    return new Failure(RebindError.ReportHashMismatch, "tee_tcb_info_hash is not SHA-384 of the report's TEE_TCB_INFO");
  }
  const infoHash = report.subarray(RM_TEE_INFO_HASH, RM_TEE_INFO_HASH + 48);
  if (isAllZero(infoHash) || !bytesEqual(infoHash, sha384(report.subarray(TDINFO_OFFSET, TDINFO_OFFSET + TDINFO_SIZE)))) {
    return new Failure(RebindError.ReportHashMismatch, "tee_info_hash is not SHA-384 of the report's TDINFO_STRUCT");
  }
  if (!bytesEqual(report.subarray(RM_REPORTDATA, RM_REPORTDATA + 48), certKeyHash)) {
    return new Failure(RebindError.KeyBinding, "the certificate key is not bound to the TD report's REPORTDATA");
  }
  return null;
}
