// Wire constants and request payloads of the RAW host interface (GHCI 1.5 MigTD leaf,
// `vmcall-raw`; migtd.md §1.2, §1.6), simulator side: written from the spec, independently of
// the core's assembly/vmm/raw/.
export const RAW = {
  SUBFUNCTION: 0x10006n,
  VERSION: 1n,
  FN: { WAIT_FOR_REQUEST: 1, REPORT_STATUS: 2, SEND: 3, RECEIVE: 4 },
  OP: { START_MIGRATION: 1, START_REBINDING: 2, GET_TD_REPORT: 3, ENABLE_LOG_AREA: 4, GET_MIGTD_DATA: 5 },
  HEADER: 12,
  MAX_CHUNK: 0x10000 - 12,
  // data_status byte 0 / byte 1
  DS_SUCCESS: 1n,
  DS_CANCELED: 2n | (3n << 8n),
  LOG_SIGNATURE: "MigTD LogArea 1\0",
  LOG_HEADER: 40,
  LOG_ENTRY_HEADER: 24,
  NO_REQUEST: 0xffff_ffff_ffff_ffffn,
  REPORT_TAG: "HostRequestedMigTDReport",
} as const;

export function rawHeader(dataStatus: bigint, length: number): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, dataStatus, true);
  v.setUint32(8, length, true);
  return b;
}

// MigtdMigrationInformation in its RAW form: 56 bytes, no policy / communication id (§1.5); with
// `initTdInfo` (policy v2) has_init_data = 1 and the 512-byte TDINFO_STRUCT follows (568 bytes).
export function rawMigrationInformation(r: { id: bigint; source: boolean; handle: bigint; uuid: bigint[]; hasInitData?: number; reserved?: number[]; initTdInfo?: Uint8Array }): Uint8Array {
  const b = new Uint8Array(r.initTdInfo ? 56 + 512 : 56);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, r.id, true);
  b[8] = r.source ? 1 : 0;
  b[9] = r.hasInitData ?? (r.initTdInfo ? 1 : 0);
  if (r.initTdInfo) b.set(r.initTdInfo.subarray(0, 512), 56);
  if (r.reserved) b.set(r.reserved.slice(0, 6), 10);
  r.uuid.forEach((u, i) => v.setBigUint64(16 + 8 * i, u, true));
  v.setBigUint64(48, r.handle, true);
  return b;
}

export function idPayload(id: bigint, extra = 0): Uint8Array {
  const b = new Uint8Array(8 + extra);
  new DataView(b.buffer).setBigUint64(0, id, true);
  return b;
}

// EnableLogArea: mig_request_id u64, log_max_level u8, reserved[7] (§1.6).
export function enableLogAreaPayload(id: bigint, level: number): Uint8Array {
  const b = idPayload(id, 8);
  b[8] = level;
  return b;
}
