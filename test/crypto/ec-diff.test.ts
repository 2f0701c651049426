// Differential property tests: our core against node:crypto (OpenSSL) and @noble/curves over
// random keys and messages. Counts are a few hundred per property so the suite stays well under
// a minute on two cores (each property runs several P-384 operations per case on each side).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import { createECDH, createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { p256, p384 } from "@noble/curves/nist.js";
import { EcCore, engineFactories, CURVES, intToBytes, bytesToInt, concat } from "./ec.harness";

const RUNS = Number(process.env.EC_DIFF_RUNS ?? 200);

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const CRV = { 256: { jwk: "P-256", ecdh: "prime256v1", hash: "sha256", size: 32 }, 384: { jwk: "P-384", ecdh: "secp384r1", hash: "sha384", size: 48 } } as const;

// A valid private scalar from arbitrary bytes: reduce into [1, n-1].
function scalarFrom(bits: 256 | 384, seed: Uint8Array): Uint8Array {
  const n = CURVES[bits].n;
  return intToBytes((bytesToInt(seed) % (n - 1n)) + 1n, bits / 8);
}

function nodeKeys(bits: 256 | 384, priv: Uint8Array): { pub: Uint8Array; privKey: KeyObject; pubKey: KeyObject } {
  const ecdh = createECDH(CRV[bits].ecdh);
  ecdh.setPrivateKey(priv);
  const pub = Uint8Array.from(ecdh.getPublicKey());
  const size = CRV[bits].size;
  const jwk = { kty: "EC", crv: CRV[bits].jwk, x: b64u(pub.subarray(1, 1 + size)), y: b64u(pub.subarray(1 + size)) };
  return {
    pub,
    privKey: createPrivateKey({ key: { ...jwk, d: b64u(priv) }, format: "jwk" }),
    pubKey: createPublicKey({ key: jwk, format: "jwk" }),
  };
}

const seedArb = fc.uint8Array({ minLength: 64, maxLength: 64 });
const msgArb = fc.uint8Array({ minLength: 0, maxLength: 200 });

for (const f of engineFactories()) {
  describe(`EC differential (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    for (const bits of [256, 384] as const) {
      const noble = bits === 256 ? p256 : p384;
      it(`P-${bits}: signatures by node:crypto and @noble/curves verify; altered ones do not`, async () => {
        await fc.assert(
          fc.asyncProperty(seedArb, msgArb, fc.nat(), async (seed, msg, flip) => {
            const priv = scalarFrom(bits, seed);
            const { pub, privKey } = nodeKeys(bits, priv);
            const digest = createHash(CRV[bits].hash).update(msg).digest();
            const s1 = Uint8Array.from(nodeSign(CRV[bits].hash, msg, { key: privKey, dsaEncoding: "ieee-p1363" }));
            expect(await core.verify(bits, pub, digest, s1)).toBe(true);
            const s2 = noble.sign(digest, priv, { prehash: false, lowS: false });
            expect(await core.verify(bits, pub, digest, s2)).toBe(true);
            const bad = Uint8Array.from(s1);
            bad[flip % bad.length] ^= 1 << (flip % 8);
            expect(await core.verify(bits, pub, digest, bad)).toBe(false);
            const badDigest = Uint8Array.from(digest);
            badDigest[flip % badDigest.length] ^= 1 << ((flip >> 3) % 8);
            expect(await core.verify(bits, pub, badDigest, s1)).toBe(false);
          }),
          { numRuns: RUNS },
        );
      });

      it(`P-${bits}: digests of other lengths follow bits2int truncation like @noble/curves`, async () => {
        await fc.assert(
          fc.asyncProperty(seedArb, fc.uint8Array({ minLength: 1, maxLength: 80 }), async (seed, digest) => {
            const priv = scalarFrom(bits, seed);
            const pub = noble.getPublicKey(priv, false);
            const sig = noble.sign(digest, priv, { prehash: false, lowS: false });
            expect(await core.verify(bits, pub, digest, sig)).toBe(true);
          }),
          { numRuns: Math.max(20, RUNS >> 2) },
        );
      });
    }

    it("P-384: our hedged signatures verify in node:crypto and @noble/curves", async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, msgArb, async (seed, msg) => {
          const priv = scalarFrom(384, seed);
          const { pub, pubKey } = nodeKeys(384, priv);
          const digest = createHash("sha384").update(msg).digest();
          const sig = await core.p384Sign(priv, digest);
          expect(sig).not.toBeNull();
          expect(nodeVerify("sha384", msg, { key: pubKey, dsaEncoding: "ieee-p1363" }, sig!)).toBe(true);
          expect(p384.verify(sig!, digest, pub, { prehash: false, lowS: false })).toBe(true);
          expect(await core.verify(384, pub, digest, sig!)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it("P-256 and P-384: deterministic RFC 6979 signatures equal @noble/curves' byte for byte", async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, msgArb, fc.constantFrom(256 as const, 384 as const), async (seed, msg, bits) => {
          const priv = scalarFrom(bits, seed);
          const digest = createHash(CRV[bits].hash).update(msg).digest();
          const ours = await core.signDeterministic(bits, priv, digest);
          const theirs = (bits === 256 ? p256 : p384).sign(digest, priv, { prehash: false, lowS: false });
          expect(Buffer.from(ours!).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
        }),
        { numRuns: RUNS },
      );
    });

    it("P-384: ECDH agrees with node:crypto both ways", async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, seedArb, async (s1, s2) => {
          const a = scalarFrom(384, s1);
          const b = scalarFrom(384, s2);
          const other = createECDH("secp384r1");
          other.setPrivateKey(b);
          const bPub = Uint8Array.from(other.getPublicKey());
          const ours = await core.p384Ecdh(a, bPub);
          const aPub = await core.publicFromPrivate(384, a);
          const theirs = other.computeSecret(aPub!);
          expect(Buffer.from(ours!).equals(theirs)).toBe(true);
          const noble = p384.getSharedSecret(b, aPub!, false).subarray(1, 49);
          expect(Buffer.from(noble).equals(theirs)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it("P-384: generated key pairs are valid and agree with node:crypto's public key", async () => {
      const n = CURVES[384].n;
      for (let i = 0; i < Math.max(20, RUNS >> 2); i++) {
        const kp = await core.p384Keygen();
        expect(kp).not.toBeNull();
        const d = bytesToInt(kp!.priv);
        expect(d > 0n && d < n).toBe(true);
        const ecdh = createECDH("secp384r1");
        ecdh.setPrivateKey(kp!.priv);
        expect(Buffer.from(kp!.pub).equals(ecdh.getPublicKey())).toBe(true);
        // and the pair works end to end
        const other = createECDH("secp384r1");
        other.generateKeys();
        const shared = await core.p384Ecdh(kp!.priv, Uint8Array.from(other.getPublicKey()));
        expect(Buffer.from(shared!).equals(other.computeSecret(kp!.pub))).toBe(true);
      }
    });

    it("scalars at the edges (1, 2, n-1, n-2, 2^k) give node:crypto's public keys and signatures that verify", async () => {
      for (const bits of [256, 384] as const) {
        const n = CURVES[bits].n;
        const edge = [1n, 2n, 3n, n - 1n, n - 2n, n - 3n, (n - 1n) / 2n, 1n << BigInt(bits - 1), (1n << BigInt(bits - 32)) - 1n];
        for (const d of edge) {
          const priv = intToBytes(d, bits / 8);
          const { pub } = nodeKeys(bits, priv);
          expect(Buffer.from((await core.publicFromPrivate(bits, priv))!).equals(pub)).toBe(true);
          const digest = createHash(CRV[bits].hash).update(priv).digest();
          const sig = await core.signDeterministic(bits, priv, digest);
          expect(await core.verify(bits, pub, digest, sig!)).toBe(true);
          if (bits === 384) {
            const g = createECDH("secp384r1");
            g.setPrivateKey(intToBytes(1n, 48));
            const x = await core.p384Ecdh(priv, Uint8Array.from(g.getPublicKey())); // d * G
            expect(Buffer.from(x!).equals(pub.subarray(1, 49))).toBe(true);
          }
        }
      }
    });

    it("DER round trip agrees with @noble/curves' DER encoding", async () => {
      await fc.assert(
        fc.asyncProperty(seedArb, msgArb, async (seed, msg) => {
          const priv = scalarFrom(384, seed);
          const digest = createHash("sha384").update(msg).digest();
          const raw = p384.sign(digest, priv, { prehash: false, lowS: false });
          const der = p384.Signature.fromBytes(raw, "compact").toBytes("der");
          expect(Buffer.from(await core.sigToDer(raw)).equals(Buffer.from(der))).toBe(true);
          expect(Buffer.from((await core.sigFromDer(der, 48))!).equals(Buffer.from(raw))).toBe(true);
        }),
        { numRuns: RUNS },
      );
      // small scalars (leading zeros, high bit set after stripping)
      for (const [r, s] of [[1n, 0x80n], [0x7fn, 0xffn], [2n ** 255n, 1n]] as const) {
        const raw = concat(intToBytes(r, 32), intToBytes(s, 32));
        const der = await core.sigToDer(raw);
        expect(Buffer.from(der).equals(Buffer.from(p256.Signature.fromBytes(raw, "compact").toBytes("der")))).toBe(true);
        expect(Buffer.from((await core.sigFromDer(der, 32))!).equals(Buffer.from(raw))).toBe(true);
      }
    });
  });
}
