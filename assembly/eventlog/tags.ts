// MigTD's own events in the CCEL (migtd.md §5.3, tdx-abi.md §6.4): EV_EVENT_TAG records whose data
// is `tag u32 | length u32 | bytes`, plus the td-shim records the policy engine names.
// Lookups return the record (its digest is what the policy compares) or null.
import { CcelEvent, CcelLog, EV_EVENT_TAG, EV_EFI_PLATFORM_FIRMWARE_BLOB2, EV_PLATFORM_CONFIG_FLAGS } from "./ccel";
import { Reader } from "../util/reader";

export const TAG_POLICY: u32 = 0x1; // MigTdPolicy, MR index 3 (RTMR2)
export const TAG_SGX_ROOT_CA: u32 = 0x2; // MigTdSgxRootKey, MR index 3 (policy v1)
export const TAG_POLICY_ISSUER_CHAIN: u32 = 0x3; // MigTdPolicySigner, MR index 2 (policy v2)
export const TAG_TEST_DISABLE_RA: u32 = 0x32; // test builds only

// The tag id of an EV_EVENT_TAG record, or -1 when the record is not a well-formed tagged event
// (the declared length must cover the rest of the data exactly).
export function eventTag(ev: CcelEvent): i64 {
  if (ev.eventType != EV_EVENT_TAG) return -1;
  const r = new Reader(ev.data);
  const tag = r.u32();
  const len = r.u32();
  if (r.failed || <u32>r.remaining != len) return -1;
  return <i64>tag;
}

// The payload of a tagged event (bytes after tag and length); empty when malformed.
export function taggedPayload(ev: CcelEvent): Uint8Array {
  if (eventTag(ev) < 0) return new Uint8Array(0);
  return ev.data.subarray(8);
}

// The first tagged event with this tag, or null.
export function findTaggedEvent(log: CcelLog, tag: u32): CcelEvent | null {
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    if (eventTag(ev) == <i64>tag) return ev;
  }
  return null;
}

// Digest of the policy event (SHA-384 of the policy file), or null.
export function policyDigest(log: CcelLog): Uint8Array | null {
  const ev = findTaggedEvent(log, TAG_POLICY);
  return ev === null ? null : ev.digest;
}

// Digest of the SGX root CA event (SHA-384 of the root CA DER), or null.
export function rootCaDigest(log: CcelLog): Uint8Array | null {
  const ev = findTaggedEvent(log, TAG_SGX_ROOT_CA);
  return ev === null ? null : ev.digest;
}

// td-shim EV_PLATFORM_CONFIG_FLAGS record whose 16-byte descriptor starts with `prefix`
// ("secure_authority", "td_payload_svn\0", "td_hob\0", ...).
export function findConfigFlags(log: CcelLog, prefix: string): CcelEvent | null {
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    if (ev.eventType != EV_PLATFORM_CONFIG_FLAGS || ev.data.length < 20) continue;
    if (startsWith(ev.data, 0, prefix)) return ev;
  }
  return null;
}

// td-shim EV_EFI_PLATFORM_FIRMWARE_BLOB2 record with description `desc` (e.g. "td_payload\0").
export function findBlob2(log: CcelLog, desc: string): CcelEvent | null {
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    if (ev.eventType != EV_EFI_PLATFORM_FIRMWARE_BLOB2 || ev.data.length < 1) continue;
    const dlen = <i32>ev.data[0];
    if (dlen != desc.length || ev.data.length < 1 + dlen) continue;
    if (startsWith(ev.data, 1, desc)) return ev;
  }
  return null;
}

// Info bytes of a CONFIG_FLAGS record: descriptor[16] | info_length u32 | info. Empty if malformed.
export function configFlagsInfo(ev: CcelEvent): Uint8Array {
  const r = new Reader(ev.data);
  r.skip(16);
  const n = r.u32();
  if (r.failed || n > <u32>r.remaining) return new Uint8Array(0);
  return ev.data.subarray(20, 20 + <i32>n);
}

function startsWith(b: Uint8Array, off: i32, s: string): bool {
  if (off + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (<i32>b[off + i] != s.charCodeAt(i)) return false;
  return true;
}
