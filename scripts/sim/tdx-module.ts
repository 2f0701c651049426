// A TDX module at register level, for the TDCALL leaves a MigTD uses (tdx-abi.md §4.1,
// migtd.md §1.1): TDREPORT with REPORTDATA and a MAC, RTMRs, the TDCS fields of bound user TDs
// (MIG_ENC_KEY / MIG_DEC_KEY / MIG_VERSION / SERVTD_ATTR, the SERVTD_EXT fields) and the global
// migration versions; for a V2 rebinding (migtd.md §2.9) TDG.MR.VERIFYREPORT, TDG.VM.WR of the
// accept fields and TDG.SERVTD.REBIND.APPROVE. One TdxModule object is one MigTD's view of the
// module; MigTDs on one platform share a SimPlatform (report MAC key, rebind approvals).
// Written independently of the core (node:crypto), so each checks the other.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { GuestTask, REG, Regs, readGuest, writeGuest } from "./guest.ts";

export const TDX_SUCCESS = 0n;
export const TDX_OPERAND_INVALID = 0xc000_0100_0000_0000n;
export const TDX_OPERAND_BUSY = 0x8000_0200_0000_0000n;
// Status for a SERVTD call naming a binding/TD the module does not know (class: operand invalid,
// operand id 1 = RCX).
export const TDX_BINDING_INVALID = TDX_OPERAND_INVALID | 1n;
export const TDX_FIELD_INVALID = TDX_OPERAND_INVALID | 2n; // operand id 2 = RDX
export const TDX_FIELD_NOT_WRITABLE = 0xc000_0c00_0000_0000n; // an error class: read-only field
export const TDX_FIELD_NOT_READABLE = 0xc000_0c01_0000_0000n;

export const FIELD = {
  MIG_DEC_KEY: 0x9810_0003_0000_0010n,
  MIG_ENC_KEY: 0x9810_0003_0000_0018n,
  MIG_VERSION: 0x9810_0001_0000_0020n,
  MIN_EXPORT_VERSION: 0x2000_0001_0000_0001n,
  MAX_EXPORT_VERSION: 0x2000_0001_0000_0002n,
  MIN_IMPORT_VERSION: 0x2000_0001_0000_0003n,
  MAX_IMPORT_VERSION: 0x2000_0001_0000_0004n,
  SERVTD_ATTR: 0x1910_0003_0000_0202n,
  // SERVTD_EXT parts (migtd.md §1.1, §3.7), SERVTD.RD of a binding
  SERVTD_INIT_SERVTD_INFO_HASH: 0x1910_0003_0000_020en, // 6 x u64
  SERVTD_INIT_ATTR: 0x1910_0003_0000_020dn,
  INIT_CPUSVN: 0x1110_0003_0000_0060n, // 2 x u64
  INIT_TEE_TCB_SVN: 0x1110_0003_0000_0062n, // 2 x u64
  INIT_TEE_MODEL: 0x1110_0002_0000_0064n, // 3 x u32
  SERVTD_INFO_HASH: 0x1910_0003_0000_0207n, // 6 x u64
  // the new MigTD's own TDCS, VM.WR (rebinding)
  SERVTD_ACCEPT_SERVTD_EXT_HASH: 0x1910_0003_0000_0214n, // 6 x u64
  SERVTD_REBIND_ACCEPT_TOKEN: 0x1910_0003_0000_021en, // 4 x u64
  SERVTD_REBIND_ATTR: 0x1910_0003_0000_0222n,
} as const;

// The status the simulated module gives a REPORTMACSTRUCT it did not make (an invalid-operand
// class status naming RCX; the simulator only needs it to be a failure).
export const TDX_REPORT_MAC_INVALID = TDX_OPERAND_INVALID | 1n;

// What MigTDs on one platform share: the CPU's report key (TDG.MR.VERIFYREPORT accepts any report
// made with it) and the rebinding approvals given with TDG.SERVTD.REBIND.APPROVE, by user TD UUID.
export class SimPlatform {
  readonly macKey = randomBytes(32);
  readonly approvals = new Map<string, { token: Uint8Array; from: TdxModule; td: BoundTd }>();
}

export const uuidKey = (uuid: bigint[]) => uuid.map((u) => u.toString(16)).join("-");

export interface BoundTd {
  handle: bigint;
  uuid: bigint[]; // 4 qwords
  servtdAttr: bigint;
  migEncKey: bigint[]; // 4 qwords
  migDecKey: bigint[];
  migVersion: bigint;
  writes: number; // SERVTD.WR calls that changed something
  // SERVTD_EXT (migtd.md §3.7): the binding as the module keeps it.
  initServtdInfoHash: Uint8Array; // 48
  initAttr: bigint;
  initCpuSvn: Uint8Array; // 16
  initTeeTcbSvn: Uint8Array; // 16
  initTeeModel: Uint8Array; // 12
  servtdInfoHash: Uint8Array; // 48, the MigTD bound now
}

export interface MigrationVersions {
  minExport: bigint;
  maxExport: bigint;
  minImport: bigint;
  maxImport: bigint;
}

const sha384 = (...parts: Uint8Array[]) => {
  const h = createHash("sha384");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

function u64le(view: Uint8Array, off: number, v: bigint) {
  new DataView(view.buffer, view.byteOffset).setBigUint64(off, v, true);
}

export class TdxModule {
  gpaw = 48;
  attributes = 0x1000_0000n; // SEPT_VE_DISABLE
  xfam = 0x61ae7n;
  numVcpus = 1;
  mrtd = new Uint8Array(48).fill(0x11);
  mrConfigId = new Uint8Array(48);
  mrOwner = new Uint8Array(48);
  mrOwnerConfig = new Uint8Array(48);
  servtdHash = new Uint8Array(48);
  rtmr: Uint8Array[] = [0, 1, 2, 3].map(() => new Uint8Array(48));
  cpuSvn = new Uint8Array(16).fill(3);
  teeTcbSvn = Uint8Array.from([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  mrSeam = new Uint8Array(48).fill(0x5e);
  reportVersion = 1;
  versions: MigrationVersions = { minExport: 1n, maxExport: 1n, minImport: 1n, maxImport: 1n };
  vmFields = new Map<bigint, bigint>();
  readonly tds: BoundTd[] = [];
  // The platform's report key stands in for the CPU's: only modules of this platform can make or
  // check MACs.
  platform = new SimPlatform();
  calls = 0;
  vmWrites = 0; // TDG.VM.WR calls that succeeded
  approvals = 0; // TDG.SERVTD.REBIND.APPROVE calls that succeeded

  bind(td: Partial<BoundTd> & { handle: bigint; uuid: bigint[] }): BoundTd {
    const full: BoundTd = {
      servtdAttr: 0n,
      migEncKey: [0n, 0n, 0n, 0n].map(() => randomBytes(8).readBigUInt64LE()),
      migDecKey: [0n, 0n, 0n, 0n],
      migVersion: 0n,
      writes: 0,
      initServtdInfoHash: new Uint8Array(48),
      initAttr: 0n,
      initCpuSvn: this.cpuSvn.slice(),
      initTeeTcbSvn: this.teeTcbSvn.slice(),
      initTeeModel: new Uint8Array(12),
      servtdInfoHash: new Uint8Array(48),
      ...td,
    };
    this.tds.push(full);
    return full;
  }

  findTd(handle: bigint, uuid: bigint[]): BoundTd | undefined {
    return this.tds.find((t) => t.handle === handle && t.uuid.every((u, i) => u === uuid[i]));
  }

  // TEE_TCB_INFO (239 bytes) and TDINFO (512 bytes) as the report carries them (tdx-abi.md §5.1).
  teeTcbInfo(): Uint8Array {
    const b = new Uint8Array(239);
    u64le(b, 0, 0x301ffn); // VALID bitmap
    b.set(this.teeTcbSvn, 8);
    b.set(this.mrSeam, 24);
    return b;
  }

  tdInfo(): Uint8Array {
    const b = new Uint8Array(512);
    u64le(b, 0, this.attributes);
    u64le(b, 8, this.xfam);
    b.set(this.mrtd, 16);
    b.set(this.mrConfigId, 64);
    b.set(this.mrOwner, 112);
    b.set(this.mrOwnerConfig, 160);
    this.rtmr.forEach((r, i) => b.set(r, 208 + 48 * i));
    b.set(this.servtdHash, 400);
    return b;
  }

  buildReport(reportData: Uint8Array): Uint8Array {
    const report = new Uint8Array(1024);
    const tcb = this.teeTcbInfo();
    const info = this.tdInfo();
    report.set([0x81, 0, this.reportVersion, 0], 0);
    report.set(this.cpuSvn, 16);
    report.set(sha384(tcb), 32);
    report.set(sha384(info), 80);
    report.set(reportData, 128);
    report.set(this.mac(report), 224);
    report.set(tcb, 256);
    report.set(info, 512);
    return report;
  }

  private mac(report: Uint8Array): Uint8Array {
    return new Uint8Array(createHmac("sha256", this.platform.macKey).update(report.subarray(0, 224)).digest());
  }

  // TDG.MR.VERIFYREPORT's job: was this REPORTMACSTRUCT made by this module?
  verifyReportMac(report: Uint8Array): boolean {
    return Buffer.from(this.mac(report)).equals(Buffer.from(report.subarray(224, 256)));
  }

  extendRtmr(index: number, digest: Uint8Array): void {
    this.rtmr[index] = sha384(this.rtmr[index], digest);
  }

  *tdcall(regs: Regs): GuestTask<void> {
    this.calls++;
    const leaf = regs[REG.RAX] & 0xffffn;
    const version = (regs[REG.RAX] >> 16n) & 0xffn;
    const set = (status: bigint) => { regs[REG.RAX] = status; };
    if (version !== 0n) return set(TDX_OPERAND_INVALID);
    switch (leaf) {
      case 1n: { // TDG.VP.INFO
        regs[REG.RCX] = BigInt(this.gpaw);
        regs[REG.RDX] = this.attributes;
        regs[REG.R8] = BigInt(this.numVcpus) | (BigInt(this.numVcpus) << 32n);
        regs[REG.R9] = 0n;
        return set(TDX_SUCCESS);
      }
      case 2n: { // TDG.MR.RTMR.EXTEND
        const gpa = regs[REG.RCX];
        const index = regs[REG.RDX];
        if (gpa % 64n !== 0n) return set(TDX_OPERAND_INVALID | 1n);
        if (index > 3n) return set(TDX_OPERAND_INVALID | 2n);
        const digest = yield* readGuest(gpa, 48);
        if (!digest) return set(TDX_OPERAND_INVALID | 1n);
        this.extendRtmr(Number(index), digest);
        return set(TDX_SUCCESS);
      }
      case 4n: { // TDG.MR.REPORT
        const out = regs[REG.RCX];
        const rd = regs[REG.RDX];
        if (out % 1024n !== 0n) return set(TDX_OPERAND_INVALID | 1n);
        if (rd % 64n !== 0n) return set(TDX_OPERAND_INVALID | 2n);
        if (regs[REG.R8] !== 0n) return set(TDX_OPERAND_INVALID | 8n);
        const reportData = yield* readGuest(rd, 64);
        if (!reportData) return set(TDX_OPERAND_INVALID | 2n);
        if (!(yield* writeGuest(out, this.buildReport(reportData)))) return set(TDX_OPERAND_INVALID | 1n);
        return set(TDX_SUCCESS);
      }
      case 7n: { // TDG.VM.RD
        const v = this.vmFields.get(regs[REG.RDX]);
        if (v === undefined) return set(TDX_FIELD_INVALID);
        regs[REG.R8] = v;
        return set(TDX_SUCCESS);
      }
      case 8n: { // TDG.VM.WR: the rebinding accept fields of this TD's own TDCS
        const field = regs[REG.RDX];
        if (!this.rebindWritable(field)) return set(TDX_FIELD_INVALID);
        if (this.vmWriteFault?.field === field) return set(this.vmWriteFault.status);
        const old = this.vmFields.get(field) ?? 0n;
        const mask = regs[REG.R9];
        this.vmFields.set(field, (old & ~mask) | (regs[REG.R8] & mask));
        regs[REG.R8] = old;
        this.vmWrites++;
        return set(TDX_SUCCESS);
      }
      case 22n: { // TDG.MR.VERIFYREPORT
        const gpa = regs[REG.RCX];
        if (gpa % 256n !== 0n) return set(TDX_OPERAND_INVALID | 1n);
        const mac = yield* readGuest(gpa, 256);
        if (!mac) return set(TDX_OPERAND_INVALID | 1n);
        return set(this.verifyReportMac(mac) ? TDX_SUCCESS : TDX_REPORT_MAC_INVALID);
      }
      case 33n: { // TDG.SERVTD.REBIND.APPROVE
        const uuid = [regs[REG.R10], regs[REG.R11], regs[REG.R12], regs[REG.R13]];
        const td = this.findTd(regs[REG.RCX], uuid);
        if (!td) return set(TDX_BINDING_INVALID);
        const token = new Uint8Array(32);
        [regs[REG.RDX], regs[REG.R8], regs[REG.R9], regs[REG.R14]].forEach((w, i) => u64le(token, 8 * i, w));
        this.platform.approvals.set(uuidKey(uuid), { token, from: this, td });
        this.approvals++;
        return set(TDX_SUCCESS);
      }
      case 11n: { // TDG.SYS.RD
        const v = this.sysField(regs[REG.RDX]);
        if (v === undefined) return set(TDX_FIELD_INVALID);
        regs[REG.R8] = v;
        regs[REG.RDX] = 0n;
        return set(TDX_SUCCESS);
      }
      case 18n: // TDG.SERVTD.RD
      case 20n: { // TDG.SERVTD.WR
        const uuid = [regs[REG.R10], regs[REG.R11], regs[REG.R12], regs[REG.R13]];
        const td = this.findTd(regs[REG.RCX], uuid);
        if (!td) return set(TDX_BINDING_INVALID);
        const status = leaf === 18n ? this.servtdRead(td, regs) : this.servtdWrite(td, regs);
        return set(status);
      }
      default:
        return set(TDX_OPERAND_INVALID);
    }
  }

  private sysField(field: bigint): bigint | undefined {
    const v = this.versions;
    const table = new Map<bigint, bigint>([
      [FIELD.MIN_EXPORT_VERSION, v.minExport], [FIELD.MAX_EXPORT_VERSION, v.maxExport],
      [FIELD.MIN_IMPORT_VERSION, v.minImport], [FIELD.MAX_IMPORT_VERSION, v.maxImport],
    ]);
    return table.get(field);
  }

  // Multi-element fields are addressed element by element at base + i (migtd.md §1.1).
  private element(field: bigint, base: bigint, count: number): number {
    const i = field - base;
    return i >= 0n && i < BigInt(count) ? Number(i) : -1;
  }

  // Failure injection: SERVTD.RD of this field answers this status (e.g. element 2 of MIG_ENC_KEY).
  servtdReadFault: { field: bigint; status: bigint } | undefined = undefined;

  // Failure injection: TDG.VM.WR of this field answers this status.
  vmWriteFault: { field: bigint; status: bigint } | undefined = undefined;

  private rebindWritable(field: bigint): boolean {
    return this.element(field, FIELD.SERVTD_REBIND_ACCEPT_TOKEN, 4) >= 0 || field === FIELD.SERVTD_REBIND_ATTR ||
      this.element(field, FIELD.SERVTD_ACCEPT_SERVTD_EXT_HASH, 6) >= 0;
  }

  // A multi-element field of bytes, element e of `width` bytes, little-endian.
  private static elementOf(bytes: Uint8Array, e: number, width: number): bigint {
    let v = 0n;
    for (let b = width - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[e * width + b]);
    return v;
  }

  private servtdExtRead(td: BoundTd, field: bigint): bigint | undefined {
    const parts: [bigint, Uint8Array, number, number][] = [
      [FIELD.SERVTD_INIT_SERVTD_INFO_HASH, td.initServtdInfoHash, 6, 8],
      [FIELD.INIT_CPUSVN, td.initCpuSvn, 2, 8],
      [FIELD.INIT_TEE_TCB_SVN, td.initTeeTcbSvn, 2, 8],
      [FIELD.INIT_TEE_MODEL, td.initTeeModel, 3, 4],
      [FIELD.SERVTD_INFO_HASH, td.servtdInfoHash, 6, 8],
    ];
    for (const [base, bytes, count, width] of parts) {
      const e = this.element(field, base, count);
      if (e >= 0) return TdxModule.elementOf(bytes, e, width);
    }
    if (field === FIELD.SERVTD_INIT_ATTR) return td.initAttr;
    return undefined;
  }

  private servtdRead(td: BoundTd, regs: Regs): bigint {
    const field = regs[REG.RDX];
    if (this.servtdReadFault?.field === field) return this.servtdReadFault.status;
    if (field === FIELD.SERVTD_ATTR) { regs[REG.R8] = td.servtdAttr; return TDX_SUCCESS; }
    const ext = this.servtdExtRead(td, field);
    if (ext !== undefined) { regs[REG.R8] = ext; return TDX_SUCCESS; }
    const e = this.element(field, FIELD.MIG_ENC_KEY, 4);
    if (e >= 0) { regs[REG.R8] = td.migEncKey[e]; return TDX_SUCCESS; }
    if (this.element(field, FIELD.MIG_DEC_KEY, 4) >= 0 || field === FIELD.MIG_VERSION) return TDX_FIELD_NOT_READABLE;
    return TDX_FIELD_INVALID;
  }

  private servtdWrite(td: BoundTd, regs: Regs): bigint {
    const field = regs[REG.RDX];
    const value = regs[REG.R8];
    const mask = regs[REG.R9];
    const merge = (old: bigint) => (old & ~mask) | (value & mask);
    const e = this.element(field, FIELD.MIG_DEC_KEY, 4);
    if (e >= 0) {
      regs[REG.R8] = td.migDecKey[e];
      td.migDecKey[e] = merge(td.migDecKey[e]);
      td.writes++;
      return TDX_SUCCESS;
    }
    if (field === FIELD.MIG_VERSION) {
      regs[REG.R8] = td.migVersion;
      td.migVersion = merge(td.migVersion) & 0xffffn;
      td.writes++;
      return TDX_SUCCESS;
    }
    if (this.element(field, FIELD.MIG_ENC_KEY, 4) >= 0 || field === FIELD.SERVTD_ATTR) return TDX_FIELD_NOT_WRITABLE;
    return TDX_FIELD_INVALID;
  }
}

// SERVTD_INFO_HASH of a TDINFO_STRUCT under a SERVTD_ATTR (migtd.md §4): the servtd_hash slot and
// reserved bytes zero, the fields selected by IGNORE bits 32..41 zeroed, SHA-384.
export function servtdInfoHashOf(tdInfo: Uint8Array, attr: bigint): Uint8Array {
  const b = tdInfo.slice(0, 512);
  b.fill(0, 400);
  const fields: [number, number][] = [[0, 8], [8, 8], [16, 48], [64, 48], [112, 48], [160, 48], [208, 48], [256, 48], [304, 48], [352, 48]];
  fields.forEach(([off, len], i) => { if ((attr >> BigInt(32 + i)) & 1n) b.fill(0, off, off + len); });
  return sha384(b);
}

// SERVTD_EXT of a binding (migtd.md §3.7), as the module would lay it out.
export function servtdExtOf(td: BoundTd): Uint8Array {
  const b = new Uint8Array(272);
  b.set(td.initServtdInfoHash, 0);
  u64le(b, 48, td.initAttr);
  b.set(td.initCpuSvn, 64);
  b.set(td.initTeeTcbSvn, 80);
  b.set(td.initTeeModel, 96);
  b.set(td.servtdInfoHash, 112);
  u64le(b, 160, td.servtdAttr);
  return b;
}

// The host's side of a rebinding (what TDH.SERVTD.REBIND checks, as this simulator models it):
// the old MigTD approved `uuid` with a token, the new MigTD wrote the same token as its accept
// token, REBIND_ATTR = the binding's current SERVTD_ATTR, and ACCEPT_SERVTD_EXT_HASH = SHA-384 of
// the binding's SERVTD_EXT with cur_* zeroed. On success the binding now names the new MigTD.
export function completeRebind(uuid: bigint[], newMigtd: TdxModule): { ok: boolean; reason: string } {
  const a = newMigtd.platform.approvals.get(uuidKey(uuid));
  if (!a) return { ok: false, reason: "the old MigTD gave no approval for this TD" };
  const field = (base: bigint, n: number) => {
    const b = new Uint8Array(8 * n);
    for (let i = 0; i < n; i++) {
      const v = newMigtd.vmFields.get(base + BigInt(i));
      if (v === undefined) return undefined;
      u64le(b, 8 * i, v);
    }
    return b;
  };
  const accept = field(FIELD.SERVTD_REBIND_ACCEPT_TOKEN, 4);
  if (!accept) return { ok: false, reason: "the new MigTD wrote no accept token" };
  if (!Buffer.from(accept).equals(Buffer.from(a.token))) return { ok: false, reason: "the accept token is not the approval token" };
  if (newMigtd.vmFields.get(FIELD.SERVTD_REBIND_ATTR) !== a.td.servtdAttr) return { ok: false, reason: "REBIND_ATTR is not the binding's SERVTD_ATTR" };
  const ext = servtdExtOf(a.td);
  ext.fill(0, 112, 168);
  const hash = field(FIELD.SERVTD_ACCEPT_SERVTD_EXT_HASH, 6);
  if (!hash || !Buffer.from(hash).equals(Buffer.from(sha384(ext)))) return { ok: false, reason: "ACCEPT_SERVTD_EXT_HASH is not the binding's SERVTD_EXT hash" };
  newMigtd.platform.approvals.delete(uuidKey(uuid));
  a.td.servtdInfoHash = servtdInfoHashOf(newMigtd.tdInfo(), a.td.servtdAttr);
  return { ok: true, reason: "rebound" };
}
