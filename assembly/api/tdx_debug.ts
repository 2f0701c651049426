// Debug-build exports that drive each TDCALL/VMCALL wrapper directly, so tests can check every
// wrapper against the simulator. Results: returnBytes of u64 words [status, values...].
import { returnBytes, bytesIn } from "./memory";
import {
  vpInfo, mrReport, rtmrExtend, servtdRead, servtdWrite, servtdReadElements, sysRead, vmRead, TargetTd,
} from "../tdx/tdcall";
import { getQuote, setupEventNotifyInterrupt, mapGpa, service } from "../tdx/vmcall";
import { shared_alloc, shared_gpa, shared_free, shared_write } from "../abi";

function words(values: u64[]): usize {
  const out = new Uint8Array(values.length * 8);
  for (let i = 0; i < values.length; i++) store<u64>(out.dataStart + 8 * <usize>i, values[i]);
  return returnBytes(out);
}

function target(handle: u64, uuidPtr: usize): TargetTd {
  const uuid = new StaticArray<u64>(4);
  for (let i = 0; i < 4; i++) uuid[i] = load<u64>(uuidPtr + 8 * <usize>i);
  return new TargetTd(handle, uuid);
}

export function dbg_vp_info(): usize {
  const v = vpInfo();
  return words([v.status, <u64>v.gpaw, v.attributes, <u64>v.numVcpus, <u64>v.maxVcpus, <u64>v.vcpuIndex, v.sharedBit]);
}

export function dbg_mr_report(reportDataPtr: usize): usize {
  const r = mrReport(bytesIn(reportDataPtr, 64));
  const out = new Uint8Array(8 + r.bytes.length);
  store<u64>(out.dataStart, r.status);
  out.set(r.bytes, 8);
  return returnBytes(out);
}

export function dbg_rtmr_extend(index: u32, digestPtr: usize, digestLen: u32): u64 {
  return rtmrExtend(index, bytesIn(digestPtr, digestLen));
}

export function dbg_servtd_read(handle: u64, uuidPtr: usize, field: u64): usize {
  const r = servtdRead(target(handle, uuidPtr), field);
  return words([r.status, r.value]);
}

export function dbg_servtd_write(handle: u64, uuidPtr: usize, field: u64, value: u64): usize {
  const r = servtdWrite(target(handle, uuidPtr), field, value);
  return words([r.status, r.value]);
}

export function dbg_servtd_read_elements(handle: u64, uuidPtr: usize, base: u64, count: i32): usize {
  const r = servtdReadElements(target(handle, uuidPtr), base, count);
  const w: u64[] = [r.status];
  for (let i = 0; i < count; i++) w.push(r.values[i]);
  return words(w);
}

export function dbg_sys_read(field: u64): usize {
  const r = sysRead(field);
  return words([r.status, r.value]);
}

export function dbg_vm_read(field: u64): usize {
  const r = vmRead(field);
  return words([r.status, r.value]);
}

// GetQuote on a fresh shared buffer of `pages` pages whose GHCI header carries `version`
// (1 is valid, tdx-abi.md §4.6); returns [tdx, ghci, gpa].
export function dbg_get_quote(pages: u32, version: u64): usize {
  const h = shared_alloc(pages);
  if (h < 0) return words([0xffff_ffff_ffff_ffff, 0, 0]);
  const header = new Uint8Array(24);
  store<u64>(header.dataStart, version);
  shared_write(h, 0, header.dataStart, 24);
  const gpa = <u64>shared_gpa(h);
  const r = getQuote(gpa, <u64>pages * 4096);
  shared_free(h);
  return words([r.tdxStatus, r.ghciStatus, gpa]);
}

export function dbg_setup_notify(vector: u64): usize {
  const r = setupEventNotifyInterrupt(vector);
  return words([r.tdxStatus, r.ghciStatus]);
}

export function dbg_map_gpa(gpa: u64, len: u64): usize {
  const r = mapGpa(gpa, len);
  return words([r.tdxStatus, r.ghciStatus, r.r11]);
}

export function dbg_service_raw(cmdGpa: u64, rspGpa: u64, vector: u64): usize {
  const r = service(cmdGpa, rspGpa, vector, 0);
  return words([r.tdxStatus, r.ghciStatus]);
}
