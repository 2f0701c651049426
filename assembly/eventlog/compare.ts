// Comparing a replayed log with the RTMRs a quote or TDREPORT reports (tdx-abi.md §6.3): all four
// must be equal for the log to describe that TD.
import { bytesEqual } from "../util/bytes";
import { CcelLog } from "./ccel";
import { RTMR_COUNT } from "./replay";

// A bitmask of the RTMRs that match (bit i = RTMRi); 0xF when the log explains all four.
export function rtmrMatchMask(log: CcelLog, rtmrs: Uint8Array[]): u32 {
  let mask: u32 = 0;
  if (log.rtmr.length != RTMR_COUNT || rtmrs.length != RTMR_COUNT) return 0;
  for (let i = 0; i < RTMR_COUNT; i++) if (bytesEqual(log.rtmr[i], rtmrs[i])) mask |= 1 << i;
  return mask;
}

export function rtmrsMatch(log: CcelLog, rtmrs: Uint8Array[]): bool {
  return rtmrMatchMask(log, rtmrs) == 0xf;
}
