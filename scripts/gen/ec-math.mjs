// What the EC generators (scripts/gen/*.mjs) share: the curves' constants and plain BigInt
// arithmetic over them, used only at generation time (the emitted files carry the results).

// FIPS 186-4 D.1.2.3 (P-256) and D.1.2.4 (P-384); both curves have a = -3.
export const CURVES = {
  p256: {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  },
  p384: {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  },
};

export const mod = (a, m) => ((a % m) + m) % m;

// a^-1 mod m (extended Euclid); m prime, a != 0 mod m.
export function invMod(a, m) {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error("not invertible");
  return mod(s0, m);
}

export const hex32 = (v) => "0x" + v.toString(16).padStart(8, "0");

// Affine arithmetic on y^2 = x^3 - 3x + b over GF(p); points are [x, y], the identity is null.
export function affine({ p, b }) {
  const onCurve = (P) => mod(P[1] * P[1] - (P[0] * P[0] * P[0] - 3n * P[0] + b), p) === 0n;
  const add = (P, Q) => {
    if (P === null) return Q;
    if (Q === null) return P;
    if (P[0] === Q[0] && mod(P[1] + Q[1], p) === 0n) return null;
    const l = P[0] === Q[0]
      ? mod(3n * (P[0] * P[0] - 1n) * invMod(2n * P[1], p), p)
      : mod((Q[1] - P[1]) * invMod(Q[0] - P[0], p), p);
    const x = mod(l * l - P[0] - Q[0], p);
    return [x, mod(l * (P[0] - x) - P[1], p)];
  };
  // For tables whose sums provably never meet the identity: a sum that does is a generator bug.
  const addNonZero = (P, Q) => {
    const r = add(P, Q);
    if (r === null) throw new Error("P = -Q");
    return r;
  };
  const mul = (k, P) => {
    let R = null;
    for (let Q = P; k > 0n; k >>= 1n, Q = add(Q, Q)) if (k & 1n) R = add(R, Q);
    return R;
  };
  return { onCurve, add, addNonZero, mul };
}

// Radix-2^26 vectors of N limbs (the r26 fields): toL splits x (the top limb takes what is left),
// val sums a limb vector back.
export function radix26(N) {
  const W = 26n, MASK = (1n << W) - 1n;
  const toL = (x) => Array.from({ length: N }, (_, i) => (i < N - 1 ? (x >> (W * BigInt(i))) & MASK : x >> (W * BigInt(i))));
  const val = (l) => l.reduce((acc, v, i) => acc + (BigInt(v) << (W * BigInt(i))), 0n);
  // K(b): a multiple of p whose limbs are all in [2^b, 2^b + 2^26), so a - c + K is limb-wise
  // non-negative for any c with limbs <= 2^b.
  const kconst = (bits, p) => {
    const base = Array(N).fill(1n << BigInt(bits));
    const d = toL(mod(-val(base), p));
    const k = base.map((v, i) => v + d[i]);
    if (mod(val(k), p) !== 0n) throw new Error("K");
    return k;
  };
  // x in the Montgomery form of R = 2^(26 N), fully reduced, as limbs.
  const mont = (x, p) => toL(mod(x * (1n << (26n * BigInt(N))), p));
  return { toL, val, kconst, mont };
}
