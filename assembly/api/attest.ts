// Library exports for attestation (CLI and tests): raw pointers in, a JSON document out
// (assembly/api/memory.ts describes the buffer protocol). Each result carries "error" (null when
// fine), the AttestError name and the MigTD result code it maps to.
import { bytesIn, returnString } from "./memory";
import { JsonWriter } from "../attest/json";
import { parseCcelResult } from "../eventlog/ccel";
import { renderCcel } from "../eventlog/render";
import { rtmrMatchMask } from "../eventlog/compare";
import { AttestError, errorName, resultCode } from "../attest/errors";

function errorFields(w: JsonWriter, code: AttestError, reason: string): void {
  if (code == AttestError.None) {
    w.nul("error").nul("errorCode").num("resultCode", 0);
  } else {
    w.str("error", reason).str("errorCode", errorName(code)).num("resultCode", <f64>resultCode(code));
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
