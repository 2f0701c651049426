// AES (bitsliced) and AES-GCM of the core (assembly/crypto) against FIPS 197 and the GCM spec's
// test cases and, over random inputs, against node:crypto and @noble/ciphers; forged or truncated
// messages must be rejected without releasing plaintext. Runs on every available engine.
import { createCipheriv, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { gcm as nobleGcm } from "@noble/ciphers/aes.js";
import { type Engine } from "../helpers/engine";
import { engineFactories } from "../helpers/engines";
import { Mem } from "../helpers/mem";
import { ROOT, ensureTestWasm } from "../helpers/test-wasm";

const vec = (f: string) => JSON.parse(readFileSync(join(ROOT, "test/vectors", f), "utf8"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

// FIPS 197 §5.1.1: S(x) = affine(x^-1) with inverse in GF(2^8) mod x^8 + x^4 + x^3 + x + 1.
function sboxTable(): Uint8Array {
  const mul = (a: number, b: number) => {
    let r = 0;
    for (; b; b >>= 1, a = (a << 1) ^ (a & 0x80 ? 0x11b : 0)) if (b & 1) r ^= a;
    return r;
  };
  const s = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    let inv = 0;
    for (let y = 1; y < 256 && x; y++) if (mul(x, y) === 1) inv = y;
    let b = inv;
    for (let i = 1; i < 5; i++) b ^= ((inv << i) | (inv >> (8 - i))) & 0xff;
    s[x] = b ^ 0x63;
  }
  return s;
}

function nodeSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-gcm` as "aes-256-gcm", key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

const WASM = ensureTestWasm("crypto_sym");
for (const { name, make } of engineFactories(() => WASM)) {
  const runs = name === "node" ? 1 : 0.5;
  const n = (k: number) => Math.max(10, Math.round(k * runs));

  describe(`AES and AES-GCM (${name} engine)`, () => {
    let e: Engine;
    let m: Mem;
    beforeAll(async () => {
      e = await make();
      m = new Mem(e);
    });
    afterAll(async () => e?.close());

    async function seal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Promise<Uint8Array> {
      const o = await m.put(new Uint8Array(pt.length + 16));
      await e.call("gcm_seal", await m.put(key), key.length, await m.put(iv), iv.length, await m.put(aad), aad.length, await m.put(pt), pt.length, o);
      const r = await e.read(o, pt.length + 16);
      await m.free();
      return r;
    }
    // Returns the plaintext or null; `untouched` reports whether a rejected open left the
    // output buffer (pre-filled with a canary) as it was.
    async function open(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ct: Uint8Array): Promise<{ pt: Uint8Array | null; untouched: boolean }> {
      const outLen = Math.max(ct.length - 16, 0);
      const canary = new Uint8Array(outLen).fill(0xa5);
      const o = await m.put(canary);
      const ok = await e.call("gcm_open", await m.put(key), key.length, await m.put(iv), iv.length, await m.put(aad), aad.length, await m.put(ct), ct.length, o);
      const r = await e.read(o, outLen);
      await m.free();
      return { pt: ok === 1 ? r : null, untouched: Buffer.from(r).equals(Buffer.from(canary)) };
    }

    describe("AES block cipher", () => {
      it("the bitsliced S-box equals FIPS 197 Fig. 7 on all 256 inputs", async () => {
        const table = sboxTable();
        expect(table[0x53]).toBe(0xed); // the worked example of FIPS 197 §5.1.1
        const got = new Uint8Array(256);
        for (let base = 0; base < 256; base += 64) {
          const p = await m.put(Uint8Array.from({ length: 64 }, (_, i) => base + i));
          await e.call("aes_sub_bytes64", p);
          got.set(await e.read(p, 64), base);
          await m.free();
        }
        expect(hex(got)).toBe(hex(table));
      });

      for (const v of vec("aes-fips197.json").vectors) {
        it(`encrypts the FIPS 197 example ${v.name} in every one of the four block slots`, async () => {
          const pt = Buffer.concat(Array(4).fill(unhex(v.pt)));
          const p = await m.put(pt);
          const k = unhex(v.key);
          await e.call("aes_encrypt", await m.put(k), k.length, p, p, 1);
          expect(hex(await e.read(p, 64))).toBe(v.ct.repeat(4));
          await m.free();
        });
      }

      it("agrees with node:crypto AES-ECB for random keys of 16, 24 and 32 bytes", async () => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(16, 24, 32), fc.integer({ min: 1, max: 8 }), async (kl, groups) => {
            const key = randomBytes(kl), pt = randomBytes(64 * groups);
            const src = await m.put(pt), dst = await m.put(new Uint8Array(pt.length));
            await e.call("aes_encrypt", await m.put(key), kl, src, dst, groups);
            const c = createCipheriv(`aes-${kl * 8}-ecb`, key, null);
            c.setAutoPadding(false);
            expect(hex(await e.read(dst, pt.length))).toBe(hex(Buffer.concat([c.update(pt), c.final()])));
            await m.free();
          }),
          { numRuns: n(200) },
        );
      });
    });

    describe("AES-GCM", () => {
      for (const v of vec("aes-gcm-spec.json").vectors) {
        it(`seals and opens GCM spec ${v.name} (AES-${v.key.length * 4}, ${v.iv.length * 4}-bit IV)`, async () => {
          const [k, iv, a, p] = [unhex(v.key), unhex(v.iv), unhex(v.aad), unhex(v.pt)];
          expect(hex(await seal(k, iv, a, p))).toBe(v.ct + v.tag);
          const r = await open(k, iv, a, unhex(v.ct + v.tag));
          expect(r.pt && hex(r.pt)).toBe(v.pt);
        });
      }

      it("seal agrees with node:crypto and @noble/ciphers; open inverts it", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(16, 32), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 3000 }),
            async (kl, aad, pt) => {
              const key = randomBytes(kl), iv = randomBytes(12);
              const ct = await seal(key, iv, aad, pt);
              expect(hex(ct)).toBe(hex(nodeSeal(key, iv, aad, pt)));
              expect(hex(ct)).toBe(hex(nobleGcm(key, iv, aad).encrypt(pt)));
              const r = await open(key, iv, aad, ct);
              expect(r.pt && hex(r.pt)).toBe(hex(pt));
            },
          ),
          { numRuns: n(800) },
        );
      });

      it("IVs of other lengths follow SP 800-38D §7.1 (J0 by GHASH), as node:crypto does", async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 80 }), fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), async (ivLen, aad, pt) => {
            const key = randomBytes(16), iv = randomBytes(ivLen);
            expect(hex(await seal(key, iv, aad, pt))).toBe(hex(nodeSeal(key, iv, aad, pt)));
          }),
          { numRuns: n(200) },
        );
      });

      it("open rejects any single flipped bit in ciphertext, tag, AAD or IV, and writes no plaintext", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 600 }), fc.constantFrom("ct", "aad", "iv"), fc.nat(), fc.nat(7),
            async (aad, pt, where, pos, bit) => {
              const key = randomBytes(32), iv = randomBytes(12);
              const ct = nodeSeal(key, iv, aad, pt);
              const target = where === "ct" ? ct : where === "aad" ? aad : iv;
              if (target.length === 0) return;
              const t = Uint8Array.from(target);
              t[pos % t.length] ^= 1 << bit;
              const r = where === "ct" ? await open(key, iv, aad, t) : where === "aad" ? await open(key, iv, t, ct) : await open(key, t, aad, ct);
              expect(r.pt).toBeNull();
              expect(r.untouched).toBe(true);
            },
          ),
          { numRuns: n(800) },
        );
      });

      it("open rejects inputs shorter than a tag, truncated messages and a wrong key", async () => {
        const key = randomBytes(16), iv = randomBytes(12), aad = randomBytes(5), pt = randomBytes(100);
        const ct = nodeSeal(key, iv, aad, pt);
        for (let len = 0; len < 16; len++) expect((await open(key, iv, aad, ct.subarray(0, len))).pt).toBeNull();
        for (const len of [16, 17, 99, 115]) expect((await open(key, iv, aad, ct.subarray(0, len))).pt).toBeNull();
        expect((await open(randomBytes(16), iv, aad, ct)).pt).toBeNull();
      });

      it("an empty plaintext with empty AAD gives a bare tag that opens to an empty plaintext", async () => {
        const key = randomBytes(32), iv = randomBytes(12), empty = new Uint8Array(0);
        const ct = await seal(key, iv, empty, empty);
        expect(hex(ct)).toBe(hex(nodeSeal(key, iv, empty, empty)));
        const r = await open(key, iv, empty, ct);
        expect(r.pt).not.toBeNull();
        expect(r.pt!.length).toBe(0);
      });

      it("an empty IV (outside SP 800-38D) and a bad key length on open do not trap", async () => {
        const key = randomBytes(16), aad = randomBytes(3), pt = randomBytes(40), empty = new Uint8Array(0);
        const ct = await seal(key, empty, aad, pt);
        expect(ct.length).toBe(56);
        expect(hex((await open(key, empty, aad, ct)).pt!)).toBe(hex(pt));
        for (const kl of [0, 1, 15, 17, 31, 33]) expect((await open(randomBytes(kl), randomBytes(12), aad, ct)).pt).toBeNull();
      });

      it("a keyed context seals and opens many records in place, matching the one-shot functions", async () => {
        const key = randomBytes(32);
        await e.call("gcm_ctx_new", await m.put(key), 32);
        for (let i = 0; i < n(100); i++) {
          const iv = randomBytes(12), aad = randomBytes(i % 13), pt = randomBytes((i * 37) % 1500);
          const ivp = await m.put(iv), ap = await m.put(aad);
          const buf = await m.put(Buffer.concat([pt, Buffer.alloc(16)]));
          await e.call("gcm_ctx_seal", ivp, iv.length, ap, aad.length, buf, pt.length);
          expect(hex(await e.read(buf, pt.length + 16))).toBe(hex(nodeSeal(key, iv, aad, pt)));
          expect(await e.call("gcm_ctx_open", ivp, iv.length, ap, aad.length, buf, pt.length)).toBe(1);
          expect(hex(await e.read(buf, pt.length))).toBe(hex(pt));
          await m.free();
        }
        await e.call("gcm_ctx_wipe");
      });
    });

    describe("resources and secrets", () => {
      it("memory stays flat over 3000 rounds of hash, HMAC, HKDF, seal and open", async () => {
        const d = await m.put(randomBytes(1500));
        expect(await e.call("churn", 200, d, 1500)).toBe(200); // warm-up: heap reaches its size
        const before = await e.call("mem_pages");
        expect(await e.call("churn", 3000, d, 1500)).toBe(3000);
        expect(await e.call("mem_pages")).toBe(before);
        await m.free();
      });

      it("wipe() zeroes exactly the bytes of the view it is given", async () => {
        const data = new Uint8Array(100).fill(0xee);
        const p = await m.put(data);
        await e.call("wipe_range", p, 100, 10, 37);
        const r = await e.read(p, 100);
        expect([...r].map((b, i) => (i >= 10 && i < 47 ? b === 0 : b === 0xee)).every(Boolean)).toBe(true);
        await m.free();
      });
    });
  });
}
