// Shared helpers for the policy suites: the core loaded as a library, the verified-report offsets
// (spec migtd.md §2.6), and a CCEL writer for synthetic event logs (spec §5.3).
import { createHash } from "node:crypto";
import { ccelLog } from "../../scripts/sim/ccel.ts";
import { sharedCore as core } from "../../scripts/host/library.ts";

export { core };

export const enc = (s: string) => new TextEncoder().encode(s);
const none = new Uint8Array(0);

export interface Verdict {
  accepted: boolean;
  code: number;
  error: string;
  message: string;
  failedRule: string;
  inputError: boolean;
  rules: { path: string; name: string; result: string; decisive: boolean; note: string }[];
  warnings: string[];
}

export interface EvalOptions {
  isSrc?: boolean;
  localLog?: Uint8Array;
  peerLog?: Uint8Array;
}

export function evaluate(policy: Uint8Array | string, local: Uint8Array, peer: Uint8Array, o: EvalOptions = {}): Verdict {
  const p = typeof policy === "string" ? enc(policy) : policy;
  return core().callJson<Verdict>("policy_evaluate", p, local, peer, o.localLog ?? none, o.peerLog ?? none, o.isSrc === false ? 0 : 1);
}

export function check(policy: Uint8Array | string): any {
  return core().callJson("policy_check", typeof policy === "string" ? enc(policy) : policy);
}

export function jsonCheck(text: Uint8Array | string): { ok: boolean; canonical?: string; pos?: number; message?: string } {
  return core().callJson("json_check", typeof text === "string" ? enc(text) : text);
}

// Byte ranges of the verified report (spec migtd.md §2.6).
export const R = {
  MRSEAM: [16, 48], MRSIGNERSEAM: [64, 48], SEAM_ATTRIBUTES: [112, 8], TD_ATTRIBUTES: [120, 8],
  XFAM: [128, 8], MRTD: [136, 48], MRCONFIGID: [184, 48], MROWNER: [232, 48], MROWNERCONFIG: [280, 48],
  RTMR0: [328, 48], RTMR1: [376, 48], RTMR2: [424, 48], RTMR3: [472, 48],
  FMSPC: [584, 6], TDX_TCB_COMPONENTS: [590, 16], PCE_SVN: [606, 2], SGX_TCB_COMPONENTS: [608, 16],
  TDX_MODULE_MAJOR: [624, 1], TDX_MODULE_SVN: [625, 1], QE_MISCSELECT: [626, 4],
} as const satisfies Record<string, readonly [number, number]>;

export function patched(report: Uint8Array, field: readonly [number, number], bytes: ArrayLike<number>): Uint8Array {
  if (bytes.length !== field[1]) throw new Error(`field is ${field[1]} bytes, got ${bytes.length}`);
  const out = Uint8Array.from(report);
  out.set(bytes, field[0]);
  return out;
}

export const fill = (n: number, v: number) => new Array<number>(n).fill(v);

// ---- CCEL (TCG crypto-agile, SHA-384 only; spec migtd.md §5.3) ----

export interface CcEvent {
  mr: number; // CC MR index: 1..4 = RTMR0..3
  type: number;
  data: Uint8Array;
  digest: Uint8Array; // 48 bytes
}

export const sha384 = (b: Uint8Array) => new Uint8Array(createHash("sha384").update(b).digest());

const u32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
};
const u64 = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

export function ccel(events: CcEvent[]): Uint8Array {
  return new Uint8Array(ccelLog(events.map((e) => ({ mrIndex: e.mr, type: e.type, digest: e.digest, data: e.data }))));
}

// RTMR0..3 after replaying the events (RTMR = SHA-384(RTMR || digest) from zero).
export function replay(events: CcEvent[]): Uint8Array[] {
  const rtmr = [0, 1, 2, 3].map(() => new Uint8Array(48));
  for (const e of events) rtmr[e.mr - 1] = sha384(cat(rtmr[e.mr - 1], e.digest));
  return rtmr;
}

// A report whose RTMRs are what `events` replay to.
export function withRtmrs(report: Uint8Array, events: CcEvent[]): Uint8Array {
  const r = replay(events);
  let out = patched(report, R.RTMR0, r[0]);
  out = patched(out, R.RTMR1, r[1]);
  out = patched(out, R.RTMR2, r[2]);
  return patched(out, R.RTMR3, r[3]);
}

// MigTD's own events and the td-shim records v1 policies name (spec §5.3 table).
export const ev = {
  separator: (mr: number): CcEvent => ({ mr, type: 4, data: new Uint8Array(4), digest: sha384(new Uint8Array(4)) }),
  tagged: (tag: number, payload: Uint8Array, mr = 3): CcEvent => ({
    mr, type: 6, data: cat(u32(tag), u32(payload.length), payload), digest: sha384(payload),
  }),
  policy: (policy: Uint8Array) => ev.tagged(1, policy),
  rootCa: (der: Uint8Array) => ev.tagged(2, der),
  secureBootKey: (keyHash: Uint8Array): CcEvent => {
    const desc = new Uint8Array(16);
    desc.set(enc("secure_authority"));
    return { mr: 1, type: 0xa, data: cat(desc, u32(keyHash.length), keyHash), digest: sha384(keyHash) };
  },
  coreSvn: (svn: bigint): CcEvent => {
    const desc = new Uint8Array(16);
    desc.set(enc("td_payload_svn\0"));
    const info = u64(svn);
    return { mr: 2, type: 0xa, data: cat(desc, u32(info.length), info), digest: sha384(info) };
  },
  payload: (image: Uint8Array): CcEvent => ({
    mr: 2, type: 0x8000000a,
    data: cat(new Uint8Array([11]), enc("td_payload\0"), u64(0x1000n), u64(BigInt(image.length))),
    digest: sha384(image),
  }),
};
