// Field arithmetic (mod p and mod n of both curves) against BigInt: multiplication, squaring,
// addition, subtraction and inversion on random values and on the values where carries and the
// final reduction go wrong first (0, 1, m-1, m-2, powers of two and their neighbours, limb
// patterns of all ones). Goes through Montgomery form and back (field_eval), so it holds
// whatever Montgomery constant each field uses.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { EcCore, engineFactories, CURVES, intToBytes, bytesToInt } from "./ec.harness";

const RUNS = Number(process.env.EC_FIELD_RUNS ?? 150);
const OPS = ["mul", "sqr", "add", "sub", "inv"] as const;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function modpow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b = mod(b, m);
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
function expected(op: (typeof OPS)[number], a: bigint, b: bigint, m: bigint): bigint {
  switch (op) {
    case "mul": return (a * b) % m;
    case "sqr": return (a * a) % m;
    case "add": return (a + b) % m;
    case "sub": return mod(a - b, m);
    case "inv": return modpow(a, m - 2n, m);
  }
}

function edgeValues(m: bigint, bits: number): bigint[] {
  const v = new Set<bigint>([0n, 1n, 2n, 3n, m - 1n, m - 2n, m - 3n, (m - 1n) / 2n, (m + 1n) / 2n]);
  for (let k = 1; k < bits; k += 31) for (const d of [-1n, 0n, 1n]) v.add((1n << BigInt(k)) + d);
  for (let k = 28; k < bits; k += 28) v.add((1n << BigInt(k)) - 1n); // one full 28-bit limb pattern
  for (let k = 32; k < bits; k += 32) v.add((1n << BigInt(k)) - 1n);
  v.add(m - (1n << 128n));
  v.add(m - (1n << 96n) - 1n);
  return [...v].filter((x) => x >= 0n && x < m);
}

for (const f of engineFactories()) {
  describe(`EC field arithmetic (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    for (const bits of [256, 384] as const) {
      for (const which of [0, 1] as const) {
        const m = which === 0 ? CURVES[bits].p : CURVES[bits].n;
        const name = `P-${bits} mod ${which === 0 ? "p" : "n"}`;
        const size = bits / 8;
        const run = async (op: number, a: bigint, b: bigint) =>
          bytesToInt(await core.fieldEval(bits, which, op, intToBytes(a, size), intToBytes(b, size)));

        it(`${name}: every operation is exact on the edge values`, async () => {
          const edges = edgeValues(m, bits);
          // every edge value against a few partners (all pairs would take minutes natively)
          const partners = [0n, 1n, m - 1n, m - 2n, (m + 1n) / 2n, (1n << BigInt(bits - 1)) - 1n, (1n << 28n) - 1n, m - (1n << 128n)];
          for (const a of edges) {
            for (const b of [...partners, a]) {
              expect(await run(0, a, b)).toBe(expected("mul", a, b, m));
              expect(await run(2, a, b)).toBe(expected("add", a, b, m));
              expect(await run(3, a, b)).toBe(expected("sub", a, b, m));
            }
            expect(await run(1, a, 0n)).toBe(expected("sqr", a, 0n, m));
            expect(await run(4, a, 0n)).toBe(expected("inv", a, 0n, m));
          }
        });

        if (which === 1 || bits === 384) {
          it(`${name}: the variable-time inverse of verification matches BigInt (edge and random values)`, async () => {
            for (const a of edgeValues(m, bits)) expect(await run(5, a, 0n)).toBe(expected("inv", a, 0n, m));
            await fc.assert(
              fc.asyncProperty(fc.bigInt({ min: 0n, max: m - 1n }), async (a) => {
                expect(await run(5, a, 0n)).toBe(expected("inv", a, 0n, m));
              }),
              { numRuns: RUNS },
            );
          });
        }

        it(`${name}: every operation matches BigInt on random values`, async () => {
          const valArb = fc.bigInt({ min: 0n, max: m - 1n });
          await fc.assert(
            fc.asyncProperty(valArb, valArb, fc.integer({ min: 0, max: 4 }), async (a, b, op) => {
              expect(await run(op, a, b)).toBe(expected(OPS[op], a, b, m));
            }),
            { numRuns: RUNS },
          );
        });
      }
    }
  });
}
