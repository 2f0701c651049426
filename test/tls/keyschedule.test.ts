// The SHA-384 key schedule (RFC 8446 §7.1), Finished (§4.4.4) and record protection (§5.2-5.3)
// against an independent computation with node:crypto. RFC 8448's traces use SHA-256 and X25519,
// a suite this engine does not have, so the same derivation steps are recomputed here for
// TLS_AES_256_GCM_SHA384 from the RFC's formulas.
import { createCipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TlsModule } from "./harness";

const hmac = (k: Uint8Array, d: Uint8Array) => new Uint8Array(createHmac("sha384", k).update(d).digest());
const sha384 = (d: Uint8Array) => new Uint8Array(createHash("sha384").update(d).digest());

// RFC 5869 §2.3 HKDF-Expand.
function expand(prk: Uint8Array, info: Uint8Array, len: number): Uint8Array {
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(out).length < len; i++) {
    t = createHmac("sha384", prk).update(Buffer.concat([t, info, Buffer.from([i])])).digest();
    out.push(t);
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, len));
}

// RFC 8446 §7.1 HKDF-Expand-Label.
function expandLabel(secret: Uint8Array, label: string, ctx: Uint8Array, len: number): Uint8Array {
  const l = Buffer.from("tls13 " + label);
  const info = Buffer.concat([Buffer.from([len >> 8, len & 255, l.length]), l, Buffer.from([ctx.length]), ctx]);
  return expand(secret, info, len);
}

let m: TlsModule;
beforeAll(async () => {
  m = await TlsModule.load();
});

describe("TLS 1.3 key schedule with SHA-384", () => {
  it("derives the handshake and application traffic secrets and Finished values of RFC 8446 §7.1", async () => {
    const z = new Uint8Array(randomBytes(48));
    const hello = new Uint8Array(randomBytes(48));
    const fin = new Uint8Array(randomBytes(48));
    const app = new Uint8Array(randomBytes(48));
    const zero = new Uint8Array(48);
    const early = hmac(zero, zero);
    const empty = sha384(new Uint8Array(0));
    const hs = hmac(expandLabel(early, "derived", empty, 48), z);
    const chs = expandLabel(hs, "c hs traffic", hello, 48);
    const shs = expandLabel(hs, "s hs traffic", hello, 48);
    const master = hmac(expandLabel(hs, "derived", empty, 48), zero);
    const cap = expandLabel(master, "c ap traffic", app, 48);
    const sap = expandLabel(master, "s ap traffic", app, 48);
    const cfin = hmac(expandLabel(chs, "finished", new Uint8Array(0), 48), fin);
    const sfin = hmac(expandLabel(shs, "finished", new Uint8Array(0), 48), fin);

    const ptrs = await Promise.all([z, hello, fin, app].map((b) => m.put(b)));
    const dst = await m.put(new Uint8Array(288));
    await m.call("ks_derive", ...ptrs, dst);
    const got = await m.e.read(dst, 288);
    for (const p of [...ptrs, dst]) await m.free(p);
    expect(got.subarray(0, 48)).toEqual(chs);
    expect(got.subarray(48, 96)).toEqual(shs);
    expect(got.subarray(96, 144)).toEqual(cap);
    expect(got.subarray(144, 192)).toEqual(sap);
    expect(got.subarray(192, 240)).toEqual(cfin);
    expect(got.subarray(240, 288)).toEqual(sfin);
  });

  it("protects records with AES-256-GCM, nonce = iv XOR sequence number, header as AAD (§5.2-5.3)", async () => {
    const secret = new Uint8Array(randomBytes(48));
    const key = expandLabel(secret, "key", new Uint8Array(0), 32);
    const iv = expandLabel(secret, "iv", new Uint8Array(0), 12);
    const pt = new Uint8Array(randomBytes(100));
    for (const seq of [0, 1, 5]) {
      const rec = await m.withBytes(secret, async (sp) => m.withBytes(pt, async (pp) => m.block(await m.call("record_seal", sp, seq, pp, pt.length))));
      const nonce = Buffer.from(iv);
      nonce[11] ^= seq;
      const header = Buffer.from([23, 3, 3, 0, pt.length + 1 + 16]);
      const c = createCipheriv("aes-256-gcm", key, nonce);
      c.setAAD(header);
      const body = Buffer.concat([c.update(Buffer.concat([pt, Buffer.from([23])])), c.final(), c.getAuthTag()]);
      expect(Buffer.from(rec)).toEqual(Buffer.concat([header, body]));
    }
  });
});
