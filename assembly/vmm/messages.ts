// VMM service protocol messages over TDG.VP.VMCALL<Service> (migtd.md §1.4): building the
// command buffers and validating the response buffers. Pure functions over bytes (sans-I/O).
import { Reader, writeU32, writeU64 } from "../util/reader";
import { guidEquals, guidWrite, GUID_SERVICE_COMMON, GUID_SERVICE_MIGTD, GUID_MIGRATION_INFORMATION_HOB } from "./guid";
import { parseHobList, MigrationHobs, HOB_TYPE_GUID_EXTENSION } from "./hob";

export const SERVICE_PAGE_SIZE: i32 = 4096;
export const SERVICE_HEADER_SIZE: i32 = 24;
// Response status pre-filled by MigTD; the VMM replaces it when the response is complete.
export const RESPONSE_PENDING: u32 = 0xffff_ffff;
export const RESPONSE_SUCCESS: u32 = 0;

export const CMD_QUERY: u8 = 0;
export const CMD_WAIT_FOR_REQUEST: u8 = 1;
export const CMD_REPORT_STATUS: u8 = 2;
export const OP_NONE: u8 = 0;
export const OP_START_MIGRATION: u8 = 1;
// WaitForRequest response: the HOB list starts at response byte 28 (header 24 + 4 data bytes).
const WAIT_HOB_OFFSET: i32 = 28;

function command(guid: StaticArray<u8>, data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(SERVICE_HEADER_SIZE + data.length);
  guidWrite(buf, 0, guid);
  writeU32(buf, 16, <u32>buf.length);
  buf.set(data, SERVICE_HEADER_SIZE);
  return buf;
}

// Query: is the MigTD service supported? (COMMON GUID, data = version, command 0, rsvd, MIGTD GUID)
export function buildQuery(): Uint8Array {
  const data = new Uint8Array(20);
  data[1] = CMD_QUERY;
  guidWrite(data, 4, GUID_SERVICE_MIGTD);
  return command(GUID_SERVICE_COMMON, data);
}

export function buildWaitForRequest(): Uint8Array {
  const data = new Uint8Array(4);
  data[1] = CMD_WAIT_FOR_REQUEST;
  return command(GUID_SERVICE_MIGTD, data);
}

// ReportStatus (12 bytes, packed): version, command 2, operation 1, status, mig_request_id.
export function buildReportStatus(requestId: u64, status: u8): Uint8Array {
  const data = new Uint8Array(12);
  data[1] = CMD_REPORT_STATUS;
  data[2] = OP_START_MIGRATION;
  data[3] = status;
  writeU64(data, 4, requestId);
  return command(GUID_SERVICE_MIGTD, data);
}

// The fresh response page: zeros, length = the page size, status pending (migtd.md §1.4).
export function emptyResponse(): Uint8Array {
  const buf = new Uint8Array(SERVICE_PAGE_SIZE);
  writeU32(buf, 16, <u32>SERVICE_PAGE_SIZE);
  writeU32(buf, 20, RESPONSE_PENDING);
  return buf;
}

// Common response checks; returns "" or the reason it is rejected. `end` receives the usable end.
class Checked {
  error: string = "";
  end: i32 = 0;
}

function checkResponse(rsp: Uint8Array, guid: StaticArray<u8>, cmd: u8, minData: i32): Checked {
  const c = new Checked();
  const r = new Reader(rsp);
  r.skip(16);
  const length = <i32>r.u32();
  const status = r.u32();
  if (r.failed) { c.error = "response shorter than its header"; return c; }
  if (!guidEquals(rsp, 0, guid)) { c.error = "response GUID does not match the command"; return c; }
  if (length < SERVICE_HEADER_SIZE || length > rsp.length) { c.error = "response length " + length.toString() + " out of range"; return c; }
  if (status != RESPONSE_SUCCESS) { c.error = "response status 0x" + status.toString(16); return c; }
  if (length < SERVICE_HEADER_SIZE + minData) { c.error = "response data too short (" + (length - SERVICE_HEADER_SIZE).toString() + " bytes)"; return c; }
  if (rsp[SERVICE_HEADER_SIZE] != 0) { c.error = "response version " + rsp[SERVICE_HEADER_SIZE].toString() + " is not 0"; return c; }
  if (rsp[SERVICE_HEADER_SIZE + 1] != cmd) { c.error = "response command " + rsp[SERVICE_HEADER_SIZE + 1].toString() + " does not echo " + cmd.toString(); return c; }
  c.end = length;
  return c;
}

export class QueryResult {
  error: string = "";
  supported: bool = false;
}

export function parseQueryResponse(rsp: Uint8Array): QueryResult {
  const out = new QueryResult();
  const c = checkResponse(rsp, GUID_SERVICE_COMMON, CMD_QUERY, 20);
  if (c.error.length > 0) { out.error = c.error; return out; }
  if (!guidEquals(rsp, SERVICE_HEADER_SIZE + 4, GUID_SERVICE_MIGTD)) { out.error = "Query response names another service"; return out; }
  out.supported = rsp[SERVICE_HEADER_SIZE + 2] == 0;
  return out;
}

export class WaitResult {
  error: string = "";
  operation: u8 = OP_NONE;
  hobs: MigrationHobs | null = null;
}

export function parseWaitResponse(rsp: Uint8Array): WaitResult {
  const out = new WaitResult();
  const c = checkResponse(rsp, GUID_SERVICE_MIGTD, CMD_WAIT_FOR_REQUEST, 4);
  if (c.error.length > 0) { out.error = c.error; return out; }
  out.operation = rsp[SERVICE_HEADER_SIZE + 2];
  if (rsp[SERVICE_HEADER_SIZE + 3] != 0) { out.error = "WaitForRequest reserved byte is not zero"; return out; }
  if (out.operation == OP_NONE) return out;
  if (out.operation != OP_START_MIGRATION) { out.error = "unknown operation " + out.operation.toString(); return out; }
  const hobs = parseHobList(rsp.subarray(0, c.end), WAIT_HOB_OFFSET);
  out.hobs = hobs;
  if (hobs.error.length > 0) out.error = hobs.error;
  return out;
}

// The request id of a completed WaitForRequest response's MIGRATION_INFORMATION HOB, read in
// place (`page`, `size` bytes) without allocating, so the id can be recorded in flight before
// anything that could trap (session/inflight.ts). Bounds are checked as parseHobList checks them;
// whether the response is acceptable is still decided by parseWaitResponse on a private copy.
// Returns -1 (no id found) or 0 with the id in `peekedRequestId`.
export let peekedRequestId: u64 = 0;
export function peekWaitRequestId(page: usize, size: i32): i32 {
  if (size < WAIT_HOB_OFFSET) return -1;
  const length = <i32>load<u32>(page + 16);
  if (load<u32>(page + 20) != RESPONSE_SUCCESS || length < WAIT_HOB_OFFSET || length > size) return -1;
  if (load<u8>(page + SERVICE_HEADER_SIZE + 1) != CMD_WAIT_FOR_REQUEST || load<u8>(page + SERVICE_HEADER_SIZE + 2) != OP_START_MIGRATION) return -1;
  let off = WAIT_HOB_OFFSET;
  for (let n = 0; n < 8; n++) {
    if (off + 24 > length) return -1;
    const type = <u32>load<u16>(page + off);
    const hobLength = <i32>load<u16>(page + off + 2);
    if (type != HOB_TYPE_GUID_EXTENSION || hobLength < 24 || off + hobLength > length) return -1;
    let match = true;
    for (let i = 0; i < 16; i++) if (load<u8>(page + off + 8 + i) != unchecked(GUID_MIGRATION_INFORMATION_HOB[i])) match = false;
    if (match) {
      if (hobLength < 24 + 8) return -1;
      peekedRequestId = load<u64>(page + off + 24);
      return 0;
    }
    off += (hobLength + 7) & ~7;
  }
  return -1;
}

export function parseReportStatusResponse(rsp: Uint8Array): string {
  return checkResponse(rsp, GUID_SERVICE_MIGTD, CMD_REPORT_STATUS, 4).error;
}
