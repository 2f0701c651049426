// Logging through the `log` import. Callers pass plain text; secrets never reach here.
import { log, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG } from "../abi";

function emit(level: u32, text: string): void {
  const bytes = String.UTF8.encode(text);
  log(level, changetype<usize>(bytes), <u32>bytes.byteLength);
}

export function logError(text: string): void { emit(LOG_ERROR, text); }
export function logWarn(text: string): void { emit(LOG_WARN, text); }
export function logInfo(text: string): void { emit(LOG_INFO, text); }
export function logDebug(text: string): void { emit(LOG_DEBUG, text); }
