// TDG.VP.VMCALL<MigTD> (R11 = 0x10006), composed through the `vmcall` import like every other
// GHCI call (migtd.md §1.2 register table). Outputs are VMM-controlled: only the statuses are used.
import { vmcall, ABI_OK } from "../../abi";
import { RAX, RBX, RCX, RDI, R10, R11, R12, R13, R14, R15, regsClear, regSet, regGet, regsPtr } from "../../tdx/regs";
import { STATUS_PLATFORM_UNAVAILABLE } from "../../tdx/leaves";
import { VmcallResult } from "../../tdx/vmcall";
import {
  VMCALL_MIGTD, RAW_API_VERSION, VMCALL_EXPOSE_EXTENDED, FN_WAIT_FOR_REQUEST, FN_REPORT_STATUS, FN_SEND, FN_RECEIVE,
} from "./wire";

function call(fn: u64, r13: u64, r14: u64, r15: u64, rbx: u64, rdi: u64): VmcallResult {
  regsClear();
  regSet(RCX, VMCALL_EXPOSE_EXTENDED);
  regSet(R10, 0);
  regSet(R11, VMCALL_MIGTD);
  regSet(R12, fn | (RAW_API_VERSION << 16));
  regSet(R13, r13);
  regSet(R14, r14);
  regSet(R15, r15);
  regSet(RBX, rbx);
  regSet(RDI, rdi);
  if (vmcall(regsPtr()) != ABI_OK) return new VmcallResult(STATUS_PLATFORM_UNAVAILABLE, 0, 0);
  const r = new VmcallResult(regGet(RAX), regGet(R10), regGet(R11));
  regsClear();
  return r;
}

// R13 = buffer length, R14 = buffer GPA, R15 = notify vector.
export function rawWaitForRequest(gpa: u64, len: u64, vector: u64): VmcallResult {
  return call(FN_WAIT_FOR_REQUEST, len, gpa, vector, 0, 0);
}

// R13 = request id, R14 = status word, R15 = buffer length, RBX = buffer GPA, RDI = vector.
export function rawReportStatus(requestId: u64, status: u64, gpa: u64, len: u64, vector: u64): VmcallResult {
  return call(FN_REPORT_STATUS, requestId, status, len, gpa, vector);
}

// R13 = request id, R14 = buffer length, R15 = buffer GPA, RBX = vector.
export function rawSend(requestId: u64, gpa: u64, len: u64, vector: u64): VmcallResult {
  return call(FN_SEND, requestId, len, gpa, vector, 0);
}

export function rawReceive(requestId: u64, gpa: u64, len: u64, vector: u64): VmcallResult {
  return call(FN_RECEIVE, requestId, len, gpa, vector, 0);
}
