// CRL revoked-entry reading (x509/crl.ts): each entry is read in place inside the list's window.
// Synthetic CRLs check the accepted entries (serials, in order) and the first error of a malformed
// entry; the real PCK CRL from the shared test data is checked against an independent DER walk.
import { describe, expect, it } from "vitest";
import { attestLib } from "./lib.ts";
import { describeShared, readShared } from "../helpers/shared.ts";

const lib = attestLib();
type CrlProbe = { ok: boolean; revoked?: string[]; thisUpdate?: number; nextUpdate?: number; message?: string };
const probe = (der: Uint8Array): CrlProbe => lib.callJson<CrlProbe>("crl_probe", der);

// DER TLV with a minimal definite length.
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const seq = (...p: Uint8Array[]) => tlv(0x30, ...p);
const int = (...b: number[]) => tlv(0x02, Uint8Array.from(b));
const utc = (s: string) => tlv(0x17, Buffer.from(s, "ascii"));
const ECDSA_SHA256 = seq(tlv(0x06, Uint8Array.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])));
const entry = (serial: number[], ...extra: Uint8Array[]) => seq(int(...serial), utc("250101000000Z"), ...extra);

function crl(list: Uint8Array): Uint8Array {
  const tbs = seq(int(1), ECDSA_SHA256, seq(), utc("250601000000Z"), utc("250701000000Z"), list);
  return seq(tbs, ECDSA_SHA256, tlv(0x03, Uint8Array.from([0, 1, 2, 3])));
}

describe("CRL revoked entries", () => {
  it("reads every entry's serial in order, with or without entry extensions", () => {
    const list = seq(entry([0x01]), entry([0x00, 0x80], seq()), entry([0x7f, 0x01, 0x02]));
    const p = probe(crl(list));
    expect(p.ok).toBe(true);
    expect(p.revoked).toEqual(["01", "0080", "7f0102"]);
    expect(p.thisUpdate).toBe(Date.UTC(2025, 5, 1) / 1000);
    expect(p.nextUpdate).toBe(Date.UTC(2025, 6, 1) / 1000);
  });

  it("an empty list is no entries", () => {
    expect(probe(crl(seq()))).toMatchObject({ ok: true, revoked: [] });
  });

  it("rejects an entry with trailing bytes, a non-SEQUENCE entry, a bad serial and a bad date", () => {
    expect(probe(crl(seq(entry([1]), entry([2], tlv(0x05)))))).toEqual({ ok: false, message: "DER: trailing bytes in revoked certificate" });
    expect(probe(crl(seq(entry([1]), int(2))))).toEqual({ ok: false, message: "DER: expected tag 0x30, found 0x2" });
    expect(probe(crl(seq(entry([0x00, 0x01]))))).toEqual({ ok: false, message: "DER: non-minimal INTEGER" });
    expect(probe(crl(seq(seq(int(1), utc("251301000000Z")))))).toEqual({ ok: false, message: "DER: malformed time" });
    expect(probe(crl(seq(seq(int(1)))))).toEqual({ ok: false, message: "DER: expected a time" });
  });

  it("an entry running past the list is an error, never a read beyond it", () => {
    const good = crl(seq(entry([1]), entry([2])));
    // Shorten the list's last entry's length byte so its contents end inside the serial's TLV.
    const bad = Uint8Array.from(good);
    const last = bad.length - 6 /* BIT STRING */ - 12 /* signatureAlgorithm */ - 20; // the second entry's header
    expect([bad[last], bad[last + 1]]).toEqual([0x30, 18]);
    bad[last + 1] = 0x02;
    expect(probe(bad)).toEqual({ ok: false, message: "DER: length runs past the enclosing element" });
  });
});

describeShared("CRL revoked entries (real PCK CRL)", () => {
  // Serials by a plain walk of tbsCertList: version, signature, issuer, thisUpdate, nextUpdate,
  // then the revokedCertificates SEQUENCE.
  function walk(der: Uint8Array): string[] {
    const read = (b: Uint8Array, at: number) => {
      let len = b[at + 1], p = at + 2;
      if (len & 0x80) {
        const n = len & 0x7f;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + b[p + i];
        p += n;
      }
      return { tag: b[at], body: p, end: p + len };
    };
    const outer = read(der, 0);
    const tbs = read(der, outer.body);
    let at = tbs.body;
    for (let i = 0; i < 5; i++) at = read(der, at).end;
    const list = read(der, at);
    expect(list.tag).toBe(0x30);
    const out: string[] = [];
    for (let e = list.body; e < list.end; e = read(der, e).end) {
      const serial = read(der, read(der, e).body);
      out.push(Buffer.from(der.subarray(serial.body, serial.end)).toString("hex"));
    }
    return out;
  }

  it("gives the same serials as the walk", () => {
    const coll = JSON.parse(readShared("testdata", "collateral", "phala_tdx_v4_b0c06f_collateral.json").toString("utf8"));
    const der = Buffer.from(coll.pck_crl, "hex");
    const p = probe(der);
    expect(p.ok).toBe(true);
    const want = walk(der);
    expect(want.length).toBeGreaterThan(0);
    expect(p.revoked).toEqual(want);
  });
});
