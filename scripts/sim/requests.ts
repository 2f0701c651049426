// The VMM's WaitForRequest responses: a well-formed StartMigration (migtd.md §1.4-1.5) built from
// a request description, with optional mutations that produce the malformed buffers the MigTD
// must reject. Each mutation names the one thing it breaks.
import { CMD, GUID, HEADER, response } from "./service-wire.ts";

export interface Mutations {
  rspGuid?: "common" | "zero"; // response GUID other than the MigTD service's
  rspLength?: number; // response length field
  rspStatus?: number; // response status field (0 = success)
  truncateTo?: number; // cut the response to this many bytes (length field too)
  version?: number; // response data byte 0
  command?: number; // response data byte 1 (must echo 1)
  operation?: number; // response data byte 2
  reservedByte?: number; // response data byte 3
  infoLength?: number; // MigtdMigrationInformation length (pad with zeros / cut)
  source?: number; // migration_source byte
  hasInitData?: number;
  reserved?: number[]; // the 6 reserved bytes at offset 10
  infoHobLength?: number; // the MIGRATION_INFORMATION HOB's length field
  infoHobType?: number; // its HOB type
  hobReserved?: number; // its reserved u32
  duplicateInfo?: boolean;
  unknownGuidHob?: boolean;
  extraHobType?: number; // an additional HOB of this type
  omitInfo?: boolean;
  omitEnd?: boolean;
  endLength?: number; // the end HOB's length field
  policyHob?: boolean; // add a MIGPOLICY HOB (allowed)
}

export interface RequestSpec {
  id: bigint;
  source: boolean;
  handle: bigint;
  uuid: bigint[];
  policyId?: bigint;
  communicationId?: bigint;
  cid?: bigint;
  port?: number;
  // Policy v2: has_init_data = 1 and this 512-byte init TDINFO after the 72 bytes (584, §1.5).
  initTdInfo?: Uint8Array;
  mutate?: Mutations;
}

function hob(type: number, guid: Uint8Array | null, data: Uint8Array, lengthOverride?: number, reserved = 0): Uint8Array {
  const headerLen = guid ? 24 : 8;
  const len = headerLen + data.length;
  const padded = (len + 7) & ~7;
  const b = new Uint8Array(padded);
  const v = new DataView(b.buffer);
  v.setUint16(0, type, true);
  v.setUint16(2, lengthOverride ?? len, true);
  v.setUint32(4, reserved, true);
  if (guid) b.set(guid, 8);
  b.set(data, headerLen);
  return b;
}

export function migrationInformation(r: RequestSpec): Uint8Array {
  const m = r.mutate ?? {};
  const b = new Uint8Array(r.initTdInfo ? 72 + 512 : 72);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, r.id, true);
  b[8] = m.source ?? (r.source ? 1 : 0);
  b[9] = m.hasInitData ?? (r.initTdInfo ? 1 : 0);
  if (r.initTdInfo) b.set(r.initTdInfo.subarray(0, 512), 72);
  if (m.reserved) b.set(m.reserved.slice(0, 6), 10);
  r.uuid.forEach((u, i) => v.setBigUint64(16 + 8 * i, u, true));
  v.setBigUint64(48, r.handle, true);
  v.setBigUint64(56, r.policyId ?? 0n, true);
  v.setBigUint64(64, r.communicationId ?? 0n, true);
  if (m.infoLength === undefined) return b;
  const out = new Uint8Array(m.infoLength);
  out.set(b.subarray(0, Math.min(72, m.infoLength)));
  return out;
}

function streamSocketInfo(r: RequestSpec): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, r.communicationId ?? 0n, true);
  v.setBigUint64(8, r.cid ?? 2n, true);
  v.setUint32(16, r.port ?? 1234, true);
  v.setUint32(20, 0, true);
  return b;
}

export function startMigrationResponse(r: RequestSpec): Uint8Array {
  const m = r.mutate ?? {};
  const hobs: Uint8Array[] = [];
  const info = hob(m.infoHobType ?? 0x0004, GUID.MIGRATION_INFORMATION, migrationInformation(r), m.infoHobLength, m.hobReserved ?? 0);
  if (!m.omitInfo) hobs.push(info);
  if (m.duplicateInfo) hobs.push(info);
  hobs.push(hob(0x0004, GUID.STREAM_SOCKET_INFO, streamSocketInfo(r)));
  if (m.policyHob) hobs.push(hob(0x0004, GUID.MIGPOLICY, new Uint8Array(16)));
  if (m.unknownGuidHob) hobs.push(hob(0x0004, new Uint8Array(16).fill(0x42), new Uint8Array(8)));
  if (m.extraHobType !== undefined) hobs.push(hob(m.extraHobType, null, new Uint8Array(8)));
  if (!m.omitEnd) hobs.push(hob(0xffff, null, new Uint8Array(0), m.endLength));
  const hobBytes = Buffer.concat(hobs);
  const data = new Uint8Array(4 + hobBytes.length);
  data.set([m.version ?? 0, m.command ?? CMD.WAIT_FOR_REQUEST, m.operation ?? 1, m.reservedByte ?? 0], 0);
  data.set(hobBytes, 4);
  const guid = m.rspGuid === "common" ? GUID.COMMON : m.rspGuid === "zero" ? new Uint8Array(16) : GUID.MIGTD;
  let page = response(guid, data, m.rspStatus ?? 0);
  if (m.truncateTo !== undefined) {
    page = page.slice(0, m.truncateTo);
    if (page.length >= 20) new DataView(page.buffer).setUint32(16, page.length, true);
  }
  if (m.rspLength !== undefined && page.length >= 20) new DataView(page.buffer).setUint32(16, m.rspLength, true);
  return page;
}

// WaitForRequest answered with "nothing yet" (operation 0).
export function noRequestResponse(): Uint8Array {
  return response(GUID.MIGTD, Uint8Array.from([0, CMD.WAIT_FOR_REQUEST, 0, 0]));
}
export { HEADER };
