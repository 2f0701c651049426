// RA-TLS certificates (migtd.md §2.4): what the core builds is a well-formed self-signed X.509 v3
// certificate that independent parsers (@peculiar/x509, node:crypto) read field for field as
// MigTD's, and parseRaTlsCert gives back the key, quote and event log and refuses what is not a
// MigTD certificate.
import { X509Certificate, createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import "./reflect-shim";
import * as x509 from "@peculiar/x509";
import { TlsModule, makeIdentity } from "./harness";

let m: TlsModule;
beforeAll(async () => {
  m = await TlsModule.load();
});

const QUOTE = new Uint8Array(randomBytes(5006));
const LOG = new Uint8Array(randomBytes(1234));

export async function buildCert(mod: TlsModule, quote: Uint8Array, log: Uint8Array): Promise<{ priv: Uint8Array; pub: Uint8Array; der: Uint8Array }> {
  const q = await mod.put(quote);
  const l = await mod.put(log);
  const out = await mod.block(await mod.call("ratls_build", q, quote.length, l, log.length));
  await mod.free(q);
  await mod.free(l);
  expect(out.length).toBeGreaterThan(145);
  return { priv: out.slice(0, 48), pub: out.slice(48, 145), der: out.slice(145) };
}

interface Parsed {
  error: number;
  result: number;
  quote?: Uint8Array;
  log?: Uint8Array;
  pub?: Uint8Array;
  message?: string;
}

async function parse(der: Uint8Array): Promise<Parsed> {
  const b = await m.withBytes(der, async (p) => m.block(await m.call("ratls_parse", p, der.length)));
  const v = new DataView(b.buffer, b.byteOffset);
  const error = v.getInt32(0, true);
  const result = v.getInt32(4, true);
  if (error !== 0) return { error, result, message: Buffer.from(b.subarray(8)).toString() };
  const ql = v.getUint32(8, true);
  const quote = b.slice(12, 12 + ql);
  const ll = v.getUint32(12 + ql, true);
  const log = b.slice(16 + ql, 16 + ql + ll);
  return { error, result, quote, log, pub: b.slice(16 + ql + ll, 16 + ql + ll + 97) };
}

const OID = {
  keyUsage: "2.5.29.15",
  eku: "2.5.29.37",
  quote: "1.2.840.113741.1.5.5.1.2",
  eventLog: "1.2.840.113741.1.5.5.1.3",
};

describe("RA-TLS certificate", () => {
  it("has MigTD's subject, issuer, serial, validity, key and extensions in order", async () => {
    const { pub, der } = await buildCert(m, QUOTE, LOG);
    const c = new x509.X509Certificate(der);
    expect(c.serialNumber).toBe("01");
    expect(c.subject).toBe("C=XX, L=Default City, O=Default Company Ltd");
    expect(c.issuer).toBe(c.subject);
    expect(c.notBefore.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(c.notAfter.toISOString()).toBe("9999-12-31T23:59:59.000Z");
    expect(c.signatureAlgorithm).toMatchObject({ name: "ECDSA", hash: { name: "SHA-384" } });
    expect(c.extensions.map((e) => e.type)).toEqual([OID.keyUsage, OID.eku, OID.eventLog, OID.quote]);
    expect(c.extensions.map((e) => e.critical)).toEqual([true, false, false, false]);
    const ku = c.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const eku = c.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.usages).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.2.840.113741.1.5.5.1.1"]);
    const logExt = new Uint8Array(c.getExtension(OID.eventLog)!.value);
    expect(logExt.length).toBe(LOG.length + 1);
    expect(logExt.subarray(0, LOG.length)).toEqual(LOG);
    expect(logExt[LOG.length]).toBe(0xff);
    expect(new Uint8Array(c.getExtension(OID.quote)!.value)).toEqual(QUOTE);
    // DER: issuer and subject are PrintableString / UTF8String as MigTD writes them.
    const hex = Buffer.from(der).toString("hex");
    expect(hex).toContain("06035504061302585831"); // C = PrintableString "XX", then the next SET
    expect(hex).toContain("0c0c44656661756c742043697479"); // UTF8String "Default City"
    expect(hex).toContain("18 0f".replace(" ", "") + Buffer.from("19700101000000Z").toString("hex"));
    // Key.
    const spki = new Uint8Array(c.publicKey.rawData);
    expect(spki.subarray(spki.length - 97)).toEqual(pub);
  });

  it("is self-signed: node:crypto verifies its signature with its own key", async () => {
    const { der } = await buildCert(m, QUOTE, LOG);
    const c = new X509Certificate(Buffer.from(der));
    expect(c.verify(c.publicKey)).toBe(true);
    const p = new x509.X509Certificate(der);
    expect(await p.verify({ signatureOnly: true })).toBe(true);
  });

  it("round-trips through parseRaTlsCert with REPORTDATA = SHA-384(public key) || 0^16", async () => {
    const { pub, der } = await buildCert(m, QUOTE, LOG);
    const r = await parse(der);
    expect(r.error).toBe(0);
    expect(r.quote).toEqual(QUOTE);
    expect(r.log!.subarray(0, LOG.length)).toEqual(LOG);
    expect(r.pub).toEqual(pub);
    const dst = await m.put(new Uint8Array(64));
    await m.withBytes(pub, (p) => m.call("ratls_report_data", p, dst));
    const rd = await m.e.read(dst, 64);
    await m.free(dst);
    expect(Buffer.from(rd.subarray(0, 48))).toEqual(createHash("sha384").update(pub).digest());
    expect(rd.subarray(48)).toEqual(new Uint8Array(16));
  });

  it("carries a 60 KiB event log (Certificate messages over 2^14 bytes)", async () => {
    const big = new Uint8Array(randomBytes(60 * 1024));
    const { der } = await buildCert(m, QUOTE, big);
    const r = await parse(der);
    expect(r.error).toBe(0);
    expect(r.log!.length).toBe(big.length + 1);
  });

  it("refuses a certificate whose signature was altered (7: the key binding is broken)", async () => {
    const { der } = await buildCert(m, QUOTE, LOG);
    const bad = der.slice();
    bad[bad.length - 5] ^= 0x01;
    const r = await parse(bad);
    expect(r.error).toBe(0x1106);
    expect(r.result).toBe(7);
  });

  it("refuses a certificate whose signed contents were altered", async () => {
    const { der } = await buildCert(m, QUOTE, LOG);
    const bad = der.slice();
    const at = Buffer.from(bad).indexOf(Buffer.from(QUOTE.subarray(0, 16)));
    bad[at + 100] ^= 0x80;
    expect((await parse(bad)).error).toBe(0x1106);
  });

  it("refuses a certificate without the MigTD extended key usage, and garbage (6)", async () => {
    const plain = await makeIdentity("no eku");
    const r = await parse(plain.certDer);
    expect(r).toMatchObject({ error: 0x1103, result: 6 });
    const g = await parse(new Uint8Array(randomBytes(300)));
    expect(g).toMatchObject({ error: 0x1101, result: 6 });
  });
});
