// Constant-time table selection for the secret-scalar multiplications (mul_ct.ts for the
// Montgomery-field curves, p384_ct_mul.ts for P-384 on the radix-2^26 field): which entry is
// wanted never shows in a branch or in which memory is read.

// All ones when a == b (small non-negative ints), else zero.
// @ts-ignore: decorator
@inline export function eqMask(a: i32, b: i32): u32 {
  const x = a ^ b;
  return ~(<u32>((x | (0 - x)) >> 31));
}

// dst = entry idx of `count` entries of `bytes` bytes each (a multiple of 8), `stride` apart from
// base; all zeros when idx is outside [0, count). Constant time in idx: every entry is read, in
// the same order, and combined under a mask (one 64-bit load per 8 bytes of each entry, one store
// per 8 bytes of dst).
export function ctSelect(dst: usize, base: usize, stride: usize, count: i32, bytes: usize, idx: i32): void {
  for (let o: usize = 0; o < bytes; o += 8) {
    let acc: u64 = 0;
    let e = base + o;
    for (let j = 0; j < count; j++) {
      acc |= load<u64>(e) & <u64><i64><i32>eqMask(j, idx); // mask widened by sign extension
      e += stride;
    }
    store<u64>(dst + o, acc);
  }
}
