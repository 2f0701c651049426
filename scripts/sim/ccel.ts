// Writing CCEL event logs in td-shim's format (tdx-abi.md §6.2; MigTD's tagged events, migtd.md
// §5.3): a TCG_PCR_EVENT header carrying the SHA-384-only TCG_EfiSpecIdEvent, then
// TCG_PCR_EVENT2 records with one SHA-384 digest each. Used by the simulated firmware boot and by
// tests that build synthetic logs.
import {
  CC_EVENT_ALG_ID, CC_EVENT_DATA_SIZE, CC_EVENT_DIGEST, CC_EVENT_DIGEST_COUNT, CC_EVENT_HEADER_SIZE, CC_EVENT_MR_INDEX,
  CC_EVENT_TYPE, SPEC_ID_EVENT, SPEC_ID_EVENT_SIZE, SPEC_ID_EVENT_TYPE, SPEC_ID_MR_INDEX, SPEC_ID_RECORD_SIZE, TPM_ALG_SHA384,
} from "./gen/cc-event.ts";

// Record layout: firmware/common/cc-event.h (what the shim writes), rendered into ./gen/cc-event.ts.
export { TPM_ALG_SHA384 };
export const EV_NO_ACTION = 3;
export const EV_SEPARATOR = 4;
export const EV_EVENT_TAG = 6;

// One record: CC MR index (1..4 = RTMR0..3), event type, 48-byte digest, event data.
export interface CcelRecord {
  mrIndex: number;
  type: number;
  digest: Uint8Array;
  data: Uint8Array;
}

// TCG_PCR_EVENT header + TCG_EfiSpecIdEvent (SHA-384 only, vendor "td-shim").
export function specIdEvent(): Buffer {
  const spec = Buffer.alloc(SPEC_ID_RECORD_SIZE - SPEC_ID_EVENT);
  spec.write("Spec ID Event03\0", 0, "latin1");
  spec.writeUInt32LE(0, 16); // platform class
  spec[20] = 0; spec[21] = 2; spec[22] = 105; spec[23] = 2; // spec 2.0 errata 105, uintn 2
  spec.writeUInt32LE(1, 24);
  spec.writeUInt16LE(TPM_ALG_SHA384, 28);
  spec.writeUInt16LE(48, 30);
  spec[32] = 7;
  spec.write("td-shim", 33, "latin1");
  const head = Buffer.alloc(SPEC_ID_EVENT);
  head.writeUInt32LE(0, SPEC_ID_MR_INDEX);
  head.writeUInt32LE(EV_NO_ACTION, SPEC_ID_EVENT_TYPE);
  head.writeUInt32LE(spec.length, SPEC_ID_EVENT_SIZE);
  return Buffer.concat([head, spec]);
}

// TCG_PCR_EVENT2 with a single SHA-384 digest.
export function ccEvent(mrIndex: number, type: number, digest: Uint8Array, data: Uint8Array): Buffer {
  const head = Buffer.alloc(CC_EVENT_HEADER_SIZE);
  head.writeUInt32LE(mrIndex, CC_EVENT_MR_INDEX);
  head.writeUInt32LE(type >>> 0, CC_EVENT_TYPE);
  head.writeUInt32LE(1, CC_EVENT_DIGEST_COUNT);
  head.writeUInt16LE(TPM_ALG_SHA384, CC_EVENT_ALG_ID);
  head.set(digest, CC_EVENT_DIGEST);
  head.writeUInt32LE(data.length, CC_EVENT_DATA_SIZE);
  return Buffer.concat([head, data]);
}

// MigTD's tagged event data: u32 tag, u32 length, bytes (the digest is over the bytes alone).
export function taggedData(tag: number, bytes: Uint8Array): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(tag, 0);
  h.writeUInt32LE(bytes.length, 4);
  return Buffer.concat([h, bytes]);
}

// A whole log: the spec-ID event followed by `records`.
export function ccelLog(records: CcelRecord[]): Buffer {
  return Buffer.concat([specIdEvent(), ...records.map((r) => ccEvent(r.mrIndex, r.type, r.digest, r.data))]);
}
