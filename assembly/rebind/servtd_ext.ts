// SERVTD_EXT (migtd.md §3.7): what the TDX module keeps about a user TD's service-TD binding, as
// the old MigTD reads it with TDG.SERVTD.RD and carries it in its rebinding certificate (§2.4
// …1.6), and the hashes the rebinding compares it with (§2.9, §3.6, §4):
//   init_servtd_info_hash[48] @0, init_attr[8] @48, reserved[8] @56, init_cpusvn[16] @64,
//   init_tee_tcb_svn[16] @80, init_tee_model[12] @96, reserved[4] @108,
//   cur_servtd_info_hash[48] @112, cur_servtd_attr[8] @160, reserved[104] @168.
import { sha384 } from "../crypto/sha512";
import { TDINFO_SIZE, TI_SERVTD_HASH } from "../tdx/report";

export const SERVTD_EXT_SIZE: i32 = 272;
export const SE_INIT_SERVTD_INFO_HASH: i32 = 0;
export const SE_INIT_ATTR: i32 = 48;
export const SE_INIT_CPUSVN: i32 = 64;
export const SE_INIT_TEE_TCB_SVN: i32 = 80;
export const SE_INIT_TEE_MODEL: i32 = 96;
export const SE_CUR_SERVTD_INFO_HASH: i32 = 112;
export const SE_CUR_SERVTD_ATTR: i32 = 160;
export const HASH_SIZE: i32 = 48;

export function extAttr(ext: Uint8Array, off: i32): u64 {
  return load<u64>(ext.dataStart + <usize>off);
}

// SHA-384 of SERVTD_EXT with its cur_* fields zeroed: what the new MigTD writes to
// SERVTD_ACCEPT_SERVTD_EXT_HASH (§2.9), so the module can tell the binding it accepts is the one
// the old MigTD described, whoever is bound to it now.
export function acceptExtHash(ext: Uint8Array): Uint8Array {
  const b = ext.slice(0, SERVTD_EXT_SIZE);
  b.fill(0, SE_CUR_SERVTD_INFO_HASH, SE_CUR_SERVTD_ATTR + 8);
  return sha384(b);
}

// SERVTD_ATTR IGNORE bits 32..41 select the TDINFO fields left out of SERVTD_INFO_HASH (§4), in
// TDINFO order: ATTRIBUTES, XFAM, MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG, RTMR0..3.
const FIELD_OFFSETS: i32[] = [0, 8, 16, 64, 112, 160, 208, 256, 304, 352];
const FIELD_SIZES: i32[] = [8, 8, 48, 48, 48, 48, 48, 48, 48, 48];

// SERVTD_INFO_HASH of a TDINFO_STRUCT under a SERVTD_ATTR (§4): SHA-384 of the 512 bytes with
// the servtd_hash slot and reserved bytes zero and the IGNORE-selected fields zeroed.
export function servtdInfoHash(tdInfo: Uint8Array, attr: u64): Uint8Array {
  const b = tdInfo.slice(0, TDINFO_SIZE);
  b.fill(0, TI_SERVTD_HASH, TDINFO_SIZE);
  for (let i = 0; i < FIELD_OFFSETS.length; i++) {
    if (((attr >> (32 + <u64>i)) & 1) != 0) b.fill(0, FIELD_OFFSETS[i], FIELD_OFFSETS[i] + FIELD_SIZES[i]);
  }
  return sha384(b);
}
