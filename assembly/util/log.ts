// Logging through the `log` import. Callers pass plain text; secrets never reach here.
// A host interface may add a second destination (the RAW log area, migtd.md §1.6) with
// setLogSink; each line then carries the request id being served when it was written.
import { log, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG } from "../abi";

// "No request" in a log entry (§1.6).
export const NO_REQUEST: u64 = 0xFFFF_FFFF_FFFF_FFFF;

let currentRequest: u64 = NO_REQUEST;
let sinkSet: bool = false;
let sink: (level: u32, requestId: u64, text: string) => void = (level: u32, requestId: u64, text: string): void => {};

export function setLogSink(f: (level: u32, requestId: u64, text: string) => void): void {
  sink = f;
  sinkSet = true;
}

// The request the following lines belong to (NO_REQUEST for none).
export function setLogRequest(id: u64): void { currentRequest = id; }

function emit(level: u32, text: string): void {
  const bytes = String.UTF8.encode(text);
  log(level, changetype<usize>(bytes), <u32>bytes.byteLength);
  if (sinkSet) sink(level, currentRequest, text);
}

export function logError(text: string): void { emit(LOG_ERROR, text); }
export function logWarn(text: string): void { emit(LOG_WARN, text); }
export function logInfo(text: string): void { emit(LOG_INFO, text); }
export function logDebug(text: string): void { emit(LOG_DEBUG, text); }
