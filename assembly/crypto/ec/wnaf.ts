// Width-w non-adjacent form of a public scalar, for the variable-time multipliers of signature
// verification (p256_verify.ts, p384_verify.ts). Digits are odd in (-2^(w-1), 2^(w-1)) or zero,
// and any two non-zero digits are at least w positions apart, so a scalar of b bits costs about
// b / (w + 1) additions. Variable time: the loop length and the digits depend on the scalar,
// which is why this is used on public values only.

// Scratch copy of the scalar: up to 12 words plus one for the borrow of a negative digit.
const MAX_WORDS: i32 = 12;
const KBUF: usize = memory.data(4 * (MAX_WORDS + 1), 8);

// Writes the digits of the plain scalar k (`words` little-endian 32-bit limbs) to naf, one i8 per
// bit position, least significant first; returns the number of digits (at most 32*words + 1).
export function wnafRecode(naf: usize, k: usize, words: i32, w: i32): i32 {
  const n = words + 1;
  memory.copy(KBUF, k, <usize>(words << 2));
  store<u32>(KBUF + (<usize>words << 2), 0);
  const full = 1 << w, half = 1 << (w - 1);
  let len = 0;
  for (;;) {
    let any: u32 = 0;
    for (let i = 0; i < n; i++) any |= load<u32>(KBUF + (<usize>i << 2));
    if (any == 0) break;
    const low = load<u32>(KBUF);
    let d: i32 = 0;
    if (low & 1) {
      d = <i32>(low & <u32>(full - 1));
      if (d >= half) d -= full;
      // k -= d: clears the low w bits.
      let c: i64 = -<i64>d;
      for (let i = 0; i < n && c != 0; i++) {
        const o = KBUF + (<usize>i << 2);
        c += <i64>load<u32>(o);
        store<u32>(o, <u32>c);
        c >>= 32;
      }
    }
    store<i8>(naf + <usize>len, <i8>d);
    len++;
    // k >>= 1
    for (let i = 0; i < n; i++) {
      const o = KBUF + (<usize>i << 2);
      const hi: u32 = i + 1 < n ? load<u32>(o + 4) << 31 : 0;
      store<u32>(o, (load<u32>(o) >> 1) | hi);
    }
  }
  return len;
}
