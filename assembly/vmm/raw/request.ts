// A completed RAW WaitForRequest (migtd.md §1.6): the header's data_status byte 0 must be 1 and
// byte 1 names the operation; the payload length must be exact for the operation. Every problem
// becomes a result code for the request id at payload offset 0, when that id is readable.
import { RawHeader } from "./buffer";
import {
  DS_SUCCESS, OP_START_MIGRATION, OP_START_REBINDING, OP_GET_TD_REPORT, OP_ENABLE_LOG_AREA, OP_GET_MIGTD_DATA,
} from "./wire";
import { MigrationInfo, parseMigrationInfo, MIGRATION_INFO_RAW_SIZE } from "../migration_info";
import { RESULT_SUCCESS } from "../../result/codes";
import { RawError } from "../../result/raw";
import { resultFor } from "../../result/map";

export const GET_TD_REPORT_SIZE: i32 = 8;
export const GET_TD_REPORT_WITH_DATA_SIZE: i32 = 8 + 64;
// GetMigtdData (op 5) has the same shape: the request id and optionally a 64-byte reportdata.
export const GET_MIGTD_DATA_SIZE: i32 = 8;
export const GET_MIGTD_DATA_WITH_DATA_SIZE: i32 = 8 + 64;
export const ENABLE_LOG_AREA_SIZE: i32 = 16;
// Log levels 1 (error) .. 5 (trace) (§1.6).
export const LOG_LEVEL_MAX: u8 = 5;

export class RawRequest {
  op: u8 = 0;
  requestId: u64 = 0;
  hasId: bool = false;
  // RawError.None when the request is well formed; else the error, the result code it is
  // reported as (result/map.ts) and why.
  failure: RawError = RawError.None;
  code: u8 = RESULT_SUCCESS;
  error: string = "";
  info: MigrationInfo | null = null; // ops 1 and 2
  logLevel: u8 = 0; // op 4
  reportData: Uint8Array | null = null; // op 5: the VMM's reportdata (zeros when absent)

  get ok(): bool { return this.code == RESULT_SUCCESS; }
  reject(failure: RawError, why: string): RawRequest {
    this.failure = failure;
    this.code = resultFor(failure);
    this.error = why;
    return this;
  }
}

// `payload` is what the buffer held (at most its capacity); `header.length` is what the VMM claims.
// `v2`: this MigTD runs a signed policy v2, which adds StartRebinding, GetMigtdData and the
// 568-byte MigtdMigrationInformation with init data (§1.5, §1.6).
export function parseRawRequest(header: RawHeader, payload: Uint8Array, capacity: i32, v2: bool = false): RawRequest {
  const r = new RawRequest();
  if (payload.length >= 8) { r.requestId = load<u64>(payload.dataStart); r.hasId = true; }
  r.op = header.byte1;
  if (header.byte0 != DS_SUCCESS) {
    return r.reject(RawError.VmmStatus, "data_status 0x" + header.dataStatus.toString(16) + ": byte 0 is not 1 (success)");
  }
  if (<i64>header.length > <i64>capacity) {
    return r.reject(RawError.LengthBeyondBuffer, "length " + header.length.toString() + " exceeds the " + capacity.toString() + "-byte buffer");
  }
  const len = <i32>header.length;
  if (len < 8) { r.hasId = false; return r.reject(RawError.NoRequestId, "payload of " + len.toString() + " bytes has no request id"); }
  switch (r.op) {
    case OP_START_REBINDING:
      if (!v2) return r.reject(RawError.V2Only, "StartRebinding belongs to policy v2; this MigTD runs policy v1");
    // fallthrough: the same MigtdMigrationInformation (§1.6)
    case OP_START_MIGRATION: {
      const parsed = parseMigrationInfo(payload.subarray(0, len), MIGRATION_INFO_RAW_SIZE, v2);
      if (parsed.error.length > 0) return r.reject(RawError.MigrationInfo, parsed.error);
      r.info = parsed.info;
      return r;
    }
    case OP_GET_TD_REPORT:
      // The optional reportdata is accepted and ignored (the report binds a fixed string).
      if (len != GET_TD_REPORT_SIZE && len != GET_TD_REPORT_WITH_DATA_SIZE) {
        return r.reject(RawError.TdReportLength, "GetTDReport payload of " + len.toString() + " bytes, expected 8 or 72");
      }
      return r;
    case OP_ENABLE_LOG_AREA: {
      if (len != ENABLE_LOG_AREA_SIZE) return r.reject(RawError.LogAreaLength, "EnableLogArea payload of " + len.toString() + " bytes, expected 16");
      const level = payload[8];
      for (let i = 9; i < 16; i++) {
        if (payload[i] != 0) return r.reject(RawError.LogAreaReserved, "EnableLogArea reserved bytes are not zero");
      }
      if (level < 1 || level > LOG_LEVEL_MAX) return r.reject(RawError.LogAreaLevel, "log_max_level " + level.toString() + " is not 1..5");
      r.logLevel = level;
      return r;
    }
    case OP_GET_MIGTD_DATA: {
      if (!v2) return r.reject(RawError.V2Only, "GetMigtdData belongs to policy v2; this MigTD runs policy v1");
      if (len != GET_MIGTD_DATA_SIZE && len != GET_MIGTD_DATA_WITH_DATA_SIZE) {
        return r.reject(RawError.MigtdDataLength, "GetMigtdData payload of " + len.toString() + " bytes, expected 8 or 72");
      }
      // §1.6: the report binds the VMM's reportdata (unlike GetTDReport); absent, it is zeros.
      const rd = new Uint8Array(64);
      if (len == GET_MIGTD_DATA_WITH_DATA_SIZE) rd.set(payload.subarray(8, 72), 0);
      r.reportData = rd;
      return r;
    }
  }
  return r.reject(RawError.UnknownOperation, "unknown operation " + r.op.toString());
}
