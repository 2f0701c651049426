// AES encryption (FIPS 197), bitsliced, four blocks at a time. Only the forward cipher exists:
// GCM (the one mode the core uses) never runs AES backwards.
//
// Constant time: no table is ever indexed by key or data. The 64 bytes of four blocks are
// transposed into eight 64-bit words, word i holding bit i of every byte (a "bit plane"); SubBytes
// is then a fixed sequence of 115 gates (32 AND, 83 XOR/XNOR) over the planes, the circuit of
// J. Boyar and R. Peralta, "A new combinational logic minimization technique with applications to
// cryptology" (SEA 2010, LNCS 6049), and ShiftRows / MixColumns are fixed shifts, rotations and
// masks. The rounds are fixsliced (ShiftRows absorbed into MixColumns and the round keys, see
// encrypt4), which changes only which fixed rotations are applied. The key schedule's SubWord
// goes through the same circuit. Every operation and memory
// address depends only on the key length and the number of blocks, never on their contents.
//
// Bit-plane layout: byte r + 4c of block b (row r, column c, FIPS 197 §3.4) sits at bit
// 16r + 4c + b of each plane. A row is then a 16-bit lane (MixColumns' "next row" is a rotation
// by 16) and a column a nibble inside it (ShiftRows rotates lane r by 4r bits).
import { wipeRaw } from "./wipe";

// Scratch for the planes and for SubWord's block; single-threaded use only. aesScrub() zeroes it.
const Q: usize = memory.data(64);
const S: usize = memory.data(64);

// FIPS 197 §5.2: Rcon[i] = x^(i-1) in GF(2^8), first byte of the word.
const RCON: usize = memory.data<u8>([0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36]);

// Gathers columns c0 and c0 + 2 of one block (at p and p + 8) into one word with their bytes
// interleaved (col, col+2, col, col+2, ...), so that the transposition below lands every byte at
// its plane position. Two in-word swaps of byte-index bits do the interleave.
// @ts-ignore: decorator
@inline function zipLoad(p: usize): u64 {
  let x = <u64>load<u32>(p) | (<u64>load<u32>(p, 8) << 32);
  let t = ((x >> 16) ^ x) & 0x00000000ffff0000; x ^= t ^ (t << 16);
  t = ((x >> 8) ^ x) & 0x0000ff000000ff00; x ^= t ^ (t << 8);
  return x;
}

// @ts-ignore: decorator
@inline function unzipStore(p: usize, x: u64): void {
  let t = ((x >> 8) ^ x) & 0x0000ff000000ff00; x ^= t ^ (t << 8);
  t = ((x >> 16) ^ x) & 0x00000000ffff0000; x ^= t ^ (t << 16);
  store<u32>(p, <u32>x);
  store<u32>(p, <u32>(x >> 32), 8);
}

// 8x8 bit transposition across eight words: swaps the word index with the bit-in-byte index.
// It is its own inverse, so it serves both directions.
function transpose(q: usize): void {
  let w0 = load<u64>(q), w1 = load<u64>(q, 8), w2 = load<u64>(q, 16), w3 = load<u64>(q, 24);
  let w4 = load<u64>(q, 32), w5 = load<u64>(q, 40), w6 = load<u64>(q, 48), w7 = load<u64>(q, 56);
  let t: u64;
  const m1: u64 = 0x5555555555555555, m2: u64 = 0x3333333333333333, m4: u64 = 0x0f0f0f0f0f0f0f0f;
  t = ((w0 >> 1) ^ w1) & m1; w1 ^= t; w0 ^= t << 1;
  t = ((w2 >> 1) ^ w3) & m1; w3 ^= t; w2 ^= t << 1;
  t = ((w4 >> 1) ^ w5) & m1; w5 ^= t; w4 ^= t << 1;
  t = ((w6 >> 1) ^ w7) & m1; w7 ^= t; w6 ^= t << 1;
  t = ((w0 >> 2) ^ w2) & m2; w2 ^= t; w0 ^= t << 2;
  t = ((w1 >> 2) ^ w3) & m2; w3 ^= t; w1 ^= t << 2;
  t = ((w4 >> 2) ^ w6) & m2; w6 ^= t; w4 ^= t << 2;
  t = ((w5 >> 2) ^ w7) & m2; w7 ^= t; w5 ^= t << 2;
  t = ((w0 >> 4) ^ w4) & m4; w4 ^= t; w0 ^= t << 4;
  t = ((w1 >> 4) ^ w5) & m4; w5 ^= t; w1 ^= t << 4;
  t = ((w2 >> 4) ^ w6) & m4; w6 ^= t; w2 ^= t << 4;
  t = ((w3 >> 4) ^ w7) & m4; w7 ^= t; w3 ^= t << 4;
  store<u64>(q, w0); store<u64>(q, w1, 8); store<u64>(q, w2, 16); store<u64>(q, w3, 24);
  store<u64>(q, w4, 32); store<u64>(q, w5, 40); store<u64>(q, w6, 48); store<u64>(q, w7, 56);
}

// Four 16-byte blocks at src -> eight planes at q. Word k = b + 4*c0 holds block b's columns
// c0 and c0 + 2 before the transposition.
function bitsliceIn(q: usize, src: usize): void {
  store<u64>(q, zipLoad(src));
  store<u64>(q, zipLoad(src + 16), 8);
  store<u64>(q, zipLoad(src + 32), 16);
  store<u64>(q, zipLoad(src + 48), 24);
  store<u64>(q, zipLoad(src + 4), 32);
  store<u64>(q, zipLoad(src + 20), 40);
  store<u64>(q, zipLoad(src + 36), 48);
  store<u64>(q, zipLoad(src + 52), 56);
  transpose(q);
}

// Eight planes at q -> four blocks at dst (q is left transposed back, i.e. scrambled).
function bitsliceOut(dst: usize, q: usize): void {
  transpose(q);
  unzipStore(dst, load<u64>(q));
  unzipStore(dst + 16, load<u64>(q, 8));
  unzipStore(dst + 32, load<u64>(q, 16));
  unzipStore(dst + 48, load<u64>(q, 24));
  unzipStore(dst + 4, load<u64>(q, 32));
  unzipStore(dst + 20, load<u64>(q, 40));
  unzipStore(dst + 36, load<u64>(q, 48));
  unzipStore(dst + 52, load<u64>(q, 56));
}

// SubBytes on all 64 bytes: the Boyar-Peralta circuit. Inputs x0 (most significant bit) .. x7,
// outputs s0 (msb) .. s7; "y", "t", "z" names follow the paper.
function sbox(q: usize): void {
  const x0 = load<u64>(q, 56), x1 = load<u64>(q, 48), x2 = load<u64>(q, 40), x3 = load<u64>(q, 32);
  const x4 = load<u64>(q, 24), x5 = load<u64>(q, 16), x6 = load<u64>(q, 8), x7 = load<u64>(q);

  // Top linear transformation.
  const y14 = x3 ^ x5, y13 = x0 ^ x6, y9 = x0 ^ x3, y8 = x0 ^ x5;
  const t0 = x1 ^ x2, y1 = t0 ^ x7, y4 = y1 ^ x3, y12 = y13 ^ y14;
  const y2 = y1 ^ x0, y5 = y1 ^ x6, y3 = y5 ^ y8, t1 = x4 ^ y12;
  const y15 = t1 ^ x5, y20 = t1 ^ x1, y6 = y15 ^ x7, y10 = y15 ^ t0;
  const y11 = y20 ^ y9, y7 = x7 ^ y11, y17 = y10 ^ y11, y19 = y10 ^ y8;
  const y16 = t0 ^ y11, y21 = y13 ^ y16, y18 = x0 ^ y16;

  // Shared non-linear middle (inversion in GF(2^4)^2).
  const t2 = y12 & y15, t3 = y3 & y6, t4 = t3 ^ t2, t5 = y4 & x7, t6 = t5 ^ t2;
  const t7 = y13 & y16, t8 = y5 & y1, t9 = t8 ^ t7, t10 = y2 & y7, t11 = t10 ^ t7;
  const t12 = y9 & y11, t13 = y14 & y17, t14 = t13 ^ t12, t15 = y8 & y10, t16 = t15 ^ t12;
  const t17 = t4 ^ t14, t18 = t6 ^ t16, t19 = t9 ^ t14, t20 = t11 ^ t16;
  const t21 = t17 ^ y20, t22 = t18 ^ y19, t23 = t19 ^ y21, t24 = t20 ^ y18;
  const t25 = t21 ^ t22, t26 = t21 & t23, t27 = t24 ^ t26, t28 = t25 & t27, t29 = t28 ^ t22;
  const t30 = t23 ^ t24, t31 = t22 ^ t26, t32 = t31 & t30, t33 = t32 ^ t24, t34 = t23 ^ t33;
  const t35 = t27 ^ t33, t36 = t24 & t35, t37 = t36 ^ t34, t38 = t27 ^ t36, t39 = t29 & t38;
  const t40 = t25 ^ t39;
  const t41 = t40 ^ t37, t42 = t29 ^ t33, t43 = t29 ^ t40, t44 = t33 ^ t37, t45 = t42 ^ t41;
  const z0 = t44 & y15, z1 = t37 & y6, z2 = t33 & x7, z3 = t43 & y16, z4 = t40 & y1;
  const z5 = t29 & y7, z6 = t42 & y11, z7 = t45 & y17, z8 = t41 & y10, z9 = t44 & y12;
  const z10 = t37 & y3, z11 = t33 & y4, z12 = t43 & y13, z13 = t40 & y5, z14 = t29 & y2;
  const z15 = t42 & y9, z16 = t45 & y14, z17 = t41 & y8;

  // Bottom linear transformation (the three NOTs are the affine constant 0x63).
  const t46 = z15 ^ z16, t47 = z10 ^ z11, t48 = z5 ^ z13, t49 = z9 ^ z10, t50 = z2 ^ z12;
  const t51 = z2 ^ z5, t52 = z7 ^ z8, t53 = z0 ^ z3, t54 = z6 ^ z7, t55 = z16 ^ z17;
  const t56 = z12 ^ t48, t57 = t50 ^ t53, t58 = z4 ^ t46, t59 = z3 ^ t54, t60 = t46 ^ t57;
  const t61 = z14 ^ t57, t62 = t52 ^ t58, t63 = t49 ^ t58, t64 = z4 ^ t59, t65 = t61 ^ t62;
  const t66 = z1 ^ t63, t67 = t64 ^ t65;
  const s0 = t59 ^ t63, s6 = t56 ^ ~t62, s7 = t48 ^ ~t60, s3 = t53 ^ t66, s4 = t51 ^ t66;
  const s5 = t47 ^ t65, s1 = t64 ^ ~s3, s2 = t55 ^ ~t67;

  store<u64>(q, s7); store<u64>(q, s6, 8); store<u64>(q, s5, 16); store<u64>(q, s4, 24);
  store<u64>(q, s3, 32); store<u64>(q, s2, 40); store<u64>(q, s1, 48); store<u64>(q, s0, 56);
}

// ShiftRows (FIPS 197 §5.1.2) on one plane: row r (bits 16r..16r+15) rotated right by 4r bits,
// i.e. s'[r][c] = s[r][c + r mod 4].
// @ts-ignore: decorator
@inline function shiftRows(x: u64): u64 {
  return (x & 0x000000000000ffff)
    | ((x & 0x00000000fff00000) >> 4) | ((x & 0x00000000000f0000) << 12)
    | ((x & 0x0000ff0000000000) >> 8) | ((x & 0x000000ff00000000) << 8)
    | ((x & 0xf000000000000000) >> 12) | ((x & 0x0fff000000000000) << 4);
}

// Rotates every 16-bit lane (row) of a plane right by n bits (n = 4, 8 or 12): column c takes
// the byte of column c + n/4.
// @ts-ignore: decorator
@inline function laneRot(x: u64, n: u32): u64 {
  const keep: u64 = (0xffff >> n) * 0x0001000100010001;
  return ((x >> n) & keep) | ((x << (16 - n)) & ~keep);
}

// MixColumns (§5.1.3) on a fixsliced state, then AddRoundKey, on the planes at q with the round
// key at rk. MixColumns: s' = 2s + 3s1 + s2 + s3 where sk is the byte k rows down the column.
// With t = s ^ s1 this is xtime(t) ^ s1 ^ rot2(t). In a state that skipped ShiftRows j times
// (mod 4), the byte k rows down a column also sits k*j columns further along its row, so s1 is
// "next row, j columns on" (a 16-bit rotation of the plane, then a lane rotation by 4j) and
// rot2(t) is "two rows, 2j columns on"; for j = 0 both are plain rotations.
function mixAdd(q: usize, rk: usize, j: i32): void {
  const q0 = load<u64>(q), q1 = load<u64>(q, 8), q2 = load<u64>(q, 16), q3 = load<u64>(q, 24);
  const q4 = load<u64>(q, 32), q5 = load<u64>(q, 40), q6 = load<u64>(q, 48), q7 = load<u64>(q, 56);
  let r0 = rotr<u64>(q0, 16), r1 = rotr<u64>(q1, 16), r2 = rotr<u64>(q2, 16), r3 = rotr<u64>(q3, 16);
  let r4 = rotr<u64>(q4, 16), r5 = rotr<u64>(q5, 16), r6 = rotr<u64>(q6, 16), r7 = rotr<u64>(q7, 16);
  if (j != 0) {
    const n = <u32>j << 2;
    r0 = laneRot(r0, n); r1 = laneRot(r1, n); r2 = laneRot(r2, n); r3 = laneRot(r3, n);
    r4 = laneRot(r4, n); r5 = laneRot(r5, n); r6 = laneRot(r6, n); r7 = laneRot(r7, n);
  }
  const t0 = q0 ^ r0, t1 = q1 ^ r1, t2 = q2 ^ r2, t3 = q3 ^ r3;
  const t4 = q4 ^ r4, t5 = q5 ^ r5, t6 = q6 ^ r6, t7 = q7 ^ r7;
  let u0 = rotr<u64>(t0, 32), u1 = rotr<u64>(t1, 32), u2 = rotr<u64>(t2, 32), u3 = rotr<u64>(t3, 32);
  let u4 = rotr<u64>(t4, 32), u5 = rotr<u64>(t5, 32), u6 = rotr<u64>(t6, 32), u7 = rotr<u64>(t7, 32);
  if (j & 1) {
    // 2j columns = 2 (mod 4): lanes rotated by 8 bits.
    u0 = laneRot(u0, 8); u1 = laneRot(u1, 8); u2 = laneRot(u2, 8); u3 = laneRot(u3, 8);
    u4 = laneRot(u4, 8); u5 = laneRot(u5, 8); u6 = laneRot(u6, 8); u7 = laneRot(u7, 8);
  }
  // xtime on planes: multiply by x modulo x^8 + x^4 + x^3 + x + 1 (0x11b).
  store<u64>(q, t7 ^ r0 ^ u0 ^ load<u64>(rk));
  store<u64>(q, t0 ^ t7 ^ r1 ^ u1 ^ load<u64>(rk, 8), 8);
  store<u64>(q, t1 ^ r2 ^ u2 ^ load<u64>(rk, 16), 16);
  store<u64>(q, t2 ^ t7 ^ r3 ^ u3 ^ load<u64>(rk, 24), 24);
  store<u64>(q, t3 ^ t7 ^ r4 ^ u4 ^ load<u64>(rk, 32), 32);
  store<u64>(q, t4 ^ r5 ^ u5 ^ load<u64>(rk, 40), 40);
  store<u64>(q, t5 ^ r6 ^ u6 ^ load<u64>(rk, 48), 48);
  store<u64>(q, t6 ^ r7 ^ u7 ^ load<u64>(rk, 56), 56);
}

// Last round: the ShiftRows owed by the fixsliced state (ShiftRows^j, j = Nr mod 4) and
// AddRoundKey.
function shiftAdd(q: usize, rk: usize, j: i32): void {
  for (let i: usize = 0; i < 64; i += 8) {
    let x = load<u64>(q + i);
    for (let k = 0; k < j; k++) x = shiftRows(x);
    store<u64>(q + i, x ^ load<u64>(rk + i));
  }
}

function addKey(q: usize, rk: usize): void {
  for (let i: usize = 0; i < 64; i += 8) store<u64>(q + i, load<u64>(q + i) ^ load<u64>(rk + i));
}

// SubWord (§5.2) through the bitsliced S-box: the word goes in as column 0 of block 0.
function subWord(w: u32): u32 {
  memory.fill(S, 0, 64);
  store<u32>(S, w);
  bitsliceIn(Q, S);
  sbox(Q);
  bitsliceOut(S, Q);
  const r = load<u32>(S);
  wipeRaw(S, 64);
  return r;
}

export class Aes {
  // Round count Nr: 10, 12 or 14 (FIPS 197 §5, Fig. 4).
  readonly rounds: i32;
  // Nr + 1 round keys, each as eight planes (the 16-byte key repeated in all four block slots).
  private rk: StaticArray<u64>;

  // `key` must be 16, 24 or 32 bytes: a key of any other length is a caller bug (asserted).
  constructor(key: Uint8Array) {
    const nk = key.length >> 2;
    assert(key.length == 16 || key.length == 24 || key.length == 32, "AES: key must be 16, 24 or 32 bytes");
    this.rounds = nk + 6;
    this.rk = new StaticArray<u64>((nk + 7) * 8);
    this.expand(key.dataStart, nk);
  }

  // Key expansion (§5.2) on little-endian words: byte 0 of a word is its low byte, so
  // RotWord is a right rotation by 8 and Rcon is XORed into the low byte.
  private expand(key: usize, nk: i32): void {
    const total = 4 * (this.rounds + 1);
    const w = new StaticArray<u32>(total);
    const wp = changetype<usize>(w);
    memory.copy(wp, key, <usize>(nk << 2));
    for (let i = nk; i < total; i++) {
      let t = load<u32>(wp + (<usize>(i - 1) << 2));
      if (i % nk == 0) {
        t = subWord(rotr<u32>(t, 8)) ^ <u32>load<u8>(RCON + <usize>(i / nk - 1));
      } else if (nk > 6 && i % nk == 4) {
        t = subWord(t);
      }
      store<u32>(wp + (<usize>i << 2), load<u32>(wp + (<usize>(i - nk) << 2)) ^ t);
    }
    // Bitslice each round key, replicated into the four block slots. Round key i (0 < i < Nr)
    // meets a state that skipped ShiftRows i times (see encrypt4), so it is stored with
    // ShiftRows^-i applied: byte (r, c) taken from (r, c - i*r).
    const rk = changetype<usize>(this.rk);
    for (let r = 0; r <= this.rounds; r++) {
      const src = wp + (<usize>r << 4);
      const j = r < this.rounds ? r & 3 : 0;
      for (let c = 0; c < 4; c++) {
        for (let row = 0; row < 4; row++) {
          const from = row + 4 * ((c - j * row + 16) & 3);
          store<u8>(S + <usize>(row + 4 * c), load<u8>(src + <usize>from));
        }
      }
      for (let b: usize = 16; b < 64; b += 16) memory.copy(S + b, S, 16);
      bitsliceIn(rk + (<usize>r << 6), S);
    }
    wipeRaw(S, 64);
    wipeRaw(wp, <usize>(total << 2));
  }

  // Encrypts the four blocks at src (64 bytes) into dst; src and dst may be the same.
  encrypt4(src: usize, dst: usize): void {
    const rk = changetype<usize>(this.rk);
    const nr = this.rounds;
    bitsliceIn(Q, src);
    addKey(Q, rk);
    // Fixslicing (A. Adomnicai and T. Peyrin, "Fixslicing AES-like ciphers", TCHES 2021(1)):
    // the rounds skip ShiftRows, a byte permutation that commutes with SubBytes, and absorb it
    // into MixColumns (mixAdd with j = rounds skipped mod 4) and the stored round keys; the
    // last round applies the ShiftRows still owed.
    for (let r = 1; r < nr; r++) {
      sbox(Q);
      mixAdd(Q, rk + (<usize>r << 6), r & 3);
    }
    sbox(Q);
    shiftAdd(Q, rk + (<usize>nr << 6), nr & 3);
    bitsliceOut(dst, Q);
  }

  // One block (the other three slots carry zeros and are discarded).
  encryptBlock(src: usize, dst: usize): void {
    memory.fill(S, 0, 64);
    memory.copy(S, src, 16);
    this.encrypt4(S, S);
    memory.copy(dst, S, 16);
    wipeRaw(S, 64);
  }

  // Zero the key schedule; the object must not be used afterwards.
  wipe(): void {
    wipeRaw(changetype<usize>(this.rk), <usize>this.rk.length << 3);
    aesScrub();
  }
}

// Zero the shared plane scratch (the cipher state of the last blocks processed).
export function aesScrub(): void {
  wipeRaw(Q, 64);
  wipeRaw(S, 64);
}

// The S-box alone, for the exhaustive test against FIPS 197 Fig. 7: 64 bytes at p, in place.
export function aesSubBytes64(p: usize): void {
  bitsliceIn(Q, p);
  sbox(Q);
  bitsliceOut(p, Q);
}
