// Generated from shim/memory-map.json by scripts/image/gen-layout.ts: do not edit.
//
// Image (0x01000000 bytes at 0xFF000000, file offset = GPA - base):
//   +------------+------------+-----------------+
//   | 0x100000000 |            |                 |
//   |            | 0x00008000 | ResetVector     | page tables, GDT, 16/32/64-bit entry code, the 0x54-byte tail (tdx-abi.md 1.1)
//   | 0xFFFF8000 |            |                 |
//   |            | 0x00050000 | Ipl             | the shim's C code, executed in place
//   | 0xFFFA8000 |            |                 |
//   |            | 0x00001000 | Metadata        | TDX metadata GUID + TDVF descriptor (tdx-abi.md 1.2)
//   | 0xFFFA7000 |            |                 |
//   |            | 0x00001000 | TdInfo          | TD_INFO section, first page of the BFV
//   | 0xFFFA6000 |            |                 |
//   |            | 0x00EE5000 | Payload         | the runtime (flat payload image, copied to RAM at boot); in MRTD
//   | 0xFF0C1000 |            |                 |
//   |            | 0x00010000 | TempHeap        | TempMem: kept for Intel's layout; unused by this shim
//   | 0xFF0B1000 |            |                 |
//   |            | 0x00010000 | TempStack       | TempMem: shim stack on TDX until RAM is accepted
//   | 0xFF0A1000 |            |                 |
//   |            | 0x00001000 | Mailbox         | TempMem: AP mailbox (tdx-abi.md 2.3)
//   | 0xFF0A0000 |            |                 |
//   |            | 0x000A0000 | Config          | CFV: enrolled policy + root CA (migtd.md 5.2); PAGE.ADD only, not in MRTD
//   | 0xFF000000 |            |                 |
//   +------------+------------+-----------------+
//
// RAM (0x02000000 bytes, PermMem):
//   +------------+------------+-----------------+
//   | 0x02000000 |            |                 |
//   |            | 0x01000000 | Heap            | the core's linear memory and engine state (16 MiB): 1.6x the largest measured 12-session peak, 10 MiB with Intel's signed v2 policy template (2 MiB with config/policy.json); docs/firmware.md, Memory sizing
//   | 0x01000000 |            |                 |
//   |            | 0x001C0000 | SharedPool      | host-visible pages (MapGPA'd on TDX): virtio rings, bounce buffers, GHCI buffers; MigTD's size
//   | 0x00E40000 |            |                 |
//   |            | 0x00080000 | PayloadStack    | payload stack (512 KiB): holds the wasm call-depth cap (WASM_STACK_DEPTH x the largest wasm2c frame, ~392 KiB) over a measured 12-session peak of ~5.5 KiB (docs/firmware.md, Memory sizing)
//   | 0x00DC0000 |            |                 |
//   |            | 0x003C0000 | Spare           | unused: the 32 MiB a VMM gives MigTD (migtd.md 5.4) less the measured needs; below PayloadStack so an overflow lands here, not in the payload's .bss (memwatch.c paints it and reports it as stack)
//   | 0x00A00000 |            |                 |
//   |            | 0x00800000 | PayloadImage    | payload code + data + bss, copied from the Payload region
//   | 0x00200000 |            |                 |
//   |            | 0x000C0000 | PageTables      | run-time page tables built by the payload (shared bit on the pool); 4 KiB granularity over 4 GiB needs < 768 KiB with 2 MiB leaves outside RAM
//   | 0x00140000 |            |                 |
//   |            | 0x0002F000 | EventLog        | CCEL log area (tdx-abi.md 6.2); 188 KiB holds the separators and policy events with room for large policies
//   | 0x00111000 |            |                 |
//   |            | 0x00001000 | BootInfo        | boot_info handed from the shim to the payload, with the CCEL ACPI table
//   | 0x00110000 |            |                 |
//   |            | 0x00010000 | ShimStack       | shim stack in a legacy boot (the image is ROM there)
//   | 0x00100000 |            |                 |
//   |            | 0x00100000 | LowMem          | untouched: real-mode area and legacy VGA/BIOS holes
//   | 0x00000000 |            |                 |
//   +------------+------------+-----------------+
//
// TDVF sections (descriptor order):
//   0 BFV      data 0x00FA6000 raw 0x0005A000 gpa 0xFFFA6000 mem 0x0005A000 attr 1
//   1 TdInfo   data 0x00FA6000 raw 0x00001000 gpa 0x00000000 mem 0x00000000 attr 0
//   2 Payload  data 0x000C1000 raw 0x00EE5000 gpa 0xFF0C1000 mem 0x00EE5000 attr 1
//   3 CFV      data 0x00000000 raw 0x000A0000 gpa 0xFF000000 mem 0x000A0000 attr 0
//   4 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0A1000 mem 0x00010000 attr 0
//   5 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0B1000 mem 0x00010000 attr 0
//   6 PermMem  data 0x00000000 raw 0x00000000 gpa 0x00000000 mem 0x02000000 attr 2
//   7 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0A0000 mem 0x00001000 attr 0

export const LAYOUT = {
  IMAGE_BASE: 0xFF000000, // GPA of the first image byte
  IMAGE_SIZE: 0x01000000, // image size
  RAM_SIZE: 0x02000000, // RAM described by PermMem
  IMG_CONFIG_OFFSET: 0x00000000, // Config: file offset
  IMG_CONFIG_BASE: 0xFF000000, // Config: GPA
  IMG_CONFIG_SIZE: 0x000A0000, // Config: size
  IMG_MAILBOX_OFFSET: 0x000A0000, // Mailbox: file offset
  IMG_MAILBOX_BASE: 0xFF0A0000, // Mailbox: GPA
  IMG_MAILBOX_SIZE: 0x00001000, // Mailbox: size
  IMG_TEMP_STACK_OFFSET: 0x000A1000, // TempStack: file offset
  IMG_TEMP_STACK_BASE: 0xFF0A1000, // TempStack: GPA
  IMG_TEMP_STACK_SIZE: 0x00010000, // TempStack: size
  IMG_TEMP_HEAP_OFFSET: 0x000B1000, // TempHeap: file offset
  IMG_TEMP_HEAP_BASE: 0xFF0B1000, // TempHeap: GPA
  IMG_TEMP_HEAP_SIZE: 0x00010000, // TempHeap: size
  IMG_PAYLOAD_OFFSET: 0x000C1000, // Payload: file offset
  IMG_PAYLOAD_BASE: 0xFF0C1000, // Payload: GPA
  IMG_PAYLOAD_SIZE: 0x00EE5000, // Payload: size
  IMG_TD_INFO_OFFSET: 0x00FA6000, // TdInfo: file offset
  IMG_TD_INFO_BASE: 0xFFFA6000, // TdInfo: GPA
  IMG_TD_INFO_SIZE: 0x00001000, // TdInfo: size
  IMG_METADATA_OFFSET: 0x00FA7000, // Metadata: file offset
  IMG_METADATA_BASE: 0xFFFA7000, // Metadata: GPA
  IMG_METADATA_SIZE: 0x00001000, // Metadata: size
  IMG_IPL_OFFSET: 0x00FA8000, // Ipl: file offset
  IMG_IPL_BASE: 0xFFFA8000, // Ipl: GPA
  IMG_IPL_SIZE: 0x00050000, // Ipl: size
  IMG_RESET_VECTOR_OFFSET: 0x00FF8000, // ResetVector: file offset
  IMG_RESET_VECTOR_BASE: 0xFFFF8000, // ResetVector: GPA
  IMG_RESET_VECTOR_SIZE: 0x00008000, // ResetVector: size
  RAM_LOW_MEM_BASE: 0x00000000, // LowMem: GPA
  RAM_LOW_MEM_SIZE: 0x00100000, // LowMem: size
  RAM_SHIM_STACK_BASE: 0x00100000, // ShimStack: GPA
  RAM_SHIM_STACK_SIZE: 0x00010000, // ShimStack: size
  RAM_BOOT_INFO_BASE: 0x00110000, // BootInfo: GPA
  RAM_BOOT_INFO_SIZE: 0x00001000, // BootInfo: size
  RAM_EVENT_LOG_BASE: 0x00111000, // EventLog: GPA
  RAM_EVENT_LOG_SIZE: 0x0002F000, // EventLog: size
  RAM_PAGE_TABLES_BASE: 0x00140000, // PageTables: GPA
  RAM_PAGE_TABLES_SIZE: 0x000C0000, // PageTables: size
  RAM_PAYLOAD_IMAGE_BASE: 0x00200000, // PayloadImage: GPA
  RAM_PAYLOAD_IMAGE_SIZE: 0x00800000, // PayloadImage: size
  RAM_SPARE_BASE: 0x00A00000, // Spare: GPA
  RAM_SPARE_SIZE: 0x003C0000, // Spare: size
  RAM_PAYLOAD_STACK_BASE: 0x00DC0000, // PayloadStack: GPA
  RAM_PAYLOAD_STACK_SIZE: 0x00080000, // PayloadStack: size
  RAM_SHARED_POOL_BASE: 0x00E40000, // SharedPool: GPA
  RAM_SHARED_POOL_SIZE: 0x001C0000, // SharedPool: size
  RAM_HEAP_BASE: 0x01000000, // Heap: GPA
  RAM_HEAP_SIZE: 0x01000000, // Heap: size
  METADATA_DESCRIPTOR_OFFSET: 0x00FA7010, // file offset of the TDVF descriptor (u32 at image end - 0x20)
  METADATA_DESCRIPTOR_FROM_END: 0x00058FF0, // same, measured from the image end (OVMF table entry)
  BOOT_INFO_SIZE: 0x00000090, // sizeof(struct boot_info)
  BOOT_INFO_OFF_MAGIC: 0x00000000, // offset of boot_info.magic
  BOOT_INFO_OFF_FLAGS: 0x00000004, // offset of boot_info.flags
  BOOT_INFO_OFF_GPAW: 0x00000008, // offset of boot_info.gpaw
  BOOT_INFO_OFF_VCPU_INDEX: 0x0000000C, // offset of boot_info.vcpu_index
  BOOT_INFO_OFF_TD_HOB: 0x00000010, // offset of boot_info.td_hob
  BOOT_INFO_OFF_RAM_BASE: 0x00000018, // offset of boot_info.ram_base
  BOOT_INFO_OFF_RAM_SIZE: 0x00000020, // offset of boot_info.ram_size
  BOOT_INFO_OFF_EVENT_LOG: 0x00000028, // offset of boot_info.event_log
  BOOT_INFO_OFF_EVENT_LOG_SIZE: 0x00000030, // offset of boot_info.event_log_size
  BOOT_INFO_OFF_EVENT_LOG_USED: 0x00000038, // offset of boot_info.event_log_used
  BOOT_INFO_OFF_CFV_BASE: 0x00000040, // offset of boot_info.cfv_base
  BOOT_INFO_OFF_CFV_SIZE: 0x00000048, // offset of boot_info.cfv_size
  BOOT_INFO_OFF_ACCEPTED: 0x00000050, // offset of boot_info.accepted
  BOOT_INFO_OFF_CCEL: 0x00000058, // offset of boot_info.ccel
  PAYLOAD_HEADER_SIZE: 0x00000038, // sizeof(struct payload_header)
  PAYLOAD_HEADER_OFF_MAGIC: 0x00000000, // offset of payload_header.magic
  PAYLOAD_HEADER_OFF_HEADER_SIZE: 0x00000004, // offset of payload_header.header_size
  PAYLOAD_HEADER_OFF_ENTRY: 0x00000008, // offset of payload_header.entry
  PAYLOAD_HEADER_OFF_LOAD_ADDR: 0x00000010, // offset of payload_header.load_addr
  PAYLOAD_HEADER_OFF_FILE_SIZE: 0x00000018, // offset of payload_header.file_size
  PAYLOAD_HEADER_OFF_MEM_SIZE: 0x00000020, // offset of payload_header.mem_size
  PAYLOAD_HEADER_OFF_STACK_TOP: 0x00000028, // offset of payload_header.stack_top
  PAYLOAD_HEADER_OFF_RESERVED: 0x00000030, // offset of payload_header.reserved
} as const;

export const SECTIONS = [
  { type: "BFV", typeId: 0, dataOffset: 0x00FA6000, rawSize: 0x0005A000, gpa: 0xFFFA6000, memSize: 0x0005A000, attributes: 1 },
  { type: "TdInfo", typeId: 7, dataOffset: 0x00FA6000, rawSize: 0x00001000, gpa: 0x00000000, memSize: 0x00000000, attributes: 0 },
  { type: "Payload", typeId: 5, dataOffset: 0x000C1000, rawSize: 0x00EE5000, gpa: 0xFF0C1000, memSize: 0x00EE5000, attributes: 1 },
  { type: "CFV", typeId: 1, dataOffset: 0x00000000, rawSize: 0x000A0000, gpa: 0xFF000000, memSize: 0x000A0000, attributes: 0 },
  { type: "TempMem", typeId: 3, dataOffset: 0x00000000, rawSize: 0x00000000, gpa: 0xFF0A1000, memSize: 0x00010000, attributes: 0 },
  { type: "TempMem", typeId: 3, dataOffset: 0x00000000, rawSize: 0x00000000, gpa: 0xFF0B1000, memSize: 0x00010000, attributes: 0 },
  { type: "PermMem", typeId: 4, dataOffset: 0x00000000, rawSize: 0x00000000, gpa: 0x00000000, memSize: 0x02000000, attributes: 2 },
  { type: "TempMem", typeId: 3, dataOffset: 0x00000000, rawSize: 0x00000000, gpa: 0xFF0A0000, memSize: 0x00001000, attributes: 0 },
] as const;
