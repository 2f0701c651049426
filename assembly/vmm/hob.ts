// The PI HOB list carried in a WaitForRequest response (migtd.md §1.4): GUID-extension HOBs
// (type 0x0004) and the end HOB (0xFFFF), each 8-byte aligned. Only the known MigTD GUIDs are
// allowed, each at most once; anything else rejects the whole list.
import { Reader } from "../util/reader";
import { guidEquals, GUID_MIGRATION_INFORMATION_HOB, GUID_STREAM_SOCKET_INFO_HOB, GUID_MIGPOLICY_HOB } from "./guid";

export const HOB_TYPE_GUID_EXTENSION: u32 = 0x0004;
export const HOB_TYPE_END_OF_LIST: u32 = 0xffff;
const HOB_HEADER_SIZE: i32 = 8;
const GUID_HOB_HEADER_SIZE: i32 = 24;
// A list longer than this many HOBs is malformed (there are three kinds, each at most once).
const MAX_HOBS: i32 = 8;

export class MigrationHobs {
  migrationInfo: Uint8Array | null = null;
  streamSocketInfo: Uint8Array | null = null;
  migPolicy: Uint8Array | null = null;
  error: string = "";
}

export function parseHobList(data: Uint8Array, start: i32): MigrationHobs {
  const out = new MigrationHobs();
  let off = start;
  for (let n = 0; n <= MAX_HOBS; n++) {
    if (n == MAX_HOBS) { out.error = "HOB list has more than " + MAX_HOBS.toString() + " entries"; return out; }
    const r = new Reader(data, off);
    const type = r.u16();
    const length = <i32>r.u16();
    const reserved = r.u32();
    if (r.failed) { out.error = "HOB list truncated at offset " + off.toString(); return out; }
    if (reserved != 0) { out.error = "HOB reserved field is not zero"; return out; }
    if (type == HOB_TYPE_END_OF_LIST) {
      if (length < HOB_HEADER_SIZE) { out.error = "end HOB length " + length.toString() + " too small"; return out; }
      if (out.migrationInfo === null) out.error = "MIGRATION_INFORMATION HOB missing";
      return out;
    }
    if (type != HOB_TYPE_GUID_EXTENSION) { out.error = "HOB type 0x" + type.toString(16) + " not allowed"; return out; }
    if (length < GUID_HOB_HEADER_SIZE || off + length > data.length) {
      out.error = "GUID HOB length " + length.toString() + " invalid"; return out;
    }
    const payload = data.slice(off + GUID_HOB_HEADER_SIZE, off + length);
    if (guidEquals(data, off + 8, GUID_MIGRATION_INFORMATION_HOB)) {
      if (out.migrationInfo !== null) { out.error = "duplicate MIGRATION_INFORMATION HOB"; return out; }
      out.migrationInfo = payload;
    } else if (guidEquals(data, off + 8, GUID_STREAM_SOCKET_INFO_HOB)) {
      if (out.streamSocketInfo !== null) { out.error = "duplicate STREAM_SOCKET_INFO HOB"; return out; }
      out.streamSocketInfo = payload;
    } else if (guidEquals(data, off + 8, GUID_MIGPOLICY_HOB)) {
      if (out.migPolicy !== null) { out.error = "duplicate MIGPOLICY HOB"; return out; }
      out.migPolicy = payload;
    } else {
      out.error = "unknown GUID HOB"; return out;
    }
    off += (length + 7) & ~7;
  }
  return out;
}
