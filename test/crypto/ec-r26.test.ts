// The radix-2^26 fields of signature verification (p256_r26.ts, p384_r26.ts) against BigInt,
// with inputs at the limb bounds their callers rely on (p256_verify.ts / p384_verify.ts): the
// multiplication and squaring take limbs up to 2^29.5, norm up to 2^31, sub28/sub29 subtrahends
// up to 2^28 / 2^29. Checks the value (mod p, Montgomery factor R = 2^(26N) for products) and
// that outputs are in N form (limbs < 2^26, top limb < 2^(top bit of p + 1 - 26(N-1))).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { type Engine } from "../helpers/engine";
import { engineFactories, CURVES } from "./ec.harness";
import { mod, invert } from "@noble/curves/abstract/modular.js";

const RUNS = Number(process.env.EC_R26_RUNS ?? 100);
const SHAPE = { 256: { N: 10, top: 256 }, 384: { N: 15, top: 384 } } as const;
// BigInt reference arithmetic from @noble/curves (mod: non-negative remainder; invert: a^-1 mod m).
const inv = invert;
const value = (l: number[]) => l.reduce((acc, v, i) => acc + (BigInt(v) << BigInt(26 * i)), 0n);

for (const f of engineFactories()) {
  describe(`radix-2^26 verification fields (${f.name})`, () => {
    let e: Engine;
    let ptr: number;
    beforeAll(async () => {
      e = await f.make();
      ptr = Number(await e.call("api_alloc", 3 * 64));
    });
    afterAll(async () => e.close());

    for (const bits of [256, 384] as const) {
      const { N, top } = SHAPE[bits];
      const p = CURVES[bits].p;
      const Rinv = inv(1n << BigInt(26 * N), p);
      const topLimbMax = 2 ** (top + 1 - 26 * (N - 1)); // N form: value < 2^(top + 1)
      const run = async (op: number, a: number[], b: number[]): Promise<number[]> => {
        const buf = (l: number[]) => new Uint8Array(new Uint32Array(l).buffer);
        await e.write(ptr + 64, buf(a));
        await e.write(ptr + 128, buf(b));
        await e.call("r26_op", bits, op, ptr, ptr + 64, ptr + 128);
        return [...new Uint32Array((await e.read(ptr, 4 * N)).slice().buffer)];
      };
      const expectNForm = (l: number[]) => {
        for (let i = 0; i < N - 1; i++) expect(l[i]).toBeLessThan(2 ** 26);
        expect(l[N - 1]).toBeLessThan(topLimbMax);
      };
      // Limb vectors up to a bound: random, all at the bound, and all zero.
      const limbs = (max: number) =>
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: Math.floor(max) }), { minLength: N, maxLength: N }),
          fc.constant(Array(N).fill(Math.floor(max))),
          fc.constant(Array(N).fill(0)),
        );
      const MUL_MAX = Math.floor(2 ** 29.5) - 1;

      it(`P-${bits}: mul and sqr are exact (a b / R mod p) for limbs up to 2^29.5 and give N form`, async () => {
        await fc.assert(
          fc.asyncProperty(limbs(MUL_MAX), limbs(MUL_MAX), async (a, b) => {
            const m = await run(0, a, b);
            expect(mod(value(m), p)).toBe(mod(value(a) * value(b) * Rinv, p));
            expectNForm(m);
            const s = await run(1, a, b);
            expect(mod(value(s), p)).toBe(mod(value(a) * value(a) * Rinv, p));
            expectNForm(s);
          }),
          { numRuns: RUNS },
        );
      });

      it(`P-${bits}: norm reduces limbs up to 2^31 to N form, canon then to the value mod p`, async () => {
        await fc.assert(
          fc.asyncProperty(limbs(2 ** 31 - 1), async (a) => {
            const n = await run(5, a, []);
            expect(mod(value(n), p)).toBe(mod(value(a), p));
            expectNForm(n);
            const c = await run(6, n, []);
            expect(value(c)).toBe(mod(value(a), p));
          }),
          { numRuns: RUNS },
        );
      });

      it(`P-${bits}: sub28/sub29 give a - b mod p for subtrahends up to their bound; add and scale are limb-wise`, async () => {
        await fc.assert(
          fc.asyncProperty(limbs(2 ** 27), limbs(2 ** 28), limbs(2 ** 29), fc.integer({ min: 1, max: 8 }), async (a, b28, b29, k) => {
            expect(mod(value(await run(3, a, b28)), p)).toBe(mod(value(a) - value(b28), p));
            expect(mod(value(await run(4, a, b29)), p)).toBe(mod(value(a) - value(b29), p));
            expect(await run(2, a, b28)).toEqual(a.map((v, i) => v + b28[i]));
            expect(await run(7, a, [k])).toEqual(a.map((v) => v * k));
          }),
          { numRuns: RUNS },
        );
      });
    }
  });
}
