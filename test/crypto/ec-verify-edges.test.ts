// Signature verification through the exceptional cases of the variable-time double-scalar
// multiplication (u1*G + u2*Q with shared doublings): Q = +-G and small multiples, where a
// partial sum meets a table entry (an addition that must double) or its negation (an addition
// that gives the identity). Signatures are made here with chosen keys, nonces and digests (u1 =
// u2, u1 = -u2, tiny multiples) so that such collisions are likely; @noble/curves is the
// reference for the expected outcome.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { p256, p384 } from "@noble/curves/nist.js";
import { EcCore, engineFactories, CURVES, intToBytes } from "./ec.harness";
import { mod, invert } from "@noble/curves/abstract/modular.js";

// BigInt reference arithmetic from @noble/curves (mod: non-negative remainder; invert: a^-1 mod m).
const inv = invert;

for (const f of engineFactories()) {
  describe(`EC verification edge cases (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    for (const bits of [256, 384] as const) {
      const noble = bits === 256 ? p256 : p384;
      const n = CURVES[bits].n;
      const size = bits / 8;
      // Valid signature by private key d with nonce k over digest value e (< n).
      const signWith = (d: bigint, k: bigint, e: bigint) => {
        const r = mod(noble.Point.BASE.multiply(k).x, n);
        const s = mod(inv(k, n) * (e + r * d), n);
        return { r, s, sig: new Uint8Array([...intToBytes(r, size), ...intToBytes(s, size)]) };
      };
      const pubOf = (d: bigint) => noble.Point.BASE.multiply(d).toBytes(false);

      it(`P-${bits}: u1 = u2 with Q = G (the first additions double) verifies`, async () => {
        for (const k of [3n, 12345n, n - 7n]) {
          // e = r makes u1 = u2; e must then equal r, so sign the digest whose value is r.
          const r = mod(noble.Point.BASE.multiply(k).x, n);
          const { sig } = signWith(1n, k, r);
          expect(await core.verify(bits, pubOf(1n), intToBytes(r, size), sig)).toBe(true);
        }
      });

      it(`P-${bits}: u1 = -u2 with Q = G (the sum is the identity) is rejected like @noble/curves`, async () => {
        const { r, s, sig } = signWith(5n, 777n, 42n);
        const digest = intToBytes(mod(-r, n), size); // e = -r: u1*G + u2*G = 0
        const expected = noble.verify(sig, digest, pubOf(1n), { prehash: false, lowS: false });
        expect(expected).toBe(false);
        expect(await core.verify(bits, pubOf(1n), digest, sig)).toBe(false);
        expect(s).not.toBe(0n);
      });

      it(`P-${bits}: keys -G, 2G, 3G, -3G and nonces near them verify their own signatures`, async () => {
        for (const d of [n - 1n, 2n, 3n, n - 3n]) {
          for (const k of [1n, 2n, 3n, n - 1n]) {
            for (const e of [1n, 2n, n - 1n]) {
              const { sig } = signWith(d, k, e);
              const digest = intToBytes(e, size);
              const expected = noble.verify(sig, digest, pubOf(d), { prehash: false, lowS: false });
              expect(expected).toBe(true);
              expect(await core.verify(bits, pubOf(d), digest, sig)).toBe(true);
            }
          }
        }
      });
    }

    it("P-384: one key's tables serve consecutive verifications, and another key's never do", async () => {
      // The verifier keeps the last key's multiples (p384_verify.ts): alternate keys, repeat one,
      // and cross signatures between them; every outcome must be @noble/curves'.
      const n = CURVES[384].n;
      const digest = (e: bigint) => intToBytes(e, 48);
      const keys = [7n, 0x1234567890abcdefn, n - 12345n].map((d) => ({ d, pub: p384.Point.BASE.multiply(d).toBytes(false) }));
      const sigOf = (d: bigint, e: bigint) => p384.sign(digest(e), intToBytes(d, 48), { prehash: false, lowS: false }) as Uint8Array; // compact r || s
      const seq: [number, number, bigint][] = [[0, 0, 1n], [0, 0, 2n], [0, 1, 3n], [1, 1, 4n], [1, 1, 5n], [0, 0, 6n], [2, 2, 7n], [2, 0, 8n], [0, 2, 9n], [1, 1, 10n]];
      for (const [kv, ks, e] of seq) {
        // key kv verifies a signature made with key ks over e (and over e + 1: a wrong digest)
        const sig = sigOf(keys[ks].d, e);
        for (const de of [0n, 1n]) {
          const want = p384.verify(sig, digest(e + de), keys[kv].pub, { prehash: false, lowS: false });
          expect(want).toBe(kv === ks && de === 0n);
          expect(await core.verify(384, keys[kv].pub, digest(e + de), sig)).toBe(want);
        }
      }
    });
  });
}
