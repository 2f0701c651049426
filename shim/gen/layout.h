/*
 * Generated from shim/memory-map.json by scripts/image/gen-layout.ts: do not edit.
 *
 * Image (0x01000000 bytes at 0xFF000000, file offset = GPA - base):
 *   +------------+------------+-----------------+
 *   | 0x100000000 |            |                 |
 *   |            | 0x00008000 | ResetVector     | page tables, GDT, 16/32/64-bit entry code, the 0x54-byte tail (tdx-abi.md 1.1)
 *   | 0xFFFF8000 |            |                 |
 *   |            | 0x00050000 | Ipl             | the shim's C code, executed in place
 *   | 0xFFFA8000 |            |                 |
 *   |            | 0x00001000 | Metadata        | TDX metadata GUID + TDVF descriptor (tdx-abi.md 1.2)
 *   | 0xFFFA7000 |            |                 |
 *   |            | 0x00001000 | TdInfo          | TD_INFO section, first page of the BFV
 *   | 0xFFFA6000 |            |                 |
 *   |            | 0x00EE5000 | Payload         | the runtime (flat payload image, copied to RAM at boot); in MRTD
 *   | 0xFF0C1000 |            |                 |
 *   |            | 0x00010000 | TempHeap        | TempMem: kept for Intel's layout; unused by this shim
 *   | 0xFF0B1000 |            |                 |
 *   |            | 0x00010000 | TempStack       | TempMem: shim stack on TDX until RAM is accepted
 *   | 0xFF0A1000 |            |                 |
 *   |            | 0x00001000 | Mailbox         | TempMem: AP mailbox (tdx-abi.md 2.3)
 *   | 0xFF0A0000 |            |                 |
 *   |            | 0x000A0000 | Config          | CFV: enrolled policy + root CA (migtd.md 5.2); PAGE.ADD only, not in MRTD
 *   | 0xFF000000 |            |                 |
 *   +------------+------------+-----------------+
 *
 * RAM (0x02000000 bytes, PermMem):
 *   +------------+------------+-----------------+
 *   | 0x02000000 |            |                 |
 *   |            | 0x01000000 | Heap            | the core's linear memory and engine state (16 MiB): 1.6x the largest measured 12-session peak, 10 MiB with Intel's signed v2 policy template (2 MiB with config/policy.json); docs/firmware.md, Memory sizing
 *   | 0x01000000 |            |                 |
 *   |            | 0x001C0000 | SharedPool      | host-visible pages (MapGPA'd on TDX): virtio rings, bounce buffers, GHCI buffers; MigTD's size
 *   | 0x00E40000 |            |                 |
 *   |            | 0x00080000 | PayloadStack    | payload stack (512 KiB): holds the wasm call-depth cap (WASM_STACK_DEPTH x the largest wasm2c frame, ~392 KiB) over a measured 12-session peak of ~5.5 KiB (docs/firmware.md, Memory sizing)
 *   | 0x00DC0000 |            |                 |
 *   |            | 0x003C0000 | Spare           | unused: the 32 MiB a VMM gives MigTD (migtd.md 5.4) less the measured needs; below PayloadStack so an overflow lands here, not in the payload's .bss (memwatch.c paints it and reports it as stack)
 *   | 0x00A00000 |            |                 |
 *   |            | 0x00800000 | PayloadImage    | payload code + data + bss, copied from the Payload region
 *   | 0x00200000 |            |                 |
 *   |            | 0x000C0000 | PageTables      | run-time page tables built by the payload (shared bit on the pool); 4 KiB granularity over 4 GiB needs < 768 KiB with 2 MiB leaves outside RAM
 *   | 0x00140000 |            |                 |
 *   |            | 0x0002F000 | EventLog        | CCEL log area (tdx-abi.md 6.2); 188 KiB holds the separators and policy events with room for large policies
 *   | 0x00111000 |            |                 |
 *   |            | 0x00001000 | BootInfo        | boot_info handed from the shim to the payload, with the CCEL ACPI table
 *   | 0x00110000 |            |                 |
 *   |            | 0x00010000 | ShimStack       | shim stack in a legacy boot (the image is ROM there)
 *   | 0x00100000 |            |                 |
 *   |            | 0x00100000 | LowMem          | untouched: real-mode area and legacy VGA/BIOS holes
 *   | 0x00000000 |            |                 |
 *   +------------+------------+-----------------+
 *
 * TDVF sections (descriptor order):
 *   0 BFV      data 0x00FA6000 raw 0x0005A000 gpa 0xFFFA6000 mem 0x0005A000 attr 1
 *   1 TdInfo   data 0x00FA6000 raw 0x00001000 gpa 0x00000000 mem 0x00000000 attr 0
 *   2 Payload  data 0x000C1000 raw 0x00EE5000 gpa 0xFF0C1000 mem 0x00EE5000 attr 1
 *   3 CFV      data 0x00000000 raw 0x000A0000 gpa 0xFF000000 mem 0x000A0000 attr 0
 *   4 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0A1000 mem 0x00010000 attr 0
 *   5 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0B1000 mem 0x00010000 attr 0
 *   6 PermMem  data 0x00000000 raw 0x00000000 gpa 0x00000000 mem 0x02000000 attr 2
 *   7 TempMem  data 0x00000000 raw 0x00000000 gpa 0xFF0A0000 mem 0x00001000 attr 0
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdint.h>

#define IMAGE_BASE                         0xFF000000ull /* GPA of the first image byte */
#define IMAGE_SIZE                         0x01000000ull /* image size */
#define RAM_SIZE                           0x02000000ull /* RAM described by PermMem */
#define IMG_CONFIG_OFFSET                  0x00000000ull /* Config: file offset */
#define IMG_CONFIG_BASE                    0xFF000000ull /* Config: GPA */
#define IMG_CONFIG_SIZE                    0x000A0000ull /* Config: size */
#define IMG_MAILBOX_OFFSET                 0x000A0000ull /* Mailbox: file offset */
#define IMG_MAILBOX_BASE                   0xFF0A0000ull /* Mailbox: GPA */
#define IMG_MAILBOX_SIZE                   0x00001000ull /* Mailbox: size */
#define IMG_TEMP_STACK_OFFSET              0x000A1000ull /* TempStack: file offset */
#define IMG_TEMP_STACK_BASE                0xFF0A1000ull /* TempStack: GPA */
#define IMG_TEMP_STACK_SIZE                0x00010000ull /* TempStack: size */
#define IMG_TEMP_HEAP_OFFSET               0x000B1000ull /* TempHeap: file offset */
#define IMG_TEMP_HEAP_BASE                 0xFF0B1000ull /* TempHeap: GPA */
#define IMG_TEMP_HEAP_SIZE                 0x00010000ull /* TempHeap: size */
#define IMG_PAYLOAD_OFFSET                 0x000C1000ull /* Payload: file offset */
#define IMG_PAYLOAD_BASE                   0xFF0C1000ull /* Payload: GPA */
#define IMG_PAYLOAD_SIZE                   0x00EE5000ull /* Payload: size */
#define IMG_TD_INFO_OFFSET                 0x00FA6000ull /* TdInfo: file offset */
#define IMG_TD_INFO_BASE                   0xFFFA6000ull /* TdInfo: GPA */
#define IMG_TD_INFO_SIZE                   0x00001000ull /* TdInfo: size */
#define IMG_METADATA_OFFSET                0x00FA7000ull /* Metadata: file offset */
#define IMG_METADATA_BASE                  0xFFFA7000ull /* Metadata: GPA */
#define IMG_METADATA_SIZE                  0x00001000ull /* Metadata: size */
#define IMG_IPL_OFFSET                     0x00FA8000ull /* Ipl: file offset */
#define IMG_IPL_BASE                       0xFFFA8000ull /* Ipl: GPA */
#define IMG_IPL_SIZE                       0x00050000ull /* Ipl: size */
#define IMG_RESET_VECTOR_OFFSET            0x00FF8000ull /* ResetVector: file offset */
#define IMG_RESET_VECTOR_BASE              0xFFFF8000ull /* ResetVector: GPA */
#define IMG_RESET_VECTOR_SIZE              0x00008000ull /* ResetVector: size */
#define RAM_LOW_MEM_BASE                   0x00000000ull /* LowMem: GPA */
#define RAM_LOW_MEM_SIZE                   0x00100000ull /* LowMem: size */
#define RAM_SHIM_STACK_BASE                0x00100000ull /* ShimStack: GPA */
#define RAM_SHIM_STACK_SIZE                0x00010000ull /* ShimStack: size */
#define RAM_BOOT_INFO_BASE                 0x00110000ull /* BootInfo: GPA */
#define RAM_BOOT_INFO_SIZE                 0x00001000ull /* BootInfo: size */
#define RAM_EVENT_LOG_BASE                 0x00111000ull /* EventLog: GPA */
#define RAM_EVENT_LOG_SIZE                 0x0002F000ull /* EventLog: size */
#define RAM_PAGE_TABLES_BASE               0x00140000ull /* PageTables: GPA */
#define RAM_PAGE_TABLES_SIZE               0x000C0000ull /* PageTables: size */
#define RAM_PAYLOAD_IMAGE_BASE             0x00200000ull /* PayloadImage: GPA */
#define RAM_PAYLOAD_IMAGE_SIZE             0x00800000ull /* PayloadImage: size */
#define RAM_SPARE_BASE                     0x00A00000ull /* Spare: GPA */
#define RAM_SPARE_SIZE                     0x003C0000ull /* Spare: size */
#define RAM_PAYLOAD_STACK_BASE             0x00DC0000ull /* PayloadStack: GPA */
#define RAM_PAYLOAD_STACK_SIZE             0x00080000ull /* PayloadStack: size */
#define RAM_SHARED_POOL_BASE               0x00E40000ull /* SharedPool: GPA */
#define RAM_SHARED_POOL_SIZE               0x001C0000ull /* SharedPool: size */
#define RAM_HEAP_BASE                      0x01000000ull /* Heap: GPA */
#define RAM_HEAP_SIZE                      0x01000000ull /* Heap: size */
#define METADATA_DESCRIPTOR_OFFSET         0x00FA7010ull /* file offset of the TDVF descriptor (u32 at image end - 0x20) */
#define METADATA_DESCRIPTOR_FROM_END       0x00058FF0ull /* same, measured from the image end (OVMF table entry) */
#define BOOT_INFO_SIZE                     0x00000090ull /* sizeof(struct boot_info) */
#define BOOT_INFO_OFF_MAGIC                0x00000000ull /* offset of boot_info.magic */
#define BOOT_INFO_OFF_FLAGS                0x00000004ull /* offset of boot_info.flags */
#define BOOT_INFO_OFF_GPAW                 0x00000008ull /* offset of boot_info.gpaw */
#define BOOT_INFO_OFF_VCPU_INDEX           0x0000000Cull /* offset of boot_info.vcpu_index */
#define BOOT_INFO_OFF_TD_HOB               0x00000010ull /* offset of boot_info.td_hob */
#define BOOT_INFO_OFF_RAM_BASE             0x00000018ull /* offset of boot_info.ram_base */
#define BOOT_INFO_OFF_RAM_SIZE             0x00000020ull /* offset of boot_info.ram_size */
#define BOOT_INFO_OFF_EVENT_LOG            0x00000028ull /* offset of boot_info.event_log */
#define BOOT_INFO_OFF_EVENT_LOG_SIZE       0x00000030ull /* offset of boot_info.event_log_size */
#define BOOT_INFO_OFF_EVENT_LOG_USED       0x00000038ull /* offset of boot_info.event_log_used */
#define BOOT_INFO_OFF_CFV_BASE             0x00000040ull /* offset of boot_info.cfv_base */
#define BOOT_INFO_OFF_CFV_SIZE             0x00000048ull /* offset of boot_info.cfv_size */
#define BOOT_INFO_OFF_ACCEPTED             0x00000050ull /* offset of boot_info.accepted */
#define BOOT_INFO_OFF_CCEL                 0x00000058ull /* offset of boot_info.ccel */
#define PAYLOAD_HEADER_SIZE                0x00000038ull /* sizeof(struct payload_header) */
#define PAYLOAD_HEADER_OFF_MAGIC           0x00000000ull /* offset of payload_header.magic */
#define PAYLOAD_HEADER_OFF_HEADER_SIZE     0x00000004ull /* offset of payload_header.header_size */
#define PAYLOAD_HEADER_OFF_ENTRY           0x00000008ull /* offset of payload_header.entry */
#define PAYLOAD_HEADER_OFF_LOAD_ADDR       0x00000010ull /* offset of payload_header.load_addr */
#define PAYLOAD_HEADER_OFF_FILE_SIZE       0x00000018ull /* offset of payload_header.file_size */
#define PAYLOAD_HEADER_OFF_MEM_SIZE        0x00000020ull /* offset of payload_header.mem_size */
#define PAYLOAD_HEADER_OFF_STACK_TOP       0x00000028ull /* offset of payload_header.stack_top */
#define PAYLOAD_HEADER_OFF_RESERVED        0x00000030ull /* offset of payload_header.reserved */

/* Handed by the shim to the payload in RDI; lives at BootInfo. */
struct boot_info {
  uint32_t magic; /* 'MBI1' = 0x3149424D */
  uint32_t flags; /* bit 0: running in a TD (TDX entry and CPUID leaf 0x21 present) */
  uint32_t gpaw; /* guest physical address width (48 or 52) on TDX; 0 otherwise */
  uint32_t vcpu_index; /* index of the booting vCPU (always 0: APs stay parked) */
  uint64_t td_hob; /* TD HOB GPA given by the VMM in RCX at entry (0 if none), untrusted */
  uint64_t ram_base; /* start of the RAM this map uses */
  uint64_t ram_size; /* size of that RAM */
  uint64_t event_log; /* GPA of the CCEL log area */
  uint64_t event_log_size; /* its size (LAML) */
  uint64_t event_log_used; /* bytes written so far (spec-id record included) */
  uint64_t cfv_base; /* GPA of the config firmware volume */
  uint64_t cfv_size; /* its size */
  uint64_t accepted; /* bytes of RAM accepted by the shim (0 outside a TD) */
  uint8_t ccel[56]; /* the CCEL ACPI table (tdx-abi.md 6.1) pointing at event_log */
};
_Static_assert(sizeof(struct boot_info) == 144, "boot_info layout");

/* At offset 0 of the Payload region, written by the image builder: the payload is a flat image loaded at load_addr. */
struct payload_header {
  uint32_t magic; /* 'MPL1' = 0x314C504D */
  uint32_t header_size; /* bytes before the image data (64) */
  uint64_t entry; /* entry point (System V: RDI = boot_info) */
  uint64_t load_addr; /* where the image data is copied */
  uint64_t file_size; /* bytes of image data that follow the header */
  uint64_t mem_size; /* bytes reserved at load_addr (the tail past file_size is zeroed) */
  uint64_t stack_top; /* initial RSP for the payload */
  uint64_t reserved; /* 0 */
};
_Static_assert(sizeof(struct payload_header) == 56, "payload_header layout");

#endif
