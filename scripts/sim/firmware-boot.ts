// What the firmware does before the core runs, for hosts without the real firmware (Node and
// the native runtime): td-shim's separators into RTMR0/RTMR1 and MigTD's tagged events for the
// enrolled policy (tag 1) and root CA (tag 2) into RTMR2, with the CCEL event log that records
// them (migtd.md §5.3). Extends the simulated TDX module's RTMRs and returns the log bytes.
import { createHash } from "node:crypto";
import { TdxModule } from "./tdx-module.ts";
import { EV_EVENT_TAG, EV_SEPARATOR, ccEvent, specIdEvent, taggedData } from "./ccel.ts";

export const TAG_POLICY = 1;
export const TAG_ROOT_CA = 2;

const sha384 = (b: Uint8Array) => new Uint8Array(createHash("sha384").update(b).digest());

export function simulateFirmwareBoot(tdx: TdxModule, policy: Uint8Array, rootCa: Uint8Array): Uint8Array {
  const events: Buffer[] = [specIdEvent()];
  const measure = (mrIndex: number, type: number, measured: Uint8Array, data: Uint8Array) => {
    const digest = sha384(measured);
    tdx.extendRtmr(mrIndex - 1, digest); // CC MR index 1..4 = RTMR0..3
    events.push(ccEvent(mrIndex, type, digest, data));
  };
  const separator = new Uint8Array(4);
  measure(1, EV_SEPARATOR, separator, separator);
  measure(2, EV_SEPARATOR, separator, separator);
  measure(3, EV_EVENT_TAG, policy, taggedData(TAG_POLICY, policy));
  measure(3, EV_EVENT_TAG, rootCa, taggedData(TAG_ROOT_CA, rootCa));
  return new Uint8Array(Buffer.concat(events));
}
