// TDREPORT_STRUCT layout (1024 bytes; tdx-abi.md §5.1, migtd.md §2.7): REPORTMACSTRUCT @0,
// TEE_TCB_INFO @256, TDINFO_STRUCT @512. The one place these offsets are spelled in the core.
export const TDREPORT_SIZE: i32 = 1024;

// REPORTMACSTRUCT (256 bytes).
export const REPORTMAC_OFFSET: i32 = 0;
export const REPORTMAC_SIZE: i32 = 256;
export const RM_REPORT_TYPE: i32 = 0; // u8 type (0x81 = TDX), u8 subtype, u8 version, u8 reserved
export const RM_CPUSVN: i32 = 16; // 16
export const RM_TEE_TCB_INFO_HASH: i32 = 32; // 48
export const RM_TEE_INFO_HASH: i32 = 80; // 48
export const RM_REPORTDATA: i32 = 128; // 64
export const REPORTDATA_SIZE: i32 = 64;
export const RM_MAC: i32 = 224; // 32
export const REPORT_TYPE_TDX: u8 = 0x81;

// TEE_TCB_INFO (239 bytes at 256).
export const TEE_TCB_INFO_OFFSET: i32 = 256;
export const TEE_TCB_INFO_SIZE: i32 = 239;
export const TT_VALID: i32 = 0; // 8
export const TT_TEE_TCB_SVN: i32 = 8; // 16
export const TT_MRSEAM: i32 = 24; // 48
export const TT_MRSIGNERSEAM: i32 = 72; // 48
export const TT_ATTRIBUTES: i32 = 120; // 8
export const TT_TEE_TCB_SVN2: i32 = 128; // 16 (TDX 1.5)

// TDINFO_STRUCT (512 bytes at 512).
export const TDINFO_OFFSET: i32 = 512;
export const TDINFO_SIZE: i32 = 512;
export const TI_ATTRIBUTES: i32 = 0; // 8
export const TI_XFAM: i32 = 8; // 8
export const TI_MRTD: i32 = 16; // 48
export const TI_MRCONFIGID: i32 = 64; // 48
export const TI_MROWNER: i32 = 112; // 48
export const TI_MROWNERCONFIG: i32 = 160; // 48
export const TI_RTMR0: i32 = 208; // 4 x 48
export const TI_SERVTD_HASH: i32 = 400; // 48 (TDX 1.5; reserved in 1.0)
export const MEASUREMENT_SIZE: i32 = 48;

// Typed view over a 1024-byte report (copies out; the report stays untouched).
export class TdReportView {
  constructor(public bytes: Uint8Array) {}

  static of(bytes: Uint8Array): TdReportView | null {
    return bytes.length == TDREPORT_SIZE ? new TdReportView(bytes) : null;
  }

  private field(off: i32, len: i32): Uint8Array { return this.bytes.slice(off, off + len); }

  get reportType(): u8 { return this.bytes[RM_REPORT_TYPE]; }
  get reportSubtype(): u8 { return this.bytes[RM_REPORT_TYPE + 1]; }
  get reportVersion(): u8 { return this.bytes[RM_REPORT_TYPE + 2]; }
  get cpuSvn(): Uint8Array { return this.field(RM_CPUSVN, 16); }
  get teeTcbInfoHash(): Uint8Array { return this.field(RM_TEE_TCB_INFO_HASH, 48); }
  get teeInfoHash(): Uint8Array { return this.field(RM_TEE_INFO_HASH, 48); }
  get reportData(): Uint8Array { return this.field(RM_REPORTDATA, REPORTDATA_SIZE); }
  get mac(): Uint8Array { return this.field(RM_MAC, 32); }
  get reportMacStruct(): Uint8Array { return this.field(REPORTMAC_OFFSET, REPORTMAC_SIZE); }
  get teeTcbInfo(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET, TEE_TCB_INFO_SIZE); }
  get teeTcbInfoValid(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_VALID, 8); }
  get teeTcbSvn(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_TEE_TCB_SVN, 16); }
  get mrSeam(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_MRSEAM, 48); }
  get mrSignerSeam(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_MRSIGNERSEAM, 48); }
  get seamAttributes(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_ATTRIBUTES, 8); }
  get teeTcbSvn2(): Uint8Array { return this.field(TEE_TCB_INFO_OFFSET + TT_TEE_TCB_SVN2, 16); }
  get tdInfo(): Uint8Array { return this.field(TDINFO_OFFSET, TDINFO_SIZE); }
  get attributes(): u64 { return load<u64>(this.bytes.dataStart + TDINFO_OFFSET + TI_ATTRIBUTES); }
  get xfam(): u64 { return load<u64>(this.bytes.dataStart + TDINFO_OFFSET + TI_XFAM); }
  get attributesBytes(): Uint8Array { return this.field(TDINFO_OFFSET + TI_ATTRIBUTES, 8); }
  get xfamBytes(): Uint8Array { return this.field(TDINFO_OFFSET + TI_XFAM, 8); }
  get mrTd(): Uint8Array { return this.field(TDINFO_OFFSET + TI_MRTD, 48); }
  get mrConfigId(): Uint8Array { return this.field(TDINFO_OFFSET + TI_MRCONFIGID, 48); }
  get mrOwner(): Uint8Array { return this.field(TDINFO_OFFSET + TI_MROWNER, 48); }
  get mrOwnerConfig(): Uint8Array { return this.field(TDINFO_OFFSET + TI_MROWNERCONFIG, 48); }
  rtmr(i: i32): Uint8Array { return this.field(TDINFO_OFFSET + TI_RTMR0 + 48 * (i & 3), 48); }
  get servtdHash(): Uint8Array { return this.field(TDINFO_OFFSET + TI_SERVTD_HASH, 48); }
}
