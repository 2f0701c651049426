// Everything invalid is rejected (false / null) and nothing traps: malformed or off-curve public
// keys, coordinates >= p, the point at infinity, r or s outside [1, n-1], bad private scalars,
// and non-DER signature encodings; plus random garbage through every entry point.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { createECDH, createHash } from "node:crypto";
import { p256, p384 } from "@noble/curves/nist.js";
import { EcCore, engineFactories, CURVES, intToBytes, bytesToInt, concat, hex } from "./ec.harness";

const B = {
  256: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  384: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
} as const;

function modpow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

// The curve point with the smallest x >= 0 (p = 3 mod 4, so sqrt(a) = a^((p+1)/4)).
function smallPoint(bits: 256 | 384): [bigint, bigint] {
  const p = CURVES[bits].p;
  for (let x = 0n; ; x++) {
    const rhs = (((x * x * x - 3n * x + B[bits]) % p) + p) % p;
    const y = modpow(rhs, (p + 1n) / 4n, p);
    if ((y * y) % p === rhs) return [x, y];
  }
}

function fixture(bits: 256 | 384) {
  const size = bits / 8;
  const noble = bits === 256 ? p256 : p384;
  const priv = intToBytes(0x1234567890abcdefn * 0xfedcba987654321n, size);
  const pub = noble.getPublicKey(priv, false);
  const digest = createHash(bits === 256 ? "sha256" : "sha384").update("fixture").digest();
  const sig = noble.sign(digest, priv, { prehash: false, lowS: false });
  return { size, priv, pub, digest, sig };
}

for (const f of engineFactories()) {
  describe(`EC rejection of invalid input (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    for (const bits of [256, 384] as const) {
      const { p, n } = CURVES[bits];
      const fx = fixture(bits);
      const size = fx.size;

      it(`P-${bits}: the fixture signature verifies (control)`, async () => {
        expect(await core.verify(bits, fx.pub, fx.digest, fx.sig)).toBe(true);
      });

      it(`P-${bits}: public keys that are not valid uncompressed points are rejected`, async () => {
        const [sx, sy] = smallPoint(bits);
        const X = fx.pub.subarray(1, 1 + size);
        const Y = fx.pub.subarray(1 + size);
        const cases: Array<[string, Uint8Array]> = [
          ["empty", new Uint8Array(0)],
          ["infinity as 00", hex("00")],
          ["04 || 0 || 0", concat(hex("04"), new Uint8Array(2 * size))],
          ["compressed 02 || X", concat(hex("02"), X)],
          ["compressed 03 || X", concat(hex("03"), X)],
          ["hybrid 06 prefix", concat(hex("06"), X, Y)],
          ["prefix 05", concat(hex("05"), X, Y)],
          ["one byte short", fx.pub.subarray(0, fx.pub.length - 1)],
          ["one byte long", concat(fx.pub, hex("00"))],
          ["off the curve (y+1)", concat(hex("04"), X, intToBytes((bytesToInt(Y) + 1n) % p, size))],
          ["x = p + small x of a curve point", concat(hex("04"), intToBytes(sx + p, size), intToBytes(sy, size))],
          ["x = p", concat(hex("04"), intToBytes(p, size), Y)],
          ["y = p", concat(hex("04"), X, intToBytes(p, size))],
          ["y = 2^bits - 1", concat(hex("04"), X, new Uint8Array(size).fill(0xff))],
        ];
        // control: the small point itself is valid
        const control = concat(hex("04"), intToBytes(sx, size), intToBytes(sy, size));
        if (bits === 384) expect(await core.p384Ecdh(fx.priv, control)).not.toBeNull();
        for (const [name, pub] of cases) {
          expect([name, await core.verify(bits, pub, fx.digest, fx.sig)]).toEqual([name, false]);
          if (bits === 384) expect([name, await core.p384Ecdh(fx.priv, pub)]).toEqual([name, null]);
        }
      });

      it(`P-${bits}: r or s equal to 0, n, n + 1 or 2^bits - 1 is rejected; n - s (malleable) is accepted`, async () => {
        const r = bytesToInt(fx.sig.subarray(0, size));
        const s = bytesToInt(fx.sig.subarray(size));
        const bad = [0n, n, n + 1n, (1n << BigInt(bits)) - 1n];
        for (const v of bad) {
          expect(await core.verify(bits, fx.pub, fx.digest, concat(intToBytes(v, size), intToBytes(s, size)))).toBe(false);
          expect(await core.verify(bits, fx.pub, fx.digest, concat(intToBytes(r, size), intToBytes(v, size)))).toBe(false);
        }
        // r + n and s + n stand for the same residues: must still be rejected (when they fit)
        if (r + n < 1n << BigInt(bits)) expect(await core.verify(bits, fx.pub, fx.digest, concat(intToBytes(r + n, size), intToBytes(s, size)))).toBe(false);
        if (s + n < 1n << BigInt(bits)) expect(await core.verify(bits, fx.pub, fx.digest, concat(intToBytes(r, size), intToBytes(s + n, size)))).toBe(false);
        expect(await core.verify(bits, fx.pub, fx.digest, concat(intToBytes(r, size), intToBytes(n - s, size)))).toBe(true);
        // wrong signature lengths
        expect(await core.verify(bits, fx.pub, fx.digest, fx.sig.subarray(0, 2 * size - 1))).toBe(false);
        expect(await core.verify(bits, fx.pub, fx.digest, concat(fx.sig, hex("00")))).toBe(false);
        expect(await core.verify(bits, fx.pub, fx.digest, new Uint8Array(0))).toBe(false);
      });

      it(`P-${bits}: every single-bit flip of the signature is rejected`, async () => {
        for (let bit = 0; bit < fx.sig.length * 8; bit += 3) {
          const s2 = Uint8Array.from(fx.sig);
          s2[bit >> 3] ^= 1 << (bit & 7);
          expect(await core.verify(bits, fx.pub, fx.digest, s2)).toBe(false);
        }
      });
    }

    it("P-384: private scalars 0, n, n + 1, 2^384 - 1 or of the wrong length are refused by sign and ECDH", async () => {
      const { n } = CURVES[384];
      const peer = createECDH("secp384r1");
      peer.generateKeys();
      const peerPub = Uint8Array.from(peer.getPublicKey());
      const digest = new Uint8Array(48).fill(7);
      for (const k of [intToBytes(0n, 48), intToBytes(n, 48), intToBytes(n + 1n, 48), new Uint8Array(48).fill(0xff), new Uint8Array(47).fill(1), new Uint8Array(49).fill(1), new Uint8Array(0)]) {
        expect(await core.p384Sign(k, digest)).toBeNull();
        expect(await core.p384Ecdh(k, peerPub)).toBeNull();
      }
    });

    it("DER: non-canonical, truncated, over-long and out-of-range encodings are rejected", async () => {
      const good = hex("3006020101020102");
      expect(await core.sigFromDer(good, 32)).toEqual(concat(intToBytes(1n, 32), intToBytes(2n, 32)));
      const bad: Array<[string, string]> = [
        ["empty", ""],
        ["only the tag", "30"],
        ["empty sequence", "3000"],
        ["truncated", "30060201010201"],
        ["trailing byte after the sequence", "300602010102010200"],
        ["sequence length too long", "3007020101020102"],
        ["sequence length too short", "3005020101020102"],
        ["extra element inside", "3009020101020102020103"],
        ["one integer only", "3003020101"],
        ["wrong outer tag", "3106020101020102"],
        ["wrong inner tag", "3006030101020102"],
        ["indefinite length", "3080020101020102 0000".replace(" ", "")],
        ["non-minimal long-form length", "308106020101020102"],
        ["non-minimal integer (leading 00)", "300702020001020102"],
        ["non-minimal integer (leading ff)", "30070202ff81020102"],
        ["negative r", "3006020181020102"],
        ["zero r", "3006020100020102"],
        ["zero s", "3006020101020100"],
        ["zero-length integer", "30050200020102"],
        ["integer longer than the scalar", "3026022101" + "00".repeat(32) + "020102"],
      ];
      for (const [name, h] of bad) expect([name, await core.sigFromDer(hex(h), 32)]).toEqual([name, null]);
      // 33 bytes with a sign-clearing zero is the largest acceptable P-256 integer
      const big = hex("3026022100" + "ff".repeat(32) + "020101");
      expect(await core.sigFromDer(big, 32)).toEqual(concat(new Uint8Array(32).fill(0xff), intToBytes(1n, 32)));
      // the scalar length parameter is validated too
      expect(await core.sigFromDer(good, 0)).toBeNull();
      expect(await core.sigFromDer(good, -1)).toBeNull();
    });

    it("random bytes never trap any entry point and are (almost surely) rejected", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 120 }),
          fc.uint8Array({ maxLength: 120 }),
          fc.uint8Array({ maxLength: 100 }),
          fc.constantFrom(32, 48),
          async (a, b, c, scalarLen) => {
            expect(await core.sigFromDer(a, scalarLen)).toBeNull();
            expect(await core.verify(256, a, c, b)).toBe(false);
            expect(await core.verify(384, a, c, b)).toBe(false);
            expect(await core.p384Ecdh(c.subarray(0, 48), a)).toBeNull();
            const der = await core.sigToDer(a);
            if (a.length % 2 === 1 || a.length === 0) expect(der.length).toBe(0);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
}
