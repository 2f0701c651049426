// The 128-byte register block handed to the tdcall/vmcall imports (docs/abi.md): 16 x u64 in GPR
// encoding order. One static, 8-byte-aligned block: the core is single-threaded and every call
// completes before the next is composed.
export const RAX: i32 = 0;
export const RCX: i32 = 1;
export const RDX: i32 = 2;
export const RBX: i32 = 3;
export const RSP: i32 = 4;
export const RBP: i32 = 5;
export const RSI: i32 = 6;
export const RDI: i32 = 7;
export const R8: i32 = 8;
export const R9: i32 = 9;
export const R10: i32 = 10;
export const R11: i32 = 11;
export const R12: i32 = 12;
export const R13: i32 = 13;
export const R14: i32 = 14;
export const R15: i32 = 15;

const BLOCK: usize = memory.data(128, 64);

export function regsClear(): void {
  memory.fill(BLOCK, 0, 128);
}

export function regSet(reg: i32, value: u64): void {
  store<u64>(BLOCK + ((<usize>reg) << 3), value);
}

export function regGet(reg: i32): u64 {
  return load<u64>(BLOCK + ((<usize>reg) << 3));
}

export function regsPtr(): usize {
  return BLOCK;
}
