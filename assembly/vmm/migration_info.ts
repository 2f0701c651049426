// MigtdMigrationInformation, the StartMigration / StartRebinding payload (migtd.md §1.5), and the
// stream-socket HOB data (§1.4). The base form is 72 bytes (non-RAW) or 56 (RAW) with
// has_init_data 0; a policy-v2 MigTD also accepts has_init_data 1 followed by the 512-byte
// TDINFO_STRUCT of the initially bound MigTD (584 / 568 bytes). The length must match
// has_init_data exactly.
import { Reader } from "../util/reader";
import { TargetTd } from "../tdx/tdcall";

export const MIGRATION_INFO_RAW_SIZE: i32 = 56;
export const MIGRATION_INFO_SIZE: i32 = 72;
export const STREAM_SOCKET_INFO_SIZE: i32 = 24;
// init_td_info: a TDINFO_STRUCT (§2.7).
export const INIT_TD_INFO_SIZE: i32 = 512;

export class MigrationInfo {
  requestId: u64 = 0;
  isSource: bool = false;
  target: TargetTd = new TargetTd(0, new StaticArray<u64>(4));
  migPolicyId: u64 = 0;
  communicationId: u64 = 0;
  // V2 only: the initially bound MigTD's TDINFO_STRUCT (has_init_data = 1), checked per §3.6.
  initTdInfo: Uint8Array | null = null;
}

export class MigrationInfoResult {
  info: MigrationInfo | null = null;
  error: string = "";
  // The request id when the first 8 bytes were present, so an error can still be reported to it.
  requestId: u64 = 0;
  hasRequestId: bool = false;
}

// `expectedSize` is 72 (non-RAW) or 56 (RAW); the length must be exactly that, or (`v2`) that
// plus the 512-byte init_td_info when has_init_data is 1.
export function parseMigrationInfo(data: Uint8Array, expectedSize: i32, v2: bool = false): MigrationInfoResult {
  const out = new MigrationInfoResult();
  const r = new Reader(data);
  if (data.length >= 8) { out.requestId = r.u64(); out.hasRequestId = true; }
  const withInit = v2 && data.length == expectedSize + INIT_TD_INFO_SIZE;
  if (data.length != expectedSize && !withInit) {
    out.error = "MigtdMigrationInformation length " + data.length.toString() + ", expected " + expectedSize.toString() +
      (v2 ? " or " + (expectedSize + INIT_TD_INFO_SIZE).toString() : "");
    return out;
  }
  const info = new MigrationInfo();
  info.requestId = out.requestId;
  const source = r.u8();
  const hasInitData = r.u8();
  if (source > 1) { out.error = "migration_source " + source.toString() + " is not 0 or 1"; return out; }
  info.isSource = source == 1;
  if (!v2 && hasInitData != 0) { out.error = "has_init_data must be 0 in a V1 MigTD"; return out; }
  if (hasInitData > 1) { out.error = "has_init_data " + hasInitData.toString() + " is not 0 or 1"; return out; }
  if ((hasInitData == 1) != withInit) {
    out.error = "has_init_data " + hasInitData.toString() + " does not match the length " + data.length.toString();
    return out;
  }
  if (!r.zeros(6)) { out.error = "reserved bytes 10..16 are not zero"; return out; }
  const uuid = new StaticArray<u64>(4);
  for (let i = 0; i < 4; i++) uuid[i] = r.u64();
  const handle = r.u64();
  info.target = new TargetTd(handle, uuid);
  if (expectedSize == MIGRATION_INFO_SIZE) {
    info.migPolicyId = r.u64();
    info.communicationId = r.u64();
  }
  if (withInit) info.initTdInfo = r.bytes(INIT_TD_INFO_SIZE);
  if (r.failed) { out.error = "MigtdMigrationInformation truncated"; return out; }
  out.info = info;
  return out;
}

export class StreamSocketInfo {
  communicationId: u64 = 0;
  cid: u64 = 0;
  channelPort: u32 = 0;
  quoteServicePort: u32 = 0;
}

export function parseStreamSocketInfo(data: Uint8Array): StreamSocketInfo | null {
  if (data.length != STREAM_SOCKET_INFO_SIZE) return null;
  const r = new Reader(data);
  const s = new StreamSocketInfo();
  s.communicationId = r.u64();
  s.cid = r.u64();
  s.channelPort = r.u32();
  s.quoteServicePort = r.u32();
  return r.failed ? null : s;
}
