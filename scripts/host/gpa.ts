// Guest-physical address model of the hosted platforms (Node and native Linux); see
// docs/sim-protocol.md. GPAW 48: the shared bit is bit 47 (tdx-abi.md §4.5).
export const SHARED_BIT = 1n << 47n;
export const PRIVATE_BASE = 0x1000_0000n;
export const SHARED_POOL_BASE = 0x4000_0000n;
export const PAGE_SIZE = 4096;
export const SHARED_POOL_PAGES = 512; // 2 MiB, as the Linux runtime's pool
