// What the firmware does before the core runs, for hosts without the real firmware (Node and
// the native runtime): td-shim's separators into RTMR0/RTMR1 and MigTD's tagged events for what
// is enrolled, with the CCEL event log that records them (migtd.md §5.3), as shim/src/measure.c
// writes them:
//   V1 (a DER root CA): policy (tag 1) and root CA (tag 2) into RTMR2;
//   V2 (a PEM policy issuer chain): the chain (tag 3) into RTMR1, then the policy (tag 1, data =
//   its policyData.version) into RTMR2.
// Which one follows from the anchor's form, as the core decides (assembly/session/local_config.ts).
// Extends the simulated TDX module's RTMRs and returns the log bytes.
import { createHash } from "node:crypto";
import { TdxModule } from "./tdx-module.ts";
import { EV_EVENT_TAG, EV_SEPARATOR, ccEvent, specIdEvent, taggedData } from "./ccel.ts";
import { policyV2Version } from "../image/enrollment.ts";

export const TAG_POLICY = 1;
export const TAG_ROOT_CA = 2;
export const TAG_POLICY_ISSUER_CHAIN = 3;

const sha384 = (b: Uint8Array) => new Uint8Array(createHash("sha384").update(b).digest());

// "-----" opens a PEM document; a DER certificate starts with 0x30.
export const isPemAnchor = (b: Uint8Array) => b.length > 11 && Buffer.from(b.subarray(0, 5)).toString("latin1") === "-----";

export function simulateFirmwareBoot(tdx: TdxModule, policy: Uint8Array, anchor: Uint8Array): Uint8Array {
  const events: Buffer[] = [specIdEvent()];
  const measure = (mrIndex: number, type: number, measured: Uint8Array, data: Uint8Array) => {
    const digest = sha384(measured);
    tdx.extendRtmr(mrIndex - 1, digest); // CC MR index 1..4 = RTMR0..3
    events.push(ccEvent(mrIndex, type, digest, data));
  };
  const separator = new Uint8Array(4);
  measure(1, EV_SEPARATOR, separator, separator);
  measure(2, EV_SEPARATOR, separator, separator);
  if (isPemAnchor(anchor)) {
    measure(2, EV_EVENT_TAG, anchor, taggedData(TAG_POLICY_ISSUER_CHAIN, anchor));
    measure(3, EV_EVENT_TAG, policy, taggedData(TAG_POLICY, new TextEncoder().encode(policyV2Version(policy))));
  } else {
    measure(3, EV_EVENT_TAG, policy, taggedData(TAG_POLICY, policy));
    measure(3, EV_EVENT_TAG, anchor, taggedData(TAG_ROOT_CA, anchor));
  }
  return new Uint8Array(Buffer.concat(events));
}
