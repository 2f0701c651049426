// RTMR replay (tdx-abi.md §6.3): RTMR[i] = SHA-384(RTMR[i] || digest), from 48 zero bytes, for every
// record after the spec-ID event whose MR index is 1..4 (RTMR0..3). EV_NO_ACTION records are
// informational and never extended (TCG PC Client spec); MR index 0 (MRTD) or > 4 cannot be
// extended at runtime, so a log that claims it is rejected.
import { sha384 } from "../crypto/sha512";
import { CcelLog, EV_NO_ACTION, SHA384_LEN } from "./ccel";

export const RTMR_COUNT: i32 = 4;

export function extendRtmr(rtmr: Uint8Array, digest: Uint8Array): Uint8Array {
  const buf = new Uint8Array(rtmr.length + digest.length);
  buf.set(rtmr, 0);
  buf.set(digest, rtmr.length);
  return sha384(buf);
}

// Fills log.rtmr; returns "" or the reason the log cannot be replayed.
export function replayRtmrs(log: CcelLog): string {
  const rtmr = new Array<Uint8Array>(RTMR_COUNT);
  for (let i = 0; i < RTMR_COUNT; i++) rtmr[i] = new Uint8Array(SHA384_LEN);
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    if (ev.eventType == EV_NO_ACTION) continue;
    if (ev.mrIndex == 0 || ev.mrIndex > <u32>RTMR_COUNT) {
      return "event " + i.toString() + " extends MR index " + ev.mrIndex.toString() + " (only 1..4 = RTMR0..3)";
    }
    const k = <i32>ev.mrIndex - 1;
    rtmr[k] = extendRtmr(rtmr[k], ev.digest);
  }
  log.rtmr = rtmr;
  return "";
}
