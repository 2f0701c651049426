// A TDX module at register level, for the TDCALL leaves a MigTD uses (tdx-abi.md §4.1,
// migtd.md §1.1): TDREPORT with REPORTDATA and a MAC, RTMRs, the TDCS fields of bound user TDs
// (MIG_ENC_KEY / MIG_DEC_KEY / MIG_VERSION / SERVTD_ATTR) and the global migration versions.
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
} as const;

export interface BoundTd {
  handle: bigint;
  uuid: bigint[]; // 4 qwords
  servtdAttr: bigint;
  migEncKey: bigint[]; // 4 qwords
  migDecKey: bigint[];
  migVersion: bigint;
  writes: number; // SERVTD.WR calls that changed something
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
  // The MAC key stands in for the CPU's report key: only this module can make or check MACs.
  private readonly macKey = randomBytes(32);
  calls = 0;

  bind(td: Partial<BoundTd> & { handle: bigint; uuid: bigint[] }): BoundTd {
    const full: BoundTd = {
      servtdAttr: 0n,
      migEncKey: [0n, 0n, 0n, 0n].map(() => randomBytes(8).readBigUInt64LE()),
      migDecKey: [0n, 0n, 0n, 0n],
      migVersion: 0n,
      writes: 0,
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
    return new Uint8Array(createHmac("sha256", this.macKey).update(report.subarray(0, 224)).digest());
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

  private servtdRead(td: BoundTd, regs: Regs): bigint {
    const field = regs[REG.RDX];
    if (this.servtdReadFault?.field === field) return this.servtdReadFault.status;
    if (field === FIELD.SERVTD_ATTR) { regs[REG.R8] = td.servtdAttr; return TDX_SUCCESS; }
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
