// TDCALL leaf numbers and completion status values (spec tdx-abi.md §4.1, migtd.md §1.1) and
// TDG.VP.VMCALL sub-functions and GHCI status values (tdx-abi.md §4.2-4.3, migtd.md §1.2).
export const TDG_VP_VMCALL: u64 = 0;
export const TDG_VP_INFO: u64 = 1;
export const TDG_MR_RTMR_EXTEND: u64 = 2;
export const TDG_MR_REPORT: u64 = 4;
export const TDG_VM_RD: u64 = 7;
export const TDG_VM_WR: u64 = 8;
export const TDG_SYS_RD: u64 = 11;
export const TDG_SERVTD_RD: u64 = 18;
export const TDG_SERVTD_WR: u64 = 20;
export const TDG_MR_VERIFYREPORT: u64 = 22; // V2 rebinding: a peer's REPORTMACSTRUCT (migtd.md §1.1)
export const TDG_SERVTD_REBIND_APPROVE: u64 = 33; // V2 rebinding, old MigTD (migtd.md §1.1)

// TDCALL completion status (RAX out): 0 success; bit 63 error; class in bits 63:32.
export const TDX_SUCCESS: u64 = 0;
export const TDX_OPERAND_BUSY: u64 = 0x8000_0200_0000_0000;
export const TDX_OPERAND_INVALID: u64 = 0xC000_0100_0000_0000;
export const TDX_STATUS_CLASS_MASK: u64 = 0xFFFF_FFFF_0000_0000;

// TDG.VP.VMCALL sub-functions (R11, with R10 = 0).
export const VMCALL_MAP_GPA: u64 = 0x10001;
export const VMCALL_GET_QUOTE: u64 = 0x10002;
export const VMCALL_SETUP_EVENT_NOTIFY: u64 = 0x10004;
export const VMCALL_SERVICE: u64 = 0x10005;

// GHCI status in R10.
export const GHCI_SUCCESS: u64 = 0;
export const GHCI_RETRY: u64 = 1;
export const GHCI_INVALID_OPERAND: u64 = 0x8000_0000_0000_0000;
export const GHCI_GPA_INUSE: u64 = 0x8000_0000_0000_0001;
export const GHCI_ALIGN_ERROR: u64 = 0x8000_0000_0000_0002;

// Register-expose bitmap for normal calls: R10..R15 (tdx-abi.md §4.2). RBP is never exposed.
export const VMCALL_EXPOSE_R10_R15: u64 = 0xFC00;

// Notify vectors registered by MigTD (migtd.md §1.2).
export const VECTOR_SERVICE: u64 = 0x50;
export const VECTOR_QUOTE: u64 = 0x51;
export const VECTOR_CHANNEL: u64 = 0x52;

// A status the core gives a call it could not issue at all (the import refused or the platform is
// unreachable). Distinct from every TDX status: class 0xFFFF_FFFF is not used by the module.
export const STATUS_PLATFORM_UNAVAILABLE: u64 = 0xFFFF_FFFF_0000_0001;
