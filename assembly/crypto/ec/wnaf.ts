// Width-w non-adjacent form of a public scalar, for the variable-time multipliers of signature
// verification (p256_verify.ts, p384_verify.ts). Digits are odd in (-2^(w-1), 2^(w-1)) or zero,
// and any two non-zero digits are at least w positions apart, so a scalar of b bits costs about
// b / (w + 1) additions. Variable time: the loop length and the digits depend on the scalar,
// which is why this is used on public values only.
//
// Method: scan the bits from the bottom with a carry c (0 or 1) standing for the part of the
// scalar already written as digits. While the current bit equals c, the digit here is zero (bit
// + c is even: the carry moves up unchanged). Otherwise the w bits from here plus c form an odd
// number v < 2^w; the digit is v, or v - 2^w with carry 1 when v >= 2^(w-1), and the next w - 1
// digits are zero. The scalar is never shifted or modified: each window is one 64-bit load.

// Scratch copy of the scalar (up to 12 words) with two zero words after it, so that a window
// starting anywhere up to the end reads zeros above the top.
const MAX_WORDS: i32 = 12;
const KBUF: usize = memory.data(4 * (MAX_WORDS + 2), 8);

// Writes the digits of the plain scalar k (`words` little-endian 32-bit limbs) to naf, one i8 per
// bit position, least significant first (32*words + 1 bytes are written); returns the number of
// digits up to the highest non-zero one.
export function wnafRecode(naf: usize, k: usize, words: i32, w: i32): i32 {
  memory.copy(KBUF, k, <usize>(words << 2));
  store<u64>(KBUF + (<usize>words << 2), 0);
  const total = (words << 5) + 1;
  memory.fill(naf, 0, <usize>total);
  const mask: u32 = (<u32>1 << <u32>w) - 1;
  let carry: u32 = 0;
  let len = 0;
  let bit = 0;
  while (bit < total) {
    const at = KBUF + (<usize>(bit >> 5) << 2);
    const sh = <u64>(bit & 31);
    if (((load<u32>(at) >> <u32>sh) & 1) == carry) {
      bit++;
      continue;
    }
    // Odd: the bit differs from the carry. v <= 2^w - 1 (carry 1 means the bit here is 0).
    let v = <i32>((<u32>(load<u64>(at) >> sh) & mask) + carry);
    carry = <u32>(v >> (w - 1)) & 1;
    v -= <i32>(carry << <u32>w);
    store<i8>(naf + <usize>bit, <i8>v);
    len = bit + 1;
    bit += w;
  }
  return len;
}
