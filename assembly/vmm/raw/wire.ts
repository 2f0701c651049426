// Wire constants of the GHCI 1.5 MigTD host interface, `vmcall-raw` (migtd.md §1.2, §1.6): one
// VMCALL leaf carries host control (WaitForRequest, ReportStatus) and the peer byte stream (Send,
// Receive), every buffer starting with the same 12-byte header.

// TDG.VP.VMCALL<MigTD> sub-function (R11) and the leaf word in R12: bits 15:0 function, bits
// 23:16 API version 1 (§1.2).
export const VMCALL_MIGTD: u64 = 0x10006;
export const RAW_API_VERSION: u64 = 1;
export const FN_WAIT_FOR_REQUEST: u64 = 1;
export const FN_REPORT_STATUS: u64 = 2;
export const FN_SEND: u64 = 3;
export const FN_RECEIVE: u64 = 4;

// The extended register-expose bitmap MigTD uses for this leaf: RDX, RBX, RSI, RDI, R8..R15 (§1.2);
// ReportStatus, Send and Receive pass arguments in RBX and RDI.
export const VMCALL_EXPOSE_EXTENDED: u64 = 0xFFCC;

// Common buffer header (packed): data_status u64 @0, length u32 @8, payload from @12 (§1.6).
export const RAW_HEADER_SIZE: i32 = 12;
export const RAW_PAGE: i32 = 4096;
// data_status byte 0 as the VMM completes a call: 1 success; 2 with byte 1 = 3 is a cancellation.
export const DS_SUCCESS: u8 = 1;
export const DS_ERROR: u8 = 2;
export const DS_CANCELED: u8 = 3;

// At most this many payload bytes per Send (0x10000 - 12, §1.6); larger writes are chunked.
export const RAW_MAX_CHUNK: i32 = 0x10000 - RAW_HEADER_SIZE;
// Receive offers a 16-page (64 KiB) buffer (§1.6); Send uses the same size.
export const RAW_STREAM_PAGES: u32 = 16;

// WaitForRequest operations: data_status byte 1 (§1.6).
export const OP_START_MIGRATION: u8 = 1;
export const OP_START_REBINDING: u8 = 2; // policy v2 only
export const OP_GET_TD_REPORT: u8 = 3;
export const OP_ENABLE_LOG_AREA: u8 = 4;
export const OP_GET_MIGTD_DATA: u8 = 5; // policy v2 only

// WaitForRequest shared-buffer sizing: 12 + 512 + policy + event log + 1024 bytes, in pages (§1.6).
export function waitBufferPages(policyLen: i32, eventLogLen: i32): u32 {
  const bytes = RAW_HEADER_SIZE + 512 + max<i32>(0, policyLen) + max<i32>(0, eventLogLen) + 1024;
  return <u32>((bytes + RAW_PAGE - 1) / RAW_PAGE);
}

// The ReportStatus status word (§1.2): byte 0 = 0 ok / 1 failed, byte 1 = the result code.
export function statusWord(code: u8): u64 {
  return (code == 0 ? <u64>0 : <u64>1) | ((<u64>code) << 8);
}
