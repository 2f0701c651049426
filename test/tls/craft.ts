// Hand-made TLS 1.3 plaintext messages for negative tests: a small independent encoder of the
// RFC 8446 §4.1 structures, so a test can send what our own engines never would.
export const u16 = (v: number) => [(v >> 8) & 255, v & 255];
export const u24 = (v: number) => [(v >> 16) & 255, (v >> 8) & 255, v & 255];
export const vec8 = (b: number[]) => [b.length, ...b];
export const vec16 = (b: number[]) => [...u16(b.length), ...b];
export const ext = (type: number, body: number[]) => [...u16(type), ...vec16(body)];

export function handshake(type: number, body: number[]): number[] {
  return [type, ...u24(body.length), ...body];
}

export function record(type: number, body: number[], version = 0x0303): Uint8Array {
  return new Uint8Array([type, ...u16(version), ...u16(body.length), ...body]);
}

export const HRR_RANDOM = Array.from(Buffer.from("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c", "hex"));

export interface HelloOpts {
  versions?: number[] | null; // supported_versions; null = absent
  suites?: number[];
  groups?: number[] | null;
  sigalgs?: number[] | null;
  shares?: { group: number; key: number[] }[] | null;
  compression?: number[];
  extra?: number[][];
}

// A ClientHello; defaults are MigTD's parameters with a (bogus but well-sized) secp384r1 share.
export function clientHello(o: HelloOpts = {}): Uint8Array {
  const exts: number[] = [];
  const versions = o.versions === undefined ? [0x0304] : o.versions;
  if (versions) exts.push(...ext(43, vec8(versions.flatMap(u16))));
  const groups = o.groups === undefined ? [0x18] : o.groups;
  if (groups) exts.push(...ext(10, vec16(groups.flatMap(u16))));
  const sig = o.sigalgs === undefined ? [0x0503] : o.sigalgs;
  if (sig) exts.push(...ext(13, vec16(sig.flatMap(u16))));
  const shares = o.shares === undefined ? [{ group: 0x18, key: [4, ...new Array(96).fill(1)] }] : o.shares;
  if (shares) exts.push(...ext(51, vec16(shares.flatMap((s) => [...u16(s.group), ...vec16(s.key)]))));
  for (const e of o.extra ?? []) exts.push(...e);
  const body = [
    ...u16(0x0303),
    ...new Array(32).fill(7),
    ...vec8(new Array(32).fill(9)),
    ...vec16((o.suites ?? [0x1302]).flatMap(u16)),
    ...vec8(o.compression ?? [0]),
    ...vec16(exts),
  ];
  return record(22, handshake(1, body));
}

// A ServerHello (or HelloRetryRequest with random = HRR_RANDOM) echoing `sessionId`.
export function serverHello(sessionId: number[], o: { random?: number[]; suite?: number; exts?: number[][]; version?: number } = {}): Uint8Array {
  const body = [
    ...u16(o.version ?? 0x0303),
    ...(o.random ?? new Array(32).fill(3)),
    ...vec8(sessionId),
    ...u16(o.suite ?? 0x1302),
    0,
    ...(o.exts ? vec16(o.exts.flat()) : []),
  ];
  return record(22, handshake(2, body));
}

// The legacy_session_id of a ClientHello record produced by our client.
export function sessionIdOf(chRecord: Uint8Array): number[] {
  const o = 5 + 4 + 2 + 32;
  return Array.from(chRecord.subarray(o + 1, o + 1 + chRecord[o]));
}
