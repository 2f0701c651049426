/* Device MMIO (BAR) access through explicit accessors, never plain loads/stores: in a TD an MMIO
 * load/store would raise #VE and need instruction decoding, so there the accessors call the VMM
 * directly (TDG.VP.VMCALL<#VE.RequestMMIO>, tdx-abi.md 4.3/4.4). Without TDX they are volatile
 * accesses of the natural width. `addr` is the device GPA without the shared bit. */
#ifndef MMIO_H
#define MMIO_H

#include <stdint.h>

uint8_t mmio_read8(uint64_t addr);
uint16_t mmio_read16(uint64_t addr);
uint32_t mmio_read32(uint64_t addr);
void mmio_write8(uint64_t addr, uint8_t v);
void mmio_write16(uint64_t addr, uint16_t v);
void mmio_write32(uint64_t addr, uint32_t v);
/* Two 32-bit writes, low half first: virtio 1.x 4.1.3.1 allows it for 64-bit fields, and QEMU's
 * virtio-pci regions take at most 4 bytes per access. */
void mmio_write64_split(uint64_t addr, uint64_t v);

#endif
