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

// ctSelect for 120-byte entries (an affine radix-2^26 P-384 point, p384_ct_mul.ts) with the 15 words held in locals: one mask
// per entry instead of one per word and entry, no stores until the end. Same contract and
// the same address sequence for every idx.
export function ctSelect120(dst: usize, base: usize, stride: usize, count: i32, idx: i32): void {
  let a0: u64 = 0, a1: u64 = 0, a2: u64 = 0, a3: u64 = 0, a4: u64 = 0, a5: u64 = 0, a6: u64 = 0, a7: u64 = 0, a8: u64 = 0, a9: u64 = 0, a10: u64 = 0, a11: u64 = 0, a12: u64 = 0, a13: u64 = 0, a14: u64 = 0;
  let e = base;
  for (let j = 0; j < count; j++) {
    const m = <u64><i64><i32>eqMask(j, idx);
    a0 |= load<u64>(e, 0) & m;
    a1 |= load<u64>(e, 8) & m;
    a2 |= load<u64>(e, 16) & m;
    a3 |= load<u64>(e, 24) & m;
    a4 |= load<u64>(e, 32) & m;
    a5 |= load<u64>(e, 40) & m;
    a6 |= load<u64>(e, 48) & m;
    a7 |= load<u64>(e, 56) & m;
    a8 |= load<u64>(e, 64) & m;
    a9 |= load<u64>(e, 72) & m;
    a10 |= load<u64>(e, 80) & m;
    a11 |= load<u64>(e, 88) & m;
    a12 |= load<u64>(e, 96) & m;
    a13 |= load<u64>(e, 104) & m;
    a14 |= load<u64>(e, 112) & m;
    e += stride;
  }
  store<u64>(dst, a0, 0);
  store<u64>(dst, a1, 8);
  store<u64>(dst, a2, 16);
  store<u64>(dst, a3, 24);
  store<u64>(dst, a4, 32);
  store<u64>(dst, a5, 40);
  store<u64>(dst, a6, 48);
  store<u64>(dst, a7, 56);
  store<u64>(dst, a8, 64);
  store<u64>(dst, a9, 72);
  store<u64>(dst, a10, 80);
  store<u64>(dst, a11, 88);
  store<u64>(dst, a12, 96);
  store<u64>(dst, a13, 104);
  store<u64>(dst, a14, 112);
}

// ctSelect for 184-byte entries (a projective radix-2^26 P-384 point padded to 8 bytes, p384_ct_mul.ts) with the 23 words held in locals: one mask
// per entry instead of one per word and entry, no stores until the end. Same contract and
// the same address sequence for every idx.
export function ctSelect184(dst: usize, base: usize, stride: usize, count: i32, idx: i32): void {
  let a0: u64 = 0, a1: u64 = 0, a2: u64 = 0, a3: u64 = 0, a4: u64 = 0, a5: u64 = 0, a6: u64 = 0, a7: u64 = 0, a8: u64 = 0, a9: u64 = 0, a10: u64 = 0, a11: u64 = 0, a12: u64 = 0, a13: u64 = 0, a14: u64 = 0, a15: u64 = 0, a16: u64 = 0, a17: u64 = 0, a18: u64 = 0, a19: u64 = 0, a20: u64 = 0, a21: u64 = 0, a22: u64 = 0;
  let e = base;
  for (let j = 0; j < count; j++) {
    const m = <u64><i64><i32>eqMask(j, idx);
    a0 |= load<u64>(e, 0) & m;
    a1 |= load<u64>(e, 8) & m;
    a2 |= load<u64>(e, 16) & m;
    a3 |= load<u64>(e, 24) & m;
    a4 |= load<u64>(e, 32) & m;
    a5 |= load<u64>(e, 40) & m;
    a6 |= load<u64>(e, 48) & m;
    a7 |= load<u64>(e, 56) & m;
    a8 |= load<u64>(e, 64) & m;
    a9 |= load<u64>(e, 72) & m;
    a10 |= load<u64>(e, 80) & m;
    a11 |= load<u64>(e, 88) & m;
    a12 |= load<u64>(e, 96) & m;
    a13 |= load<u64>(e, 104) & m;
    a14 |= load<u64>(e, 112) & m;
    a15 |= load<u64>(e, 120) & m;
    a16 |= load<u64>(e, 128) & m;
    a17 |= load<u64>(e, 136) & m;
    a18 |= load<u64>(e, 144) & m;
    a19 |= load<u64>(e, 152) & m;
    a20 |= load<u64>(e, 160) & m;
    a21 |= load<u64>(e, 168) & m;
    a22 |= load<u64>(e, 176) & m;
    e += stride;
  }
  store<u64>(dst, a0, 0);
  store<u64>(dst, a1, 8);
  store<u64>(dst, a2, 16);
  store<u64>(dst, a3, 24);
  store<u64>(dst, a4, 32);
  store<u64>(dst, a5, 40);
  store<u64>(dst, a6, 48);
  store<u64>(dst, a7, 56);
  store<u64>(dst, a8, 64);
  store<u64>(dst, a9, 72);
  store<u64>(dst, a10, 80);
  store<u64>(dst, a11, 88);
  store<u64>(dst, a12, 96);
  store<u64>(dst, a13, 104);
  store<u64>(dst, a14, 112);
  store<u64>(dst, a15, 120);
  store<u64>(dst, a16, 128);
  store<u64>(dst, a17, 136);
  store<u64>(dst, a18, 144);
  store<u64>(dst, a19, 152);
  store<u64>(dst, a20, 160);
  store<u64>(dst, a21, 168);
  store<u64>(dst, a22, 176);
}
