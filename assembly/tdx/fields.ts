// TDX metadata field identifiers used by MigTD (spec migtd.md §1.1). Bits 33:32 give the element
// size (1 = 16-bit, 2 = 32-bit, 3 = 64-bit); a multi-element field is accessed element by element
// at base + i. One table: nothing else in the core spells these numbers.
export const FIELD_MIG_DEC_KEY: u64 = 0x9810_0003_0000_0010; // 4 x u64, SERVTD.WR
export const FIELD_MIG_ENC_KEY: u64 = 0x9810_0003_0000_0018; // 4 x u64, SERVTD.RD
export const FIELD_MIG_VERSION: u64 = 0x9810_0001_0000_0020; // u16, SERVTD.WR
export const FIELD_MIN_EXPORT_VERSION: u64 = 0x2000_0001_0000_0001; // SYS.RD
export const FIELD_MAX_EXPORT_VERSION: u64 = 0x2000_0001_0000_0002;
export const FIELD_MIN_IMPORT_VERSION: u64 = 0x2000_0001_0000_0003;
export const FIELD_MAX_IMPORT_VERSION: u64 = 0x2000_0001_0000_0004;
export const FIELD_SERVTD_INIT_SERVTD_INFO_HASH: u64 = 0x1910_0003_0000_020E; // 6 x u64
export const FIELD_SERVTD_INIT_ATTR: u64 = 0x1910_0003_0000_020D;
export const FIELD_INIT_CPUSVN: u64 = 0x1110_0003_0000_0060; // 2 x u64
export const FIELD_INIT_TEE_TCB_SVN: u64 = 0x1110_0003_0000_0062; // 2 x u64
export const FIELD_INIT_TEE_MODEL: u64 = 0x1110_0002_0000_0064; // 3 x u32
export const FIELD_SERVTD_INFO_HASH: u64 = 0x1910_0003_0000_0207; // 6 x u64
export const FIELD_SERVTD_ATTR: u64 = 0x1910_0003_0000_0202;
export const FIELD_SERVTD_ACCEPT_SERVTD_EXT_HASH: u64 = 0x1910_0003_0000_0214; // 6 x u64, VM.WR
export const FIELD_SERVTD_REBIND_ACCEPT_TOKEN: u64 = 0x1910_0003_0000_021E; // 4 x u64, VM.WR
export const FIELD_SERVTD_REBIND_ATTR: u64 = 0x1910_0003_0000_0222; // VM.WR

// MigTD requires the binding's SERVTD_ATTR to equal this before any SERVTD.WR (migtd.md §1.1).
export const EXPECTED_SERVTD_ATTR: u64 = 0;

// Element width in bytes from bits 33:32 of a field id (1 -> 2, 2 -> 4, 3 -> 8; 0 -> 1).
export function fieldElementBytes(field: u64): i32 {
  return 1 << <i32>((field >> 32) & 3);
}
