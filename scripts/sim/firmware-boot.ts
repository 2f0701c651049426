// What the firmware does before the core runs, for hosts without the real firmware (Node and
// the native runtime): td-shim's separators into RTMR0/RTMR1 and MigTD's tagged events for the
// enrolled policy (tag 1) and root CA (tag 2) into RTMR2, with the CCEL event log that records
// them (migtd.md §5.3). Extends the simulated TDX module's RTMRs and returns the log bytes.
import { createHash } from "node:crypto";
import { TdxModule } from "./tdx-module.ts";

const EV_NO_ACTION = 3;
const EV_SEPARATOR = 4;
const EV_EVENT_TAG = 6;
const TPM_ALG_SHA384 = 0x000c;
export const TAG_POLICY = 1;
export const TAG_ROOT_CA = 2;

const sha384 = (b: Uint8Array) => new Uint8Array(createHash("sha384").update(b).digest());

// TCG_PCR_EVENT header + TCG_EfiSpecIdEvent (SHA-384 only, vendor "td-shim").
function specIdEvent(): Buffer {
  const spec = Buffer.alloc(40);
  spec.write("Spec ID Event03\0", 0, "latin1");
  spec.writeUInt32LE(0, 16); // platform class
  spec[20] = 0; spec[21] = 2; spec[22] = 105; spec[23] = 2; // spec 2.0 errata 105, uintn 2
  spec.writeUInt32LE(1, 24);
  spec.writeUInt16LE(TPM_ALG_SHA384, 28);
  spec.writeUInt16LE(48, 30);
  spec[32] = 7;
  spec.write("td-shim", 33, "latin1");
  const head = Buffer.alloc(32);
  head.writeUInt32LE(0, 0);
  head.writeUInt32LE(EV_NO_ACTION, 4);
  head.writeUInt32LE(spec.length, 28);
  return Buffer.concat([head, spec]);
}

function ccEvent(mrIndex: number, type: number, digest: Uint8Array, data: Uint8Array): Buffer {
  const head = Buffer.alloc(66);
  head.writeUInt32LE(mrIndex, 0);
  head.writeUInt32LE(type, 4);
  head.writeUInt32LE(1, 8);
  head.writeUInt16LE(TPM_ALG_SHA384, 12);
  head.set(digest, 14);
  head.writeUInt32LE(data.length, 62);
  return Buffer.concat([head, data]);
}

function taggedData(tag: number, bytes: Uint8Array): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(tag, 0);
  h.writeUInt32LE(bytes.length, 4);
  return Buffer.concat([h, bytes]);
}

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
