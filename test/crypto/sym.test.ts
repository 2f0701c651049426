// SHA-2, HMAC and HKDF of the core (assembly/crypto) against published known answers and, over
// random inputs, against node:crypto and @noble/hashes. Runs on every available engine.
import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { expand as nobleExpand } from "@noble/hashes/hkdf.js";
import { sha384 as nobleSha384 } from "@noble/hashes/sha2.js";
import { type Engine } from "../helpers/engine";
import { engineFactories } from "../helpers/engines";
import { Mem } from "../helpers/mem";
import { ROOT, ensureTestWasm } from "../helpers/test-wasm";

const vec = (f: string) => JSON.parse(readFileSync(join(ROOT, "test/vectors", f), "utf8"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));

const HASHES = [
  { kind: 256, node: "sha256", len: 32 },
  { kind: 384, node: "sha384", len: 48 },
  { kind: 512, node: "sha512", len: 64 },
] as const;

const WASM = ensureTestWasm("crypto_sym");
for (const { name, make } of engineFactories(() => WASM)) {
  const runs = name === "node" ? 1 : 0.5;
  const n = (k: number) => Math.max(10, Math.round(k * runs));

  describe(`SHA-2, HMAC, HKDF (${name} engine)`, () => {
    let e: Engine;
    let m: Mem;
    beforeAll(async () => {
      e = await make();
      m = new Mem(e);
    });
    afterAll(async () => e?.close());

    async function hash(kind: number, data: Uint8Array, chunk = 0): Promise<string> {
      const p = await m.put(data);
      const o = await m.out(64);
      if (chunk > 0) await e.call("hash_chunked", kind, p, data.length, chunk, o);
      else await e.call("hash", kind, p, data.length, o);
      const r = hex(await e.read(o, kind / 8));
      await m.free();
      return r;
    }
    async function hmac(kind: number, key: Uint8Array, data: Uint8Array): Promise<string> {
      const o = await m.out(64);
      await e.call("hmac", kind, await m.put(key), key.length, await m.put(data), data.length, o);
      const r = hex(await e.read(o, kind / 8));
      await m.free();
      return r;
    }
    async function extract(kind: number, salt: Uint8Array, ikm: Uint8Array): Promise<string> {
      const o = await m.out(64);
      await e.call("hkdf_extract", kind, await m.put(salt), salt.length, await m.put(ikm), ikm.length, o);
      const r = hex(await e.read(o, kind / 8));
      await m.free();
      return r;
    }
    async function expand(kind: number, prk: Uint8Array, info: Uint8Array, len: number): Promise<string> {
      const o = await m.out(len);
      await e.call("hkdf_expand", kind, await m.put(prk), prk.length, await m.put(info), info.length, len, o);
      const r = hex(await e.read(o, len));
      await m.free();
      return r;
    }
    async function expandLabel(kind: number, secret: Uint8Array, label: string, ctx: Uint8Array, len: number): Promise<string> {
      const o = await m.out(len);
      const lab = Buffer.from(label);
      await e.call("hkdf_expand_label", kind, await m.put(secret), secret.length, await m.put(lab), lab.length, await m.put(ctx), ctx.length, len, o);
      const r = hex(await e.read(o, len));
      await m.free();
      return r;
    }
    async function deriveSecret(kind: number, secret: Uint8Array, label: string, th: Uint8Array): Promise<string> {
      const o = await m.out(64);
      const lab = Buffer.from(label);
      await e.call("derive_secret", kind, await m.put(secret), secret.length, await m.put(lab), lab.length, await m.put(th), o);
      const r = hex(await e.read(o, kind / 8));
      await m.free();
      return r;
    }

    describe("SHA-256 / SHA-384 / SHA-512", () => {
      for (const v of vec("sha2.json").vectors) {
        it(`match the FIPS 180-4 example digests: ${v.name}`, async () => {
          const data = v.ascii !== undefined ? Buffer.from(v.ascii) : Buffer.alloc(v.count, v.repeat);
          for (const h of HASHES) expect(await hash(h.kind, data)).toBe(v[h.node]);
        });
      }

      it("agree with node:crypto on every length 0..300 (all padding boundaries)", async () => {
        const all = randomBytes(300);
        for (let len = 0; len <= 300; len++) {
          const d = all.subarray(0, len);
          for (const h of HASHES) expect(await hash(h.kind, d), `${h.node} len ${len}`).toBe(createHash(h.node).update(d).digest("hex"));
        }
      });

      it("agree with node:crypto on random inputs, one-shot and fed in random pieces", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 300 }), fc.constantFrom(...HASHES), async (d, chunk, h) => {
            const want = createHash(h.node).update(d).digest("hex");
            expect(await hash(h.kind, d)).toBe(want);
            // hash_chunked digests twice through one context: checks final() resets it
            expect(await hash(h.kind, d, chunk)).toBe(want);
          }),
          { numRuns: n(1500) },
        );
      });

      it("SHA-384 agrees with @noble/hashes", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (d) => {
            expect(await hash(384, d)).toBe(hex(nobleSha384(d)));
          }),
          { numRuns: n(300) },
        );
      });
    });

    describe("HMAC", () => {
      for (const v of vec("hmac-rfc4231.json").vectors) {
        it(`matches RFC 4231 ${v.name}`, async () => {
          for (const h of HASHES) {
            const got = await hmac(h.kind, unhex(v.key), unhex(v.data));
            expect(got.slice(0, (v.truncate ?? 64) * 2)).toBe(v["hmac_" + h.node]);
          }
        });
      }

      it("agrees with node:crypto for random keys (shorter and longer than a block) and data", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(...HASHES), async (k, d, h) => {
            expect(await hmac(h.kind, k, d)).toBe(createHmac(h.node, k).update(d).digest("hex"));
          }),
          { numRuns: n(1500) },
        );
      });

      it("streaming HMAC-SHA-384 gives the same tag for two messages in a row under one key", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 1000 }), fc.integer({ min: 1, max: 200 }), async (k, d, chunk) => {
            const o = await m.out(96);
            await e.call("hmac384_twice", await m.put(k), k.length, await m.put(d), d.length, chunk, o);
            const both = await e.read(o, 96);
            await m.free();
            const want = createHmac("sha384", k).update(d).digest("hex");
            expect(hex(both.subarray(0, 48))).toBe(want);
            expect(hex(both.subarray(48))).toBe(want);
          }),
          { numRuns: n(300) },
        );
      });
    });

    describe("HKDF", () => {
      for (const v of vec("hkdf-rfc5869.json").vectors) {
        it(`matches RFC 5869 ${v.name}`, async () => {
          expect(await extract(256, unhex(v.salt), unhex(v.ikm))).toBe(v.prk);
          expect(await expand(256, unhex(v.prk), unhex(v.info), v.L)).toBe(v.okm);
        });
      }

      it("agrees with node:crypto hkdf for SHA-256 and SHA-384, output lengths up to 255 * HashLen", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }),
            fc.constantFrom(256, 384), fc.nat(1000), fc.boolean(),
            async (salt, ikm, info, kind, lenSeed, maxLen) => {
              const hl = kind / 8;
              const len = maxLen ? 255 * hl : lenSeed % (255 * hl + 1);
              const alg = kind === 256 ? "sha256" : "sha384";
              const prk = await extract(kind, salt, ikm);
              expect(prk).toBe(createHmac(alg, salt).update(ikm).digest("hex"));
              expect(await expand(kind, unhex(prk), info, len)).toBe(hex(new Uint8Array(hkdfSync(alg, ikm, salt, info, len))));
            },
          ),
          { numRuns: n(300) },
        );
      });

      it("zero-length output is empty and does not trap", async () => {
        expect(await expand(384, randomBytes(48), new Uint8Array(0), 0)).toBe("");
      });
    });

    describe("TLS 1.3 key schedule helpers (RFC 8446 §7.1)", () => {
      it("reproduce the RFC 8448 simple 1-RTT handshake secrets, keys and IVs", async () => {
        for (const s of vec("tls13-rfc8448.json").steps) {
          let got: string;
          if (s.op === "extract") got = await extract(256, unhex(s.salt), unhex(s.ikm));
          else if (s.op === "derive") got = await deriveSecret(256, unhex(s.secret), s.label, unhex(s.hash));
          else got = await expandLabel(256, unhex(s.secret), s.label, unhex(s.context), s.len);
          expect(got, s.name).toBe(s.out);
        }
      });

      // Reference HKDF-Expand-Label over @noble/hashes, written from RFC 8446 §7.1.
      function refLabel(label: string, ctx: Uint8Array, len: number): Uint8Array {
        const lab = Buffer.from("tls13 " + label);
        return Buffer.concat([Buffer.from([len >> 8, len & 255, lab.length]), lab, Buffer.from([ctx.length]), ctx]);
      }

      it("HKDF-Expand-Label-SHA384 and Derive-Secret-SHA384 agree with a reference built on @noble/hashes", async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 255 }), fc.integer({ min: 0, max: 255 * 48 }),
            async (secret, label, ctx, len) => {
              const want = hex(nobleExpand(nobleSha384, secret, refLabel(label, ctx, len), len));
              expect(await expandLabel(384, secret, label, ctx, len)).toBe(want);
              const th = ctx.length >= 48 ? ctx.subarray(0, 48) : new Uint8Array(48);
              expect(await deriveSecret(384, secret, label, th)).toBe(hex(nobleExpand(nobleSha384, secret, refLabel(label, th, 48), 48)));
            },
          ),
          { numRuns: n(300) },
        );
      });
    });
  });
}
