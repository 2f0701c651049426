// The constant-time P-384 paths on the radix-2^26 field (p384_ct_point.ts, p384_ct_mul.ts)
// against @noble/curves and node:crypto: the complete addition formulas in exactly the cases
// incomplete formulas get wrong (doubling, P + (-P), the identity on either side), and the
// fixed-base (keygen, signing; signed 6-bit digits) and variable-base (ECDH; signed 4-bit
// digits) multipliers for scalars whose digits hit zero windows, all-(-8)/all-8 and
// all-(-32)/all-32 runs, the final carry and the ends of [1, n-1].
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { createECDH } from "node:crypto";
import { p384 } from "@noble/curves/nist.js";
import { EcCore, engineFactories, CURVES, intToBytes, bytesToInt } from "./ec.harness";

const RUNS = Number(process.env.EC_CT384_RUNS ?? 50);
const n = CURVES[384].n;
const P = p384.Point;
const enc = (q: InstanceType<typeof P>) => (q.equals(P.ZERO) ? new Uint8Array(97) : q.toBytes(false));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// Scalars whose recoding exercises every digit path: zero windows, runs of 8 (nibble 8 -> -8
// and a carry), runs of f (-1 with carries), the top carry, and the ends of the range.
const EDGE: bigint[] = [
  1n, 2n, 3n, 7n, 8n, 9n, 15n, 16n, 17n, n - 1n, n - 2n, n - 3n, n - 8n, n - 16n, (n - 1n) / 2n, (n + 1n) / 2n,
  1n << 383n, (1n << 383n) - 1n,
  BigInt("0x" + "8".repeat(96)) % n, BigInt("0x" + "f".repeat(96)) % n, BigInt("0x" + "80".repeat(48)) % n,
  BigInt("0x" + "0f".repeat(48)), BigInt("0x" + "f0".repeat(48)) % n, BigInt("0x" + "7".repeat(96)),
  BigInt("0x1" + "0".repeat(95)), BigInt("0x8" + "0".repeat(95)), 1n << 200n, (1n << 192n) + 1n,
  // 6-bit windows (fixed base): every window 32 (-32 and a carry each), 31, 33, 63 (-1 with
  // carries), only the top window, and a top carry out of window 63.
  ...[32n, 31n, 33n, 63n].map((d) => Array.from({ length: 64 }, (_, i) => d << BigInt(6 * i)).reduce((a, b) => a + b) % n),
  1n << 378n, 32n << 378n, 31n << 378n, 63n << 372n,
];

for (const f of engineFactories()) {
  describe(`P-384 constant-time paths on the radix-2^26 field (${f.name})`, () => {
    let core: EcCore;
    const call = async (mixed: number, a: Uint8Array, b: Uint8Array): Promise<Uint8Array> => {
      const e = core.e;
      const [pa, pb, po] = [Number(await e.call("api_alloc", 97)), Number(await e.call("api_alloc", 97)), Number(await e.call("api_alloc", 97))];
      await e.write(pa, a);
      await e.write(pb, b);
      expect(Number(await e.call("p384ct_add", mixed, po, pa, pb))).toBe(1);
      const out = Uint8Array.from(await e.read(po, 97));
      for (const p of [pa, pb, po]) await e.call("api_free", p);
      return out;
    };
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    it("the generated fixed-base table equals the one computed at run time from G", async () => {
      expect(Number(await core.e.call("p384_base_table_mismatches"))).toBe(0);
    });

    it("every fixed-base table entry (i, j) is j * 64^i * G (@noble/curves)", async () => {
      const e = core.e;
      const count = 65 * 32;
      const buf = Number(await e.call("api_alloc", count * 97));
      expect(Number(await e.call("p384_base_table_points", buf))).toBe(count);
      const got = Uint8Array.from(await e.read(buf, count * 97));
      await e.call("api_free", buf);
      let bad = 0;
      let B = P.BASE; // 64^i G
      for (let i = 0; i < 65; i++) {
        let Q = B;
        for (let j = 1; j <= 32; j++) {
          const k = 32 * i + j - 1;
          if (hex(got.subarray(k * 97, k * 97 + 97)) !== hex(enc(Q))) bad++;
          Q = Q.add(B);
        }
        B = B.multiply(64n);
      }
      expect(bad).toBe(0);
    });

    it("complete addition: P + Q, P + P, P + (-P), P + O, O + P, O + O equal @noble/curves", async () => {
      const pts = [1n, 2n, 3n, n - 1n, 12345678901234567890n, (n - 1n) / 2n].map((k) => P.BASE.multiply(k));
      for (const a of pts) {
        for (const b of [...pts, a, a.negate()]) {
          const want = hex(enc(a.add(b)));
          expect(hex(await call(0, enc(a), enc(b)))).toBe(want);
          expect(hex(await call(1, enc(a), enc(b)))).toBe(want);
        }
        expect(hex(await call(0, enc(a), enc(P.ZERO)))).toBe(hex(enc(a)));
        expect(hex(await call(0, enc(P.ZERO), enc(a)))).toBe(hex(enc(a)));
        expect(hex(await call(1, enc(P.ZERO), enc(a)))).toBe(hex(enc(a))); // identity as the projective input
      }
      expect(hex(await call(0, enc(P.ZERO), enc(P.ZERO)))).toBe(hex(enc(P.ZERO)));
    });

    it("complete addition agrees with @noble/curves on random points, doubling and negation included", async () => {
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 1n, max: n - 1n }), fc.bigInt({ min: 1n, max: n - 1n }), async (x, y) => {
          const a = P.BASE.multiply(x);
          const b = P.BASE.multiply(y);
          for (const q of [b, a, a.negate()]) {
            const want = hex(enc(a.add(q)));
            expect(hex(await call(0, enc(a), enc(q)))).toBe(want);
            expect(hex(await call(1, enc(a), enc(q)))).toBe(want);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("keygen (k G) and ECDH (k Q) for edge scalars equal node:crypto and @noble/curves", async () => {
      const peer = createECDH("secp384r1");
      peer.generateKeys();
      const Q = Uint8Array.from(peer.getPublicKey());
      // node:crypto drops leading zero bytes of the private key (1 key in 256); noble wants all 48
      const raw = peer.getPrivateKey();
      const peerPriv = Uint8Array.from(Buffer.concat([Buffer.alloc(48 - raw.length), raw]));
      for (const k of EDGE) {
        expect(k > 0n && k < n).toBe(true);
        const priv = intToBytes(k, 48);
        const mine = createECDH("secp384r1");
        mine.setPrivateKey(priv);
        const pub = Uint8Array.from(mine.getPublicKey());
        expect(hex((await core.publicFromPrivate(384, priv))!)).toBe(hex(pub));
        expect(hex((await core.p384Ecdh(priv, Q))!)).toBe(hex(mine.computeSecret(Q)));
        // the peer's side of the same exchange: the edge point as the variable base
        const theirs = p384.getSharedSecret(peerPriv, pub, false).subarray(1, 49);
        expect(hex((await core.p384Ecdh(peerPriv, pub))!)).toBe(hex(theirs));
      }
    });

    it("ECDH with the peer key Q = j G for small j and scalars k = n - j (k Q = -j^2 G, never an exceptional case) equals @noble/curves", async () => {
      for (const j of [1n, 2n, 3n, 8n, 16n]) {
        const Q = P.BASE.multiply(j).toBytes(false);
        for (const k of [j, n - j, n - 1n, 2n, 16n]) {
          const want = P.BASE.multiply(j).multiply(k).toBytes(false).subarray(1, 49);
          expect(hex((await core.p384Ecdh(intToBytes(k, 48), Q))!)).toBe(hex(want));
        }
      }
    });

    it("deterministic signatures for edge keys equal @noble/curves byte for byte", async () => {
      for (const k of EDGE) {
        const priv = intToBytes(k, 48);
        const digest = new Uint8Array(48).fill(Number(k & 255n));
        const ours = await core.signDeterministic(384, priv, digest);
        const theirs = p384.sign(digest, priv, { prehash: false, lowS: false });
        expect(hex(ours!)).toBe(hex(theirs));
        expect(bytesToInt(ours!.subarray(0, 48)) < n).toBe(true);
      }
    });
  });
}
