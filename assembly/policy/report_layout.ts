// Verified-report layout ("supplemental data", 822 bytes packed; spec migtd.md §2.6): what the
// quote verifier hands the policy engine. The one place these offsets are spelled in the core;
// attest/verified_report.ts writes the structure and policy/report.ts reads it.
export const VERIFIED_REPORT_SIZE: i32 = 822;

// From the quote body.
export const VR_TEE_TCB_SVN: i32 = 0; // 16
export const VR_MRSEAM: i32 = 16; // 48
export const VR_MRSIGNERSEAM: i32 = 64; // 48
export const VR_SEAM_ATTRIBUTES: i32 = 112; // 8
export const VR_TD_ATTRIBUTES: i32 = 120; // 8
export const VR_XFAM: i32 = 128; // 8
export const VR_MRTD: i32 = 136; // 48
export const VR_MRCONFIGID: i32 = 184; // 48
export const VR_MROWNER: i32 = 232; // 48
export const VR_MROWNERCONFIG: i32 = 280; // 48
export const VR_RTMR0: i32 = 328; // 4 x 48
export const VR_REPORTDATA: i32 = 520; // 64
export const VR_MEASUREMENT_SIZE: i32 = 48;

// Platform (PCK certificate) and TDX module.
export const VR_FMSPC: i32 = 584; // 6
export const VR_TDX_TCB_COMPONENTS: i32 = 590; // 16
export const VR_PCE_SVN: i32 = 606; // u16
export const VR_SGX_TCB_COMPONENTS: i32 = 608; // 16
export const VR_TDX_MODULE_MAJOR: i32 = 624; // 1
export const VR_TDX_MODULE_SVN: i32 = 625; // 1

// Quoting enclave.
export const VR_QE_MISCSELECT: i32 = 626; // u32 (masked)
export const VR_QE_MISCSELECT_MASK: i32 = 630; // u32
export const VR_QE_ATTRIBUTES: i32 = 634; // 16 (masked)
export const VR_QE_ATTRIBUTES_MASK: i32 = 650; // 16
export const VR_QE_MRENCLAVE: i32 = 666; // 32
export const VR_QE_MRSIGNER: i32 = 698; // 32
export const VR_QE_ISVPRODID: i32 = 730; // u16
export const VR_QE_ISVSVN: i32 = 732; // u16

// TCB evaluation (zero when no collateral was given).
export const VR_TCB_DATE: i32 = 734; // u64 Unix seconds
export const VR_TCB_STATUS: i32 = 742; // 32, NUL-terminated ASCII
export const VR_PLATFORM_TCB_DATE: i32 = 774; // u64
export const VR_QE_TCB_DATE: i32 = 782; // u64
export const VR_QE_TCB_STATUS: i32 = 790; // 32, NUL-terminated ASCII
export const VR_STATUS_SIZE: i32 = 32;
