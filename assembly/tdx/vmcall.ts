// TDG.VP.VMCALL wrappers (GHCI sub-functions MigTD uses; tdx-abi.md §4.2-4.3, migtd.md §1.2).
// Outputs come from the VMM and are untrusted: callers only test the GHCI status.
import { vmcall, ABI_OK } from "../abi";
import { RAX, RCX, R10, R11, R12, R13, R14, R15, regsClear, regSet, regGet, regsPtr } from "./regs";
import {
  VMCALL_EXPOSE_R10_R15, VMCALL_GET_QUOTE, VMCALL_SETUP_EVENT_NOTIFY, VMCALL_SERVICE, VMCALL_MAP_GPA,
  STATUS_PLATFORM_UNAVAILABLE, TDX_SUCCESS, GHCI_SUCCESS,
} from "./leaves";

export class VmcallResult {
  constructor(public tdxStatus: u64, public ghciStatus: u64, public r11: u64) {}
  get ok(): bool { return this.tdxStatus == TDX_SUCCESS && this.ghciStatus == GHCI_SUCCESS; }
}

function call(sub: u64, r12: u64, r13: u64, r14: u64, r15: u64): VmcallResult {
  regsClear();
  regSet(RCX, VMCALL_EXPOSE_R10_R15);
  regSet(R10, 0);
  regSet(R11, sub);
  regSet(R12, r12);
  regSet(R13, r13);
  regSet(R14, r14);
  regSet(R15, r15);
  if (vmcall(regsPtr()) != ABI_OK) return new VmcallResult(STATUS_PLATFORM_UNAVAILABLE, 0, 0);
  const result = new VmcallResult(regGet(RAX), regGet(R10), regGet(R11));
  regsClear(); // exposed registers hold VMM-controlled values (tdx-abi.md §4.2)
  return result;
}

// GetQuote (0x10002): shared GPA (with the shared bit) and size of the GHCI quote buffer.
export function getQuote(sharedGpa: u64, size: u64): VmcallResult {
  return call(VMCALL_GET_QUOTE, sharedGpa, size, 0, 0);
}

// SetupEventNotifyInterrupt (0x10004): vector 32..255.
export function setupEventNotifyInterrupt(vector: u64): VmcallResult {
  return call(VMCALL_SETUP_EVENT_NOTIFY, vector, 0, 0, 0);
}

// Service (0x10005): command and response shared GPAs, notify vector (0 = none), timeout.
export function service(cmdGpa: u64, rspGpa: u64, vector: u64, timeout: u64): VmcallResult {
  return call(VMCALL_SERVICE, cmdGpa, rspGpa, vector, timeout);
}

// MapGPA (0x10001): convert [gpa, gpa+len) to shared (shared bit set) or private.
export function mapGpa(gpa: u64, len: u64): VmcallResult {
  return call(VMCALL_MAP_GPA, gpa, len, 0, 0);
}
