// The import ABI: every function the core takes from its runtime. Documented once in docs/abi.md;
// mirrored by runtime-c/include/migtd_abi.h and scripts/host/imports.ts (test/abi.test.ts checks
// the three agree). Nothing else in assembly/ declares an import.

// Status values returned by imports for expected failures (docs/abi.md).
export const ABI_OK: i32 = 0;
export const ABI_ERR_UNAVAILABLE: i32 = -1;
export const ABI_ERR_NO_RESOURCE: i32 = -2;
export const ABI_ERR_CLOSED: i32 = -3;
export const ABI_ERR_BAD_HANDLE: i32 = -4;
export const ABI_ERR_UNSUPPORTED: i32 = -5;
export const ABI_ERR_ALIGN: i32 = -6;
export const ABI_ERR_RANGE: i32 = -7;

// Event bits for wait_event / migtd_poll.
export const EV_SERVICE: u32 = 1 << 0; // notify vector 0x50
export const EV_QUOTE: u32 = 1 << 1; // notify vector 0x51
export const EV_CHANNEL: u32 = 1 << 2; // notify vector 0x52

// Channel kinds for chan_open.
export const CHAN_VSOCK: u32 = 1;
export const CHAN_SERIAL: u32 = 2;
export const CHAN_STREAM: u32 = 3;

// Log levels (migtd.md §1.6).
export const LOG_ERROR: u32 = 1;
export const LOG_WARN: u32 = 2;
export const LOG_INFO: u32 = 3;
export const LOG_DEBUG: u32 = 4;
export const LOG_TRACE: u32 = 5;

export const PERSIST_MAX: u32 = 4096;

// Items of the enrolled configuration for config_read (docs/abi.md "Configuration").
export const CONFIG_POLICY: u32 = 1;
export const CONFIG_ROOT_CA: u32 = 2;
export const CONFIG_EVENT_LOG: u32 = 3;

// @ts-ignore: decorator
@external("migtd", "tdcall")
export declare function tdcall(regs: usize): i32;
// @ts-ignore: decorator
@external("migtd", "vmcall")
export declare function vmcall(regs: usize): i32;
// @ts-ignore: decorator
@external("migtd", "gpa_of")
export declare function gpa_of(ptr: usize, len: u32, align: u32): i64;

// @ts-ignore: decorator
@external("migtd", "shared_alloc")
export declare function shared_alloc(pages: u32): i32;
// @ts-ignore: decorator
@external("migtd", "shared_gpa")
export declare function shared_gpa(h: i32): i64;
// @ts-ignore: decorator
@external("migtd", "shared_write")
export declare function shared_write(h: i32, off: u32, src: usize, len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "shared_read")
export declare function shared_read(h: i32, off: u32, dst: usize, len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "shared_free")
export declare function shared_free(h: i32): void;

// @ts-ignore: decorator
@external("migtd", "wait_event")
export declare function wait_event(mask: u32, timeout_ms: u32): u32;
// @ts-ignore: decorator
@external("migtd", "now_ms")
export declare function now_ms(): i64;
// @ts-ignore: decorator
@external("migtd", "random")
export declare function random(dst: usize, len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "log")
export declare function log(level: u32, ptr: usize, len: u32): void;

// @ts-ignore: decorator
@external("migtd", "chan_open")
export declare function chan_open(kind: u32, addr: usize, addr_len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "chan_send")
export declare function chan_send(h: i32, src: usize, len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "chan_recv")
export declare function chan_recv(h: i32, dst: usize, cap: u32): i32;
// @ts-ignore: decorator
@external("migtd", "chan_close")
export declare function chan_close(h: i32): void;

// @ts-ignore: decorator
@external("migtd", "persist_write")
export declare function persist_write(src: usize, len: u32): i32;
// @ts-ignore: decorator
@external("migtd", "persist_read")
export declare function persist_read(dst: usize, cap: u32): i32;

// @ts-ignore: decorator
@external("migtd", "config_read")
export declare function config_read(kind: u32, dst: usize, cap: u32): i32;
