// A completed RAW WaitForRequest (migtd.md §1.6): the header's data_status byte 0 must be 1 and
// byte 1 names the operation; the payload length must be exact for the operation. Every problem
// becomes a result code for the request id at payload offset 0, when that id is readable.
import { RawHeader } from "./buffer";
import {
  DS_SUCCESS, OP_START_MIGRATION, OP_START_REBINDING, OP_GET_TD_REPORT, OP_ENABLE_LOG_AREA, OP_GET_MIGTD_DATA,
} from "./wire";
import { MigrationInfo, parseMigrationInfo, MIGRATION_INFO_RAW_SIZE } from "../migration_info";
import {
  RESULT_SUCCESS, RESULT_INVALID_PARAMETER, RESULT_VMM_INTERNAL_ERROR, RESULT_UNSUPPORTED_OPERATION,
} from "../../result/codes";

export const GET_TD_REPORT_SIZE: i32 = 8;
export const GET_TD_REPORT_WITH_DATA_SIZE: i32 = 8 + 64;
export const ENABLE_LOG_AREA_SIZE: i32 = 16;
// Log levels 1 (error) .. 5 (trace) (§1.6).
export const LOG_LEVEL_MAX: u8 = 5;

export class RawRequest {
  op: u8 = 0;
  requestId: u64 = 0;
  hasId: bool = false;
  // RESULT_SUCCESS when the request is well formed; else the code to report and why.
  code: u8 = RESULT_SUCCESS;
  error: string = "";
  info: MigrationInfo | null = null; // op 1
  logLevel: u8 = 0; // op 4

  get ok(): bool { return this.code == RESULT_SUCCESS; }
  reject(code: u8, why: string): RawRequest { this.code = code; this.error = why; return this; }
}

// `payload` is what the buffer held (at most its capacity); `header.length` is what the VMM claims.
export function parseRawRequest(header: RawHeader, payload: Uint8Array, capacity: i32): RawRequest {
  const r = new RawRequest();
  if (payload.length >= 8) { r.requestId = load<u64>(payload.dataStart); r.hasId = true; }
  r.op = header.byte1;
  if (header.byte0 != DS_SUCCESS) {
    return r.reject(RESULT_VMM_INTERNAL_ERROR, "data_status 0x" + header.dataStatus.toString(16) + ": byte 0 is not 1 (success)");
  }
  if (<i64>header.length > <i64>capacity) {
    return r.reject(RESULT_INVALID_PARAMETER, "length " + header.length.toString() + " exceeds the " + capacity.toString() + "-byte buffer");
  }
  const len = <i32>header.length;
  if (len < 8) { r.hasId = false; return r.reject(RESULT_INVALID_PARAMETER, "payload of " + len.toString() + " bytes has no request id"); }
  switch (r.op) {
    case OP_START_MIGRATION: {
      const parsed = parseMigrationInfo(payload.subarray(0, len), MIGRATION_INFO_RAW_SIZE);
      if (parsed.error.length > 0) return r.reject(RESULT_INVALID_PARAMETER, parsed.error);
      r.info = parsed.info;
      return r;
    }
    case OP_GET_TD_REPORT:
      // The optional reportdata is accepted and ignored (the report binds a fixed string).
      if (len != GET_TD_REPORT_SIZE && len != GET_TD_REPORT_WITH_DATA_SIZE) {
        return r.reject(RESULT_INVALID_PARAMETER, "GetTDReport payload of " + len.toString() + " bytes, expected 8 or 72");
      }
      return r;
    case OP_ENABLE_LOG_AREA: {
      if (len != ENABLE_LOG_AREA_SIZE) return r.reject(RESULT_INVALID_PARAMETER, "EnableLogArea payload of " + len.toString() + " bytes, expected 16");
      const level = payload[8];
      for (let i = 9; i < 16; i++) {
        if (payload[i] != 0) return r.reject(RESULT_INVALID_PARAMETER, "EnableLogArea reserved bytes are not zero");
      }
      if (level < 1 || level > LOG_LEVEL_MAX) return r.reject(RESULT_INVALID_PARAMETER, "log_max_level " + level.toString() + " is not 1..5");
      r.logLevel = level;
      return r;
    }
    case OP_START_REBINDING:
    case OP_GET_MIGTD_DATA:
      return r.reject(RESULT_UNSUPPORTED_OPERATION, "operation " + r.op.toString() + " needs policy v2; this MigTD is V1");
  }
  return r.reject(RESULT_UNSUPPORTED_OPERATION, "unknown operation " + r.op.toString());
}
