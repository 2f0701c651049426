// One wrapper per TDCALL leaf MigTD uses (spec migtd.md §1.1, tdx-abi.md §4.1). Each composes the
// register block, calls the `tdcall` import and decodes the outputs; none interprets policy.
// A call the platform could not issue returns STATUS_PLATFORM_UNAVAILABLE as its status.
import { tdcall, gpa_of, ABI_OK } from "../abi";
import { RAX, RCX, RDX, R8, R9, R10, R11, R12, R13, R14, regsClear, regSet, regGet, regsPtr } from "./regs";
import {
  TDG_VP_INFO, TDG_MR_RTMR_EXTEND, TDG_MR_REPORT, TDG_VM_RD, TDG_VM_WR, TDG_SYS_RD, TDG_SERVTD_RD, TDG_SERVTD_WR,
  TDG_MR_VERIFYREPORT, TDG_SERVTD_REBIND_APPROVE, TDX_SUCCESS, STATUS_PLATFORM_UNAVAILABLE,
} from "./leaves";
import { REPORTDATA_SIZE, TDREPORT_SIZE, REPORTMAC_SIZE } from "./report";

export const RTMR_DIGEST_SIZE: i32 = 48;

// Buffers handed to the TDX module by GPA, with the alignment the module demands (tdx-abi.md §4.1).
const REPORT_BUF: usize = memory.data(TDREPORT_SIZE, 1024);
const REPORTDATA_BUF: usize = memory.data(REPORTDATA_SIZE, 64);
const DIGEST_BUF: usize = memory.data(64, 64);
const MACSTRUCT_BUF: usize = memory.data(REPORTMAC_SIZE, 256);

export class TdxValue {
  constructor(public status: u64, public value: u64) {}
  get ok(): bool { return this.status == TDX_SUCCESS; }
}

export class VpInfo {
  status: u64 = 0;
  gpaw: u32 = 0;
  attributes: u64 = 0;
  numVcpus: u32 = 0;
  maxVcpus: u32 = 0;
  vcpuIndex: u32 = 0;
  get ok(): bool { return this.status == TDX_SUCCESS; }
  // Shared bit = 1 << (GPAW-1); only GPAW 48 and 52 are valid (migtd.md §1.1). 0 when invalid.
  get sharedBit(): u64 {
    return this.gpaw == 48 || this.gpaw == 52 ? (<u64>1) << (this.gpaw - 1) : 0;
  }
}

export class TdReport {
  constructor(public status: u64, public bytes: Uint8Array) {}
  get ok(): bool { return this.status == TDX_SUCCESS; }
}

// A binding's target TD: (binding handle, TD UUID as 4 qwords) (migtd.md §1.5).
export class TargetTd {
  constructor(public handle: u64, public uuid: StaticArray<u64>) {}
}

export class TdxValues {
  constructor(public status: u64, public values: StaticArray<u64>) {}
  get ok(): bool { return this.status == TDX_SUCCESS; }
}

function issue(leaf: u64): u64 {
  regSet(RAX, leaf);
  if (tdcall(regsPtr()) != ABI_OK) return STATUS_PLATFORM_UNAVAILABLE;
  return regGet(RAX);
}

function privateGpa(ptr: usize, len: u32, align: u32): i64 {
  return gpa_of(ptr, len, align);
}

// TDG.VP.INFO (leaf 1): GPAW, TD attributes, vCPU counts.
export function vpInfo(): VpInfo {
  regsClear();
  const info = new VpInfo();
  info.status = issue(TDG_VP_INFO);
  if (info.status != TDX_SUCCESS) return info;
  info.gpaw = <u32>(regGet(RCX) & 0x3f);
  info.attributes = regGet(RDX);
  const r8 = regGet(R8);
  info.numVcpus = <u32>(r8 & 0xffff_ffff);
  info.maxVcpus = <u32>(r8 >> 32);
  info.vcpuIndex = <u32>(regGet(R9) & 0xffff_ffff);
  return info;
}

// TDG.MR.REPORT (leaf 4): a 1024-byte TDREPORT_STRUCT binding `reportData` (64 bytes).
export function mrReport(reportData: Uint8Array): TdReport {
  if (reportData.length != REPORTDATA_SIZE) return new TdReport(STATUS_PLATFORM_UNAVAILABLE, new Uint8Array(0));
  memory.copy(REPORTDATA_BUF, reportData.dataStart, REPORTDATA_SIZE);
  memory.fill(REPORT_BUF, 0, TDREPORT_SIZE);
  const out = privateGpa(REPORT_BUF, TDREPORT_SIZE, 1024);
  const rd = privateGpa(REPORTDATA_BUF, REPORTDATA_SIZE, 64);
  if (out < 0 || rd < 0) return new TdReport(STATUS_PLATFORM_UNAVAILABLE, new Uint8Array(0));
  regsClear();
  regSet(RCX, <u64>out);
  regSet(RDX, <u64>rd);
  regSet(R8, 0); // report subtype 0
  const status = issue(TDG_MR_REPORT);
  const bytes = new Uint8Array(TDREPORT_SIZE);
  if (status == TDX_SUCCESS) memory.copy(bytes.dataStart, REPORT_BUF, TDREPORT_SIZE);
  return new TdReport(status, bytes);
}

// TDG.MR.RTMR.EXTEND (leaf 2): RTMR[index] = SHA-384(RTMR[index] || digest), index 0..3.
export function rtmrExtend(index: u32, digest: Uint8Array): u64 {
  if (digest.length != RTMR_DIGEST_SIZE || index > 3) return STATUS_PLATFORM_UNAVAILABLE;
  memory.fill(DIGEST_BUF, 0, 64);
  memory.copy(DIGEST_BUF, digest.dataStart, RTMR_DIGEST_SIZE);
  const gpa = privateGpa(DIGEST_BUF, 64, 64);
  if (gpa < 0) return STATUS_PLATFORM_UNAVAILABLE;
  regsClear();
  regSet(RCX, <u64>gpa);
  regSet(RDX, <u64>index);
  return issue(TDG_MR_RTMR_EXTEND);
}

function setTarget(td: TargetTd): void {
  regSet(RCX, td.handle);
  regSet(R10, td.uuid[0]);
  regSet(R11, td.uuid[1]);
  regSet(R12, td.uuid[2]);
  regSet(R13, td.uuid[3]);
}

// TDG.SERVTD.RD (leaf 18): one element of a bound TD's TDCS field.
export function servtdRead(td: TargetTd, field: u64): TdxValue {
  regsClear();
  setTarget(td);
  regSet(RDX, field);
  const status = issue(TDG_SERVTD_RD);
  return new TdxValue(status, status == TDX_SUCCESS ? regGet(R8) : 0);
}

// TDG.SERVTD.WR (leaf 20): writes one element with a full mask; value = the old content.
export function servtdWrite(td: TargetTd, field: u64, value: u64): TdxValue {
  regsClear();
  setTarget(td);
  regSet(RDX, field);
  regSet(R8, value);
  regSet(R9, 0xFFFF_FFFF_FFFF_FFFF);
  const status = issue(TDG_SERVTD_WR);
  const old = status == TDX_SUCCESS ? regGet(R8) : 0;
  regsClear(); // the value may be key material
  return new TdxValue(status, old);
}

// A multi-element field read element by element at base + i; stops at the first failure.
// The elements can be a secret (MIG_ENC_KEY): they go straight from the register block into
// `values` (no per-element objects left behind), and on failure the elements already read are
// zeroed and the registers cleared, like on success.
export function servtdReadElements(td: TargetTd, base: u64, count: i32): TdxValues {
  const values = new StaticArray<u64>(count);
  for (let i = 0; i < count; i++) {
    regsClear();
    setTarget(td);
    regSet(RDX, base + <u64>i);
    const status = issue(TDG_SERVTD_RD);
    if (status != TDX_SUCCESS) {
      for (let j = 0; j < count; j++) values[j] = 0;
      regsClear();
      return new TdxValues(status, values);
    }
    values[i] = regGet(R8);
  }
  regsClear();
  return new TdxValues(TDX_SUCCESS, values);
}

// Writes a multi-element field element by element; returns the first failing status or success.
// The values are a secret (the peer's MSK): the register block is cleared on every exit.
export function servtdWriteElements(td: TargetTd, base: u64, values: StaticArray<u64>): u64 {
  for (let i = 0; i < values.length; i++) {
    regsClear();
    setTarget(td);
    regSet(RDX, base + <u64>i);
    regSet(R8, values[i]);
    regSet(R9, 0xFFFF_FFFF_FFFF_FFFF);
    const status = issue(TDG_SERVTD_WR);
    if (status != TDX_SUCCESS) {
      regsClear();
      return status;
    }
  }
  regsClear();
  return TDX_SUCCESS;
}

// TDG.SYS.RD (leaf 11): a TDX-module global field.
export function sysRead(field: u64): TdxValue {
  regsClear();
  regSet(RDX, field);
  const status = issue(TDG_SYS_RD);
  return new TdxValue(status, status == TDX_SUCCESS ? regGet(R8) : 0);
}

// TDG.VM.RD (leaf 7, version 0): a field of this TD's own TDCS.
export function vmRead(field: u64): TdxValue {
  regsClear();
  regSet(RDX, field);
  const status = issue(TDG_VM_RD);
  return new TdxValue(status, status == TDX_SUCCESS ? regGet(R8) : 0);
}

// TDG.VM.WR (leaf 8, version 0): one element of this TD's own TDCS, full mask; value = old content.
export function vmWrite(field: u64, value: u64): TdxValue {
  regsClear();
  regSet(RDX, field);
  regSet(R8, value);
  regSet(R9, 0xFFFF_FFFF_FFFF_FFFF);
  const status = issue(TDG_VM_WR);
  const old = status == TDX_SUCCESS ? regGet(R8) : 0;
  regsClear(); // the value may be a secret (the rebind token)
  return new TdxValue(status, old);
}

// A multi-element own-TDCS field written element by element at base + i; the first failing
// status or success. Registers are cleared on every exit.
export function vmWriteElements(base: u64, values: StaticArray<u64>): u64 {
  for (let i = 0; i < values.length; i++) {
    const r = vmWrite(base + <u64>i, values[i]);
    if (!r.ok) return r.status;
  }
  return TDX_SUCCESS;
}

// TDG.MR.VERIFYREPORT (leaf 22): was this 256-byte REPORTMACSTRUCT made on this platform? Success
// or the module's status (tdx-abi.md §4.1; the buffer is private and 256-aligned).
export function verifyReportMac(macStruct: Uint8Array): u64 {
  if (macStruct.length != REPORTMAC_SIZE) return STATUS_PLATFORM_UNAVAILABLE;
  memory.copy(MACSTRUCT_BUF, macStruct.dataStart, REPORTMAC_SIZE);
  const gpa = privateGpa(MACSTRUCT_BUF, REPORTMAC_SIZE, 256);
  if (gpa < 0) return STATUS_PLATFORM_UNAVAILABLE;
  regsClear();
  regSet(RCX, <u64>gpa);
  return issue(TDG_MR_VERIFYREPORT);
}

// TDG.SERVTD.REBIND.APPROVE (leaf 33): the old MigTD approves handing `td`'s binding over to the
// MigTD that presents the same 32-byte token (migtd.md §1.1: RCX old binding handle, token bytes
// 0..8 RDX, 8..16 R8, 16..24 R9, 24..32 R14, R10..R13 target UUID). Registers cleared after.
export function servtdRebindApprove(td: TargetTd, token: Uint8Array): u64 {
  if (token.length != 32) return STATUS_PLATFORM_UNAVAILABLE;
  regsClear();
  setTarget(td);
  regSet(RDX, load<u64>(token.dataStart));
  regSet(R8, load<u64>(token.dataStart + 8));
  regSet(R9, load<u64>(token.dataStart + 16));
  regSet(R14, load<u64>(token.dataStart + 24));
  const status = issue(TDG_SERVTD_REBIND_APPROVE);
  regsClear();
  return status;
}
