// Known-answer tests for ECDSA: RFC 6979 deterministic signatures (A.2.5 P-256/SHA-256, A.2.6
// P-384/SHA-384) and NIST CAVP FIPS 186-4 records, with failing variants derived from each.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { EcCore, engineFactories, ROOT, hex, toHex, concat } from "./ec.harness";

interface Rfc6979Case { curve: string; hash: string; message: string; priv: string; ux: string; uy: string; r: string; s: string }
interface CavpCase { name: string; curve: string; hash: string; result: boolean; msg: string; digest?: string; d?: string; qx: string; qy: string; r: string; s: string }

const rfc = JSON.parse(readFileSync(join(ROOT, "test/vectors/ec-rfc6979.json"), "utf8")) as { cases: Rfc6979Case[] };
const cavp = JSON.parse(readFileSync(join(ROOT, "test/vectors/ec-cavp-sigver.json"), "utf8")) as { cases: CavpCase[] };

const bitsOf = (curve: string) => (curve === "P-256" ? 256 : 384) as 256 | 384;
const hashName = (h: string) => h.replace("-", "").toLowerCase();

for (const f of engineFactories()) {
  describe(`ECDSA known answers (${f.name})`, () => {
    let core: EcCore;
    beforeAll(async () => {
      core = new EcCore(await f.make());
    });
    afterAll(async () => core.e.close());

    for (const c of rfc.cases) {
      const bits = bitsOf(c.curve);
      const digest = createHash(hashName(c.hash)).update(c.message).digest();
      it(`RFC 6979 ${c.curve}/${c.hash} "${c.message}": deterministic signature equals the RFC's r, s`, async () => {
        const sig = await core.signDeterministic(bits, hex(c.priv), digest);
        expect(sig && toHex(sig)).toBe(c.r + c.s);
      });
      it(`RFC 6979 ${c.curve} "${c.message}": public key from the private key equals the RFC's U`, async () => {
        const pub = await core.publicFromPrivate(bits, hex(c.priv));
        expect(pub && toHex(pub)).toBe("04" + c.ux + c.uy);
      });
      it(`RFC 6979 ${c.curve}/${c.hash} "${c.message}": the RFC signature verifies, a tampered one does not`, async () => {
        const pub = hex("04" + c.ux + c.uy);
        expect(await core.verify(bits, pub, digest, hex(c.r + c.s))).toBe(true);
        const bad = hex(c.r + c.s);
        bad[bad.length - 1] ^= 1;
        expect(await core.verify(bits, pub, digest, bad)).toBe(false);
      });
    }

    it("P-384 hedged signing differs from the deterministic one yet verifies", async () => {
      const c = rfc.cases.find((x) => x.curve === "P-384")!;
      const digest = createHash("sha384").update(c.message).digest();
      const sig = await core.p384Sign(hex(c.priv), digest);
      expect(sig).not.toBeNull();
      expect(toHex(sig!)).not.toBe(c.r + c.s);
      expect(await core.verify(384, hex("04" + c.ux + c.uy), digest, sig!)).toBe(true);
    });

    for (const c of cavp.cases) {
      const bits = bitsOf(c.curve);
      const digest = createHash(hashName(c.hash)).update(Buffer.from(c.msg, "hex")).digest();
      const pub = hex("04" + c.qx + c.qy);
      const sig = hex(c.r + c.s);
      it(`CAVP ${c.name}: verifies as ${c.result ? "valid" : "invalid"}`, async () => {
        if (c.digest) expect(toHex(digest)).toBe(c.digest);
        expect(await core.verify(bits, pub, digest, sig)).toBe(c.result);
        if (c.d) expect(toHex((await core.publicFromPrivate(bits, hex(c.d)))!)).toBe("04" + c.qx + c.qy);
      });
      it(`CAVP ${c.name}: tampered message, r, s, Qx or Qy are rejected`, async () => {
        const d2 = Uint8Array.from(digest);
        d2[0] ^= 0x80;
        expect(await core.verify(bits, pub, d2, sig)).toBe(false);
        for (const at of [0, sig.length / 2, sig.length - 1]) {
          const s2 = Uint8Array.from(sig);
          s2[at] ^= 0x10;
          expect(await core.verify(bits, pub, digest, s2)).toBe(false);
        }
        // A different valid point: the curve point 2Q is not available here, so swap r and s.
        expect(await core.verify(bits, pub, digest, concat(sig.subarray(sig.length / 2), sig.subarray(0, sig.length / 2)))).toBe(false);
        for (const at of [1, pub.length - 1]) {
          const p2 = Uint8Array.from(pub);
          p2[at] ^= 1; // off the curve (or, rarely, >= p): rejected either way
          expect(await core.verify(bits, p2, digest, sig)).toBe(false);
        }
      });
    }
  });
}
