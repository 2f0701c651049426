// The split fixed-key path of P-256 verification (p256_verify.ts p256MulSplitVartime, tables in
// p256_split_tables.ts): the generated tables against @noble/curves and against the run-time
// builder, and the path's verdicts against the generic path and @noble/curves (node:crypto for
// Intel's real root-signed collateral). The machinery is key-agnostic: path 2 builds a table for
// any key at run time, so test keys exercise it too.
//
// Signatures with chosen u1 = e/s and u2 = r/s need no private key: with R = u1 G + u2 Q,
// r = x(R) mod n, s = r / u2 and e = u1 s, (r, s) is a valid signature of e under Q. That gives
// valid signatures under the root key and edge scalars (0, 1, n-1, carries into bit 256) at will,
// and with Q = +-G or small multiples, partial sums that meet a table entry or its negation.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createHash, verify as nodeVerify, X509Certificate } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { EcCore, engineFactories, CURVES, intToBytes, bytesToInt } from "./ec.harness";
import { describeShared, readShared } from "../helpers/shared";
import constants from "@phala/dcap-qvl/src/constants.js";
import { mod, invert } from "@noble/curves/abstract/modular.js";

const { n, p } = CURVES[256];
const G = p256.Point.BASE;
type Pt = typeof G;
// BigInt reference arithmetic from @noble/curves (mod: non-negative remainder; invert: a^-1 mod m).
const inv = invert;
const mul = (P: Pt, k: bigint): Pt => (mod(k, n) === 0n ? p256.Point.ZERO : P.multiply(mod(k, n)));
const SPLIT_BYTES = 4 * 64 * 80;

// Deterministic pseudo-random scalars (SHA-256 counter), so a failure reproduces.
let ctr = 0;
const rnd = (): bigint => mod(bytesToInt(createHash("sha256").update(`split-${ctr++}`).digest()), n);

const rootPub = (() => {
  const jwk = new X509Certificate(constants.TRUSTED_ROOT_CA_DER).publicKey.export({ format: "jwk" });
  return Uint8Array.from([4, ...Buffer.from(jwk.x!, "base64url"), ...Buffer.from(jwk.y!, "base64url")]);
})();

// A signature (r, s) of the digest e under Q whose verification computes u1 G + u2 Q with the
// given u1, u2 (u2 != 0); null when that sum is the identity or r would be 0.
function forge(Q: Pt, u1: bigint, u2: bigint): { sig: Uint8Array; digest: Uint8Array } | null {
  const R = mul(G, u1).add(mul(Q, u2));
  if (R.equals(p256.Point.ZERO)) return null;
  const r = mod(R.toAffine().x, n);
  if (r === 0n) return null;
  const s = mod(r * inv(u2, n), n);
  const e = mod(u1 * s, n);
  return { sig: Uint8Array.from([...intToBytes(r, 32), ...intToBytes(s, 32)]), digest: intToBytes(e, 32) };
}

// Scalars at the edges of the split (bits 63/64, 127/128, 191/192), of the NAF (a carry into
// digit 256), and of the group.
const EDGE = [
  1n, 2n, 3n, 127n, 129n, (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n, (1n << 128n) - 1n, 1n << 192n,
  (1n << 192n) - 127n, (1n << 255n) + 1n, (n - 1n) / 2n, n - 2n, n - 1n, n - (1n << 64n),
];

for (const f of engineFactories()) {
  describe(`P-256 split-table verification (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    const put = async (b: Uint8Array) => {
      const a = Number(await core.e.call("api_alloc", Math.max(b.length, 1)));
      if (b.length) await core.e.write(a, b);
      return a;
    };
    const free = async (...ps: number[]) => {
      for (const x of ps) await core.e.call("api_free", x);
    };
    // Verdicts of paths 0 (generic), 1 (automatic) and 2 (split table built at run time for pub).
    async function paths(pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): Promise<boolean[]> {
      const [a, d, s] = [await put(pub), await put(digest), await put(sig)];
      const out: boolean[] = [];
      for (const path of [0, 1, 2]) out.push(Number(await core.e.call("p256_verify_path", path, a, pub.length, d, digest.length, s, sig.length)) === 1);
      await free(a, d, s);
      return out;
    }
    async function table(which: number, pub: Uint8Array): Promise<Uint8Array> {
      const [a, o] = [await put(pub), Number(await core.e.call("api_alloc", SPLIT_BYTES))];
      expect(Number(await core.e.call("p256_split_table", which, a, o))).toBe(1);
      const t = await core.e.read(o, SPLIT_BYTES);
      await free(a, o);
      return t;
    }
    async function hasSplit(pub: Uint8Array): Promise<boolean> {
      const a = await put(pub);
      const r = Number(await core.e.call("p256_has_split", a, pub.length));
      await free(a);
      return r === 1;
    }
    // Checks every path against the expected verdict.
    async function expectAll(pub: Uint8Array, digest: Uint8Array, sig: Uint8Array, what: string): Promise<boolean> {
      const want = p256.verify(sig, digest, pub, { prehash: false, lowS: false });
      expect(await paths(pub, digest, sig), what).toEqual([want, want, want]);
      return want;
    }

    it("the generated G and root-key tables hold (2i + 1) 2^(64 j) P, as @noble/curves and the run-time builder compute them", async () => {
      const rootQ = p256.Point.fromBytes(rootPub);
      const gBytes = G.toBytes(false);
      const tg = await table(0, gBytes);
      const tr = await table(1, rootPub);
      expect(Buffer.from(await table(2, gBytes)).equals(Buffer.from(tg))).toBe(true);
      expect(Buffer.from(await table(2, rootPub)).equals(Buffer.from(tr))).toBe(true);
      const rInv = inv(1n << 260n, p);
      const coord = (t: Uint8Array, off: number) => {
        let v = 0n;
        for (let l = 9; l >= 0; l--) v = (v << 26n) | BigInt(Buffer.from(t.buffer, t.byteOffset + off + 4 * l, 4).readUInt32LE());
        expect(v < p).toBe(true); // fully reduced
        return mod(v * rInv, p);
      };
      for (const [t, P] of [[tg, G], [tr, rootQ]] as const) {
        for (let j = 0; j < 4; j++) {
          let E = mul(P, 1n << BigInt(64 * j));
          const E2 = E.double();
          for (let i = 0; i < 64; i++) {
            const off = (64 * j + i) * 80;
            const a = E.toAffine();
            expect(coord(t, off)).toBe(a.x);
            expect(coord(t, off + 40)).toBe(a.y);
            E = E.add(E2);
          }
        }
      }
    });

    it("the generated point formulas (p256_point26.ts) equal the compositions of field calls limb for limb, up to the N-form bounds", async () => {
      const buf = Number(await core.e.call("api_alloc", 480));
      let seed = 7;
      const rand26 = () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed & 0x3ffffff;
      };
      // N form: limbs < 2^26, the top one < 2^23 (value < 2^257); random, at the bounds, zero.
      const elems = (kind: number, count: number) =>
        Array.from({ length: 10 * count }, (_, i) => (kind === 1 ? (i % 10 === 9 ? 2 ** 23 - 1 : 2 ** 26 - 1) : kind === 2 ? 0 : i % 10 === 9 ? rand26() >>> 3 : rand26()));
      const bytes = (l: number[]) => Uint8Array.from(Buffer.from(new Uint32Array(l).buffer));
      const ONE = [0x10, 0, 0, 0x3c00000, 0x3ffffff, 0x3ffffff, 0x3ffffff, 0x3ffbfff, 0xfffff, 0]; // P26_ONE
      // Runs op on (q, b) both ways; returns the fused flag after checking they agree.
      const both = async (op: number, q: number[], b: number[], what: string): Promise<number> => {
        await core.e.write(buf, bytes(q));
        await core.e.write(buf + 120, bytes(b));
        const f1 = Number(await core.e.call("p256_point", op, 1, buf + 240, buf, buf + 120));
        const f0 = Number(await core.e.call("p256_point", op, 0, buf + 360, buf, buf + 120));
        expect(f1, what).toBe(f0);
        if (f1 === 1) {
          const fused = Buffer.from(await core.e.read(buf + 240, 120));
          expect(fused.equals(Buffer.from(await core.e.read(buf + 360, 120))), what).toBe(true);
          // In place (r = q) too.
          await core.e.call("p256_point", op, 1, buf, buf, buf + 120);
          expect(Buffer.from(await core.e.read(buf, 120)).equals(fused), `${what} in place`).toBe(true);
        }
        return f1;
      };
      for (let c = 0; c < 150; c++) {
        const kind = c < 2 ? c + 1 : 0;
        const q = elems(kind, 3);
        expect(await both(0, q, elems(0, 3), `dbl ${c}`)).toBe(1);
        expect(await both(1, q, elems(c === 0 ? 1 : 0, 3), `add ${c}`)).toBe(c < 2 ? 0 : 1); // c = 0: the same point twice; c = 1: q = 0; H = 0
        expect(await both(2, elems(c === 0 ? 1 : 0, 3), elems(0, 2), `madd ${c}`)).toBe(1);
      }
      // H = 0: the same point twice (add), and x2 = X1 with Z1 = 1 (madd): nothing stored.
      for (let c = 0; c < 5; c++) {
        const q = elems(0, 3);
        expect(await both(1, q, q, `add H = 0, ${c}`)).toBe(0);
        const one = [...q.slice(0, 20), ...ONE];
        expect(await both(2, one, [...q.slice(0, 10), ...elems(0, 1)], `madd H = 0, ${c}`)).toBe(0);
      }
      await core.e.call("api_free", buf);
    });

    it("only Intel's root key selects the built-in table", async () => {
      expect(await hasSplit(rootPub)).toBe(true);
      for (const at of [1, 17, 32, 33, 64]) {
        const m = Uint8Array.from(rootPub);
        m[at] ^= 1;
        expect(await hasSplit(m)).toBe(false);
      }
      expect(await hasSplit(rootPub.subarray(0, 64))).toBe(false);
      expect(await hasSplit(G.toBytes(false))).toBe(false);
    });

    it("root key: valid signatures with random and edge u1, u2 verify on every path; mutated ones fail on every path", async () => {
      const Q = p256.Point.fromBytes(rootPub);
      const pairs: [bigint, bigint][] = [];
      for (let i = 0; i < 12; i++) pairs.push([rnd(), rnd()]);
      for (const e of EDGE) pairs.push([e, rnd()], [rnd(), e], [e, e]);
      pairs.push([0n, rnd()], [0n, 1n], [0n, n - 1n]);
      let valid = 0;
      for (const [u1, u2] of pairs) {
        const f1 = forge(Q, u1, u2);
        if (f1 === null) continue;
        expect(await expectAll(rootPub, f1.digest, f1.sig, `u1=${u1} u2=${u2}`)).toBe(true);
        valid++;
        const bad = Uint8Array.from(f1.sig);
        bad[(valid * 7) % 64] ^= 1 << valid % 8;
        expect(await expectAll(rootPub, f1.digest, bad, `mutated sig, u1=${u1} u2=${u2}`)).toBe(false);
        const badD = Uint8Array.from(f1.digest);
        badD[31] ^= 1;
        expect(await expectAll(rootPub, badD, f1.sig, `mutated digest, u1=${u1} u2=${u2}`)).toBe(false);
      }
      expect(valid).toBeGreaterThan(50);
    });

    it("test keys +-G, 2G, 3G and a random key: edge scalars with exceptional additions agree on every path", async () => {
      const keys = [1n, n - 1n, 2n, 3n, rnd()];
      for (const d of keys) {
        const Q = mul(G, d);
        const pub = Q.toBytes(false);
        // u1 G + u2 Q = (u1 + d u2) G: choose u1 to make partial sums collide (equal digits on the
        // same table rows when Q = G), to cancel (the identity: rejected), or to double.
        const cases: [bigint, bigint][] = [];
        for (const u2 of [1n, 2n, 5n, (1n << 64n) + 3n, n - 1n, rnd()]) {
          cases.push([mod(u2 * d, n), u2], [mod(-u2 * d, n), u2], [mod(2n * u2 * d, n), u2], [mod(u2 * d + 1n, n), u2]);
        }
        for (const e of EDGE) cases.push([e, e], [mod(-e * d, n), e]);
        let rejected = 0;
        for (const [u1, u2] of cases) {
          const f1 = forge(Q, u1, u2);
          if (f1 === null) {
            // The sum is the identity: any (r, s) with these u1, u2 must be rejected.
            const s = 1n;
            const sig = Uint8Array.from([...intToBytes(u2, 32), ...intToBytes(s, 32)]);
            expect(await expectAll(pub, intToBytes(u1, 32), sig, `identity d=${d} u1=${u1} u2=${u2}`)).toBe(false);
            rejected++;
            continue;
          }
          expect(await expectAll(pub, f1.digest, f1.sig, `d=${d} u1=${u1} u2=${u2}`)).toBe(true);
        }
        expect(rejected).toBeGreaterThan(0);
      }
    });

    it("random keys and arbitrary (r, s, e): the paths agree with @noble/curves", async () => {
      for (let i = 0; i < 12; i++) {
        const pub = mul(G, rnd()).toBytes(false);
        for (let k = 0; k < 3; k++) {
          const sig = Uint8Array.from([...intToBytes(mod(rnd(), n - 1n) + 1n, 32), ...intToBytes(mod(rnd(), n - 1n) + 1n, 32)]);
          await expectAll(pub, intToBytes(rnd(), 32), sig, `random ${i}/${k}`);
        }
      }
    });
  });
}

// Real data: the collateral's root-signed objects (root CA CRL, PCK Platform CA and TCB
// signing certificates), verified by node:crypto and by every path of ours.
describeShared("P-256 split-table verification on Intel's root-signed collateral", () => {
  for (const f of engineFactories()) {
    describe(f.name, () => {
      let core: EcCore;
      beforeAll(async () => {
        core = new EcCore(await f.make());
      });
      afterAll(async () => core.e.close());

      // DER: tag, length, and the offsets of the content (definite lengths only).
      const tlv = (b: Uint8Array, at: number) => {
        let len = b[at + 1], hdr = 2;
        if (len & 0x80) {
          const k = len & 0x7f;
          len = 0;
          for (let i = 0; i < k; i++) len = len * 256 + b[at + 2 + i];
          hdr += k;
        }
        return { start: at + hdr, end: at + hdr + len };
      };
      // A signed object (certificate or CRL): SEQUENCE { tbs, algorithm, BIT STRING signature }.
      function signed(der: Uint8Array): { tbs: Uint8Array; sig: Uint8Array } {
        const outer = tlv(der, 0);
        const tbs = tlv(der, outer.start);
        const alg = tlv(der, tbs.end);
        const bits = tlv(der, alg.end);
        const seq = tlv(der, bits.start + 1);
        const r = tlv(der, seq.start);
        const s = tlv(der, r.end);
        const int = (x: { start: number; end: number }) => intToBytes(bytesToInt(der.subarray(x.start, x.end)), 32);
        return { tbs: der.subarray(outer.start, tbs.end), sig: Uint8Array.from([...int(r), ...int(s)]) };
      }
      const pemCerts = (pem: string) =>
        [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((m) => Uint8Array.from(Buffer.from(m[1], "base64")));

      it("root-signed CRLs and certificates verify on every path like node:crypto", async () => {
        const coll = JSON.parse(readShared("testdata", "collateral", "phala_tdx_v4_b0c06f_collateral.json").toString());
        const objects: Uint8Array[] = [Uint8Array.from(Buffer.from(coll.root_ca_crl, "hex"))];
        for (const chain of [coll.pck_crl_issuer_chain, coll.tcb_info_issuer_chain, coll.qe_identity_issuer_chain]) objects.push(...pemCerts(chain));
        const key = new X509Certificate(constants.TRUSTED_ROOT_CA_DER).publicKey;
        let rootSigned = 0;
        for (const der of objects) {
          const { tbs, sig } = signed(der);
          const want = nodeVerify("sha256", tbs, { key, dsaEncoding: "ieee-p1363" }, sig);
          const digest = Uint8Array.from(createHash("sha256").update(tbs).digest());
          expect(await core.verify(256, rootPub, digest, sig)).toBe(want);
          const [a, d, s] = [rootPub, digest, sig];
          for (const path of [0, 1, 2]) {
            const pa = Number(await core.e.call("api_alloc", 65)), pd = Number(await core.e.call("api_alloc", 32)), ps = Number(await core.e.call("api_alloc", 64));
            await core.e.write(pa, a); await core.e.write(pd, d); await core.e.write(ps, s);
            expect(Number(await core.e.call("p256_verify_path", path, pa, 65, pd, 32, ps, 64)) === 1, `path ${path}`).toBe(want);
            for (const x of [pa, pd, ps]) await core.e.call("api_free", x);
          }
          if (want) {
            rootSigned++;
            const bad = Uint8Array.from(sig);
            bad[40] ^= 0x10;
            expect(await core.verify(256, rootPub, digest, bad)).toBe(false);
          }
        }
        // The root CA CRL, the PCK Platform CA and TCB signing certificates, the root's own
        // self-signed certificate in each chain.
        expect(rootSigned).toBeGreaterThanOrEqual(3);
      });
    });
  }
});
