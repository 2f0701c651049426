// Our client against our server, in memory: the full mutual-authentication handshake (with and
// without HelloRetryRequest), data both ways, large certificates and records, KeyUpdate, close,
// verifier rejections with MigTD's result codes, and end of stream at every handshake step.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ALERT, E, FLAG_CLIENT, FLAG_NO_KEY_SHARE, FLAG_REJECT, TlsModule, makeIdentity, pump, raTlsIdentity, splitRecords, type TlsHandle } from "./harness";

let m: TlsModule;
let cid: number;
let sid: number;
let certs: { client: Uint8Array; server: Uint8Array };

beforeAll(async () => {
  m = await TlsModule.load();
  const c = await makeIdentity("client");
  const s = await makeIdentity("server");
  cid = await m.identity(c);
  sid = await m.identity(s);
  certs = { client: c.certDer, server: s.certDer };
});

async function pair(cflags = 0, sflags = 0, code = 0, ids = { c: cid, s: sid }): Promise<{ c: TlsHandle; s: TlsHandle }> {
  const c = await m.engine(ids.c, FLAG_CLIENT | cflags, code);
  const s = await m.engine(ids.s, sflags, code);
  return { c, s };
}

async function readAll(h: TlsHandle): Promise<string> {
  return Buffer.from(await h.read()).toString();
}

describe("our client and our server", () => {
  it("complete a mutually authenticated handshake and exchange data both ways", async () => {
    const { c, s } = await pair();
    expect(await c.state()).toBe("ExpectServerHello");
    expect(await s.state()).toBe("ExpectClientHello");
    await pump(c, s);
    expect(await c.done()).toBe(true);
    expect(await s.done()).toBe(true);
    expect(await c.peerCert()).toEqual(certs.server);
    expect(await s.peerCert()).toEqual(certs.client);
    expect(await c.verifierCalls()).toBe(1);
    expect(await s.verifierCalls()).toBe(1);
    await c.write(new TextEncoder().encode("from client"));
    await s.write(new TextEncoder().encode("from server"));
    await pump(c, s);
    expect(await readAll(s)).toBe("from client");
    expect(await readAll(c)).toBe("from server");
    expect(await c.state()).toBe("Traffic");
  });

  it("go through a HelloRetryRequest when the first ClientHello has no secp384r1 share", async () => {
    const { c, s } = await pair(FLAG_NO_KEY_SHARE);
    const ch1 = await c.output();
    await s.feed(ch1);
    const hrr = await s.output();
    // HelloRetryRequest: a ServerHello whose random is the special value (§4.1.3).
    expect(Buffer.from(hrr.subarray(11, 43)).toString("hex")).toBe("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    await c.feed(hrr);
    await pump(c, s);
    expect(await c.done()).toBe(true);
    expect(await s.done()).toBe(true);
  });

  it("handle handshake messages split into single bytes and records carrying several messages", async () => {
    const { c, s } = await pair();
    const feedBytewise = async (to: TlsHandle, b: Uint8Array) => {
      for (let i = 0; i < b.length; i++) await to.feed(b.subarray(i, i + 1));
    };
    await feedBytewise(s, await c.output());
    const flight = await s.output();
    // The server flight: ServerHello in the clear, then EE..Finished coalesced in one record.
    expect(splitRecords(flight).length).toBe(2);
    await feedBytewise(c, flight);
    await feedBytewise(s, await c.output());
    expect(await c.done()).toBe(true);
    expect(await s.done()).toBe(true);
  });

  it("carry RA-TLS certificates with a 60 KiB event log (Certificate over many records)", async () => {
    const q = new Uint8Array(randomBytes(5000));
    const a = await raTlsIdentity(m, q, new Uint8Array(randomBytes(60 * 1024)));
    const b = await raTlsIdentity(m, q, new Uint8Array(randomBytes(60 * 1024)));
    const { c, s } = await pair(0, 0, 0, { c: await m.identity(a), s: await m.identity(b) });
    await c.feed(new Uint8Array(0));
    await s.feed(await c.output());
    const flight = await s.output();
    const recs = splitRecords(flight);
    expect(recs.length).toBeGreaterThan(4);
    for (const r of recs) expect(r.length).toBeLessThanOrEqual(5 + 16384 + 256);
    await c.feed(flight);
    await pump(c, s);
    expect(await c.done()).toBe(true);
    expect(await s.done()).toBe(true);
    expect(await c.peerCert()).toEqual(b.certDer);
    expect(await s.peerCert()).toEqual(a.certDer);
  });

  it("split application data into records of at most 2^14 bytes", async () => {
    const { c, s } = await pair();
    await pump(c, s);
    const big = new Uint8Array(randomBytes(100_000));
    expect(await c.write(big)).toBe(0);
    const out = await c.output();
    const recs = splitRecords(out);
    expect(recs.length).toBe(Math.ceil(big.length / 16384));
    for (const r of recs) expect(r.length).toBeLessThanOrEqual(5 + 16384 + 1 + 16);
    await s.feed(out);
    expect(await s.read()).toEqual(big);
  });

  it("send application data written before the handshake right after it", async () => {
    const { c, s } = await pair();
    expect(await c.write(new TextEncoder().encode("early"))).toBe(0);
    await pump(c, s);
    expect(await readAll(s)).toBe("early");
  });

  it("roll keys with KeyUpdate, answering a request", async () => {
    const { c, s } = await pair();
    await pump(c, s);
    expect(await c.updateKeys(true)).toBe(0);
    await c.write(new TextEncoder().encode("after update"));
    await pump(c, s);
    expect(await readAll(s)).toBe("after update");
    await s.write(new TextEncoder().encode("reply"));
    await pump(c, s);
    expect(await readAll(c)).toBe("reply");
    expect(await c.error()).toBeNull();
    expect(await s.error()).toBeNull();
  });

  it("close with close_notify: the peer sees PeerClosed, no error, and nothing more is sent", async () => {
    const { c, s } = await pair();
    await pump(c, s);
    await c.close();
    await pump(c, s);
    expect(await s.peerClosed()).toBe(true);
    expect(await s.state()).toBe("PeerClosed");
    expect(await s.error()).toBeNull();
    expect(await c.state()).toBe("Closed");
    expect(await c.write(new Uint8Array(1))).toBeLessThan(0);
    expect((await c.output()).length).toBe(0);
  });
});

describe("peer verification", () => {
  for (const code of [7, 8, 9, 6]) {
    it(`a server verifier rejecting the client's certificate with ${code} fails with ${code}; the client sees bad_certificate and 6`, async () => {
      const c = await m.engine(cid, FLAG_CLIENT);
      const s = await m.engine(sid, FLAG_REJECT, code);
      await pump(c, s);
      expect(await s.error()).toMatchObject({ code: E.CertificateRejected, alert: ALERT.bad_certificate, result: code });
      expect(await c.error()).toMatchObject({ code: E.PeerAlert, alert: ALERT.bad_certificate, result: 6 });
      expect(await s.done()).toBe(false);
    });
  }

  it("a client verifier rejecting the server's certificate stops before CertificateVerify and sends nothing of its own identity", async () => {
    const c = await m.engine(cid, FLAG_CLIENT | FLAG_REJECT, 8);
    const s = await m.engine(sid, 0);
    await s.feed(await c.output());
    await c.feed(await s.output());
    expect(await c.error()).toMatchObject({ code: E.CertificateRejected, result: 8 });
    const out = await c.output();
    // Only the encrypted alert: 5 + 2 + 1 + 16 bytes.
    expect(out.length).toBe(24);
    await s.feed(out);
    expect(await s.error()).toMatchObject({ code: E.PeerAlert, alert: ALERT.bad_certificate, result: 6 });
  });
});

describe("end of stream during the handshake", () => {
  // Steps: after ClientHello sent (server EOF), after server flight (client EOF), after client
  // flight but before the server processed it.
  it("gives PeerClosed (result 6) on whichever side is still handshaking, at every step", async () => {
    for (let step = 0; step < 3; step++) {
      const { c, s } = await pair();
      const ch = await c.output();
      if (step === 0) {
        await c.eof();
        expect(await c.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
        await s.eof();
        expect(await s.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
        continue;
      }
      await s.feed(ch);
      const flight = await s.output();
      if (step === 1) {
        await c.eof();
        await s.eof();
        expect(await c.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
        expect(await s.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
        continue;
      }
      await c.feed(flight);
      expect(await c.done()).toBe(true);
      await s.eof();
      expect(await s.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
      expect(await s.done()).toBe(false);
    }
  });
});
